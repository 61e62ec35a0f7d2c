// HIP-17 hex density scaling (helium/HIP 0017-hex-density-based-transmit-reward-scaling).
//
// Hotspots are counted in the resolution-11 parents of their asserted res-12
// cells, then rolled up resolution by resolution (10 down to 4). At each
// resolution r a hex's count is clipped to a limit that grows with the number
// of its occupied neighbours:
//
//   occupied(h) = #{ g ∈ gridDisk(h, 1) : unclipped(g) ≥ target_r }   (h itself included)
//   limit(h)    = min(max_r, target_r × (max(occupied(h) − N_r, 0) + 1))
//   clipped(h)  = min(unclipped(h), limit(h))
//   unclipped(parent) = Σ clipped(children)
//
// and the transmit scale of a res-12 hex is Π_r clipped(parent_r) / unclipped(parent_r):
// a hotspot in a hex that is over-full at any resolution is scaled down by the
// share of the crowd that still counts.
//
// Defaults are HIP-17's chain variables (hip17_res_4 … hip17_res_10 as
// "N,target,max": 1,250,800 / 1,100,400 / 1,25,100 / 2,5,20 / 2,1,4 / 2,1,2 / 2,1,1).
// Helium's density scaler replaced them with HIP-104's in 2024-01 (helium/oracles
// b7df3368); the `helium` rule profile uses those (verify/stages/helium-density.ts,
// docs/helium-profile.md §4.8). Resolutions 0–3, 11 and 12 are not clipped.
//
// helium/oracles decides `occupied` from a map in which some neighbours are
// already clipped; since every max ≥ target, clipping never moves a count across
// the target, so that is order-independent too. We use the unclipped counts of
// the neighbours, which gives the same result for such parameters and is a
// function of the set of locations for any.
//
// Integers throughout: counts are integers and the scale is
// floor(UNIT × Πclipped / Πunclipped) with bigint products.

import { cellToParent, getResolution, gridDisk, isValidCell } from "h3-js";
import { UNIT_N } from "./fixed-point";

export interface DensityResolutionConfig {
  resolution: number;
  /** HIP-17 N: occupied neighbours allowed before the limit starts to grow. */
  neighbors: number;
  target: number;
  max: number;
}

export interface DensityConfig {
  /** clipped resolutions; any order, each at most once, all below 11. */
  resolutions: DensityResolutionConfig[];
}

export const DEFAULT_DENSITY_CONFIG: DensityConfig = {
  resolutions: [
    { resolution: 4, neighbors: 1, target: 250, max: 800 },
    { resolution: 5, neighbors: 1, target: 100, max: 400 },
    { resolution: 6, neighbors: 1, target: 25, max: 100 },
    { resolution: 7, neighbors: 2, target: 5, max: 20 },
    { resolution: 8, neighbors: 2, target: 1, max: 4 },
    { resolution: 9, neighbors: 2, target: 1, max: 2 },
    { resolution: 10, neighbors: 2, target: 1, max: 1 },
  ],
};

/** Resolution at which hotspots are first counted (the parent of res-12 asserts). */
export const DENSITY_BASE_RESOLUTION = 11;
export const ASSERTED_RESOLUTION = 12;

export interface HexDensity {
  /** transmit scale per asserted res-12 cell, in UNIT (10000 = 1.0). */
  scaleByCell: Map<string, number>;
  /** unclipped and clipped counts of every hex touched, for inspection and tests. */
  unclipped: Map<string, number>;
  clipped: Map<string, number>;
}

function sortedLevels(config: DensityConfig): DensityResolutionConfig[] {
  const levels = [...config.resolutions].sort((a, b) => b.resolution - a.resolution);
  const seen = new Set<number>();
  for (const l of levels) {
    if (!Number.isInteger(l.resolution) || l.resolution < 0 || l.resolution >= DENSITY_BASE_RESOLUTION) throw new RangeError(`density resolution ${l.resolution} must be in 0..10`);
    if (seen.has(l.resolution)) throw new RangeError(`density resolution ${l.resolution} configured twice`);
    seen.add(l.resolution);
    for (const v of [l.neighbors, l.target, l.max]) if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`density parameters must be non-negative integers (res ${l.resolution})`);
  }
  return levels;
}

/**
 * Computes HIP-17 scales for the given asserted res-12 locations (one entry
 * per counted hotspot; duplicates mean several hotspots in one hex).
 */
export function computeHexDensity(locations: Iterable<string>, config: DensityConfig = DEFAULT_DENSITY_CONFIG): HexDensity {
  const levels = sortedLevels(config);
  const unclipped = new Map<string, number>();
  const clipped = new Map<string, number>();
  const asserted = new Set<string>();

  for (const loc of locations) {
    if (!isValidCell(loc) || getResolution(loc) !== ASSERTED_RESOLUTION) throw new RangeError(`asserted location ${loc} is not a res-12 cell`);
    asserted.add(loc);
    const base = cellToParent(loc, DENSITY_BASE_RESOLUTION);
    unclipped.set(base, (unclipped.get(base) ?? 0) + 1);
  }
  for (const [cell, n] of unclipped) clipped.set(cell, n);

  let current = [...unclipped.keys()];
  for (const level of levels) {
    const parents = new Set<string>();
    for (const cell of current) {
      const parent = cellToParent(cell, level.resolution);
      unclipped.set(parent, (unclipped.get(parent) ?? 0) + clipped.get(cell)!);
      parents.add(parent);
    }
    for (const parent of parents) {
      let occupied = 0;
      for (const g of gridDisk(parent, 1)) if ((unclipped.get(g) ?? 0) >= level.target) occupied++;
      const limit = Math.min(level.max, level.target * (Math.max(occupied - level.neighbors, 0) + 1));
      clipped.set(parent, Math.min(unclipped.get(parent)!, limit));
    }
    current = [...parents];
  }

  const scaleByCell = new Map<string, number>();
  for (const loc of asserted) {
    let num = 1n;
    let den = 1n;
    for (const level of levels) {
      const parent = cellToParent(loc, level.resolution);
      num *= BigInt(clipped.get(parent)!);
      den *= BigInt(unclipped.get(parent)!);
    }
    scaleByCell.set(loc, Number((UNIT_N * num) / den));
  }
  return { scaleByCell, unclipped, clipped };
}
