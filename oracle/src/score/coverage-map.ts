// The coverage map as GeoJSON (RFC 7946): one Polygon feature per covered
// cell, sorted by cell index so the document is byte-stable for a given
// coverage result. Rings are [lng, lat], closed, counter-clockwise as h3-js
// emits them; coordinates are rounded to 7 decimals (~1 cm), which is display
// data only and never feeds back into rewards.

import { cellToBoundary } from "h3-js";
import { CellCoverage, CoverageResult, signalLevelOf, SignalLevel } from "./coverage";

export interface CoverageFeatureProperties {
  h3: string;
  /** name of the strongest signal level predicted in the cell. */
  signal: string;
  bestRssiDbm: number;
  /** active hotspots predicted to reach the cell. */
  hotspots: number;
  /** hotspots earning a rank multiplier in the cell. */
  rewardedHotspots: number;
  /** ranked hotspot keys, rank 1 first. */
  ranked: string[];
  boost: number;
}

export interface CoverageFeature {
  type: "Feature";
  geometry: { type: "Polygon"; coordinates: [number, number][][] };
  properties: CoverageFeatureProperties;
}

export interface CoverageMap {
  type: "FeatureCollection";
  features: CoverageFeature[];
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

export function coverageFeature(cell: string, c: CellCoverage, levels: readonly SignalLevel[], boost: number): CoverageFeature {
  const ring = cellToBoundary(cell, true).map(([lng, lat]) => [round7(lng), round7(lat)] as [number, number]);
  return {
    type: "Feature",
    geometry: { type: "Polygon", coordinates: [ring] },
    properties: {
      h3: cell,
      signal: signalLevelOf(c.bestRssiDbm10, levels)?.name ?? "none",
      bestRssiDbm: c.bestRssiDbm10 / 10,
      hotspots: c.hotspots,
      rewardedHotspots: c.ranked.length,
      ranked: c.ranked,
      boost,
    },
  };
}

export function coverageMap(coverage: CoverageResult, levels: readonly SignalLevel[], boostedHexes: Readonly<Record<string, number>> = {}): CoverageMap {
  const cells = [...coverage.cells.keys()].sort();
  return {
    type: "FeatureCollection",
    features: cells.map((cell) => coverageFeature(cell, coverage.cells.get(cell)!, levels, boostedHexes[cell] ?? 1)),
  };
}
