// Modeled H3 coverage and coverage scores.
//
// Each active hotspot (asserted, PoC trust > 0 this epoch) covers the cells at
// the coverage resolution whose centres its predicted RSSI reaches at or above
// the weakest signal level. With measured radio (the hexpin PoC profile's
// `outcome.radio`), only hotspots the verifier measured are active, the budget
// is the smaller of claim and measurement (propagation.ts measuredBudgetDb), and
// no cell beyond the distance it was verifiably heard at is covered. Per cell, the covering hotspots are ranked by
// predicted RSSI (deci-dBm, higher first), then seniority (`onboardedAt`
// older first), then key; the first `rankMultipliersBps.length` ranks earn
//   points(signal level) × rankMultiplier(rank) × boost(cell)
// and the rest earn nothing there. A hotspot's coverage score is the sum over
// its cells; its allocation weight is score × trustBps. (Shape after Helium
// MOBILE's modeled coverage points and per-hex rank multipliers 1, 0.5, 0.25;
// the point values are ours.)
//
// Resolution trade-off: asserted locations stay res-12 (≈ 9 m hexes), but
// scoring coverage at res 12 would mean ~10^5 cells per hotspot for a 1.6 km
// radius. The default coverage resolution is 8 (≈ 0.74 km² cells, centres
// ≈ 0.9 km apart): a typical hotspot covers ~10–20 cells, 100k hotspots cost a
// few million (hotspot, cell) pairs, and a cell is still about the size of a
// neighbourhood, which is the granularity a coverage map is read at. Res 9
// (0.1 km²) is ~7× the work; anything finer only makes sense for small fleets.
// Signals are evaluated at cell centres, so a hotspot whose radius is smaller
// than half a cell may cover only its own cell.
//
// Integers: RSSI is floored to deci-dBm before ranking or level decisions;
// points, rank multipliers (bps) and boosts are integers, sums are checked
// safe integers, weights are bigints.

import { cellToLatLng, cellToParent, getHexagonEdgeLengthAvg, getResolution, greatCircleDistance, gridDisk, isValidCell, UNITS } from "h3-js";
import type { HotspotInfo, MeasuredRadio } from "../types";
import { addSafe } from "./fixed-point";
import { DEFAULT_LINK_BUDGET, effectiveBudgetDb, LinkBudgetConfig, measuredBudgetDb, predictedRssiDbm10, rangeForRssiM } from "./propagation";

export interface SignalLevel {
  name: string;
  /** a cell is at this level when predicted RSSI ≥ this, tenths of dBm. */
  minRssiDbm10: number;
  /** hex points at this level. */
  points: number;
}

export interface CoverageConfig {
  /** H3 resolution at which coverage is scored and mapped (asserts stay res 12). */
  resolution: number;
  linkBudget: LinkBudgetConfig;
  /** strongest first; the last one's threshold is the receiver sensitivity. */
  signalLevels: SignalLevel[];
  /** multiplier for rank 1, 2, … in bps; ranks beyond the list earn 0. */
  rankMultipliersBps: number[];
  /** integer multiplier per cell at the coverage resolution (absent = 1). */
  boostedHexes: Record<string, number>;
  /** hard bound on the search radius in cell rings, whatever the link budget says. */
  maxRings: number;
}

export const DEFAULT_COVERAGE_CONFIG: CoverageConfig = {
  resolution: 8,
  linkBudget: DEFAULT_LINK_BUDGET,
  signalLevels: [
    { name: "strong", minRssiDbm10: -1000, points: 4 },
    { name: "medium", minRssiDbm10: -1100, points: 2 },
    { name: "weak", minRssiDbm10: -1200, points: 1 },
  ],
  rankMultipliersBps: [10_000, 5_000, 2_500],
  boostedHexes: {},
  maxRings: 12,
};

export function validateCoverageConfig(c: CoverageConfig): void {
  if (!Number.isInteger(c.resolution) || c.resolution < 0 || c.resolution > 12) throw new RangeError("coverage resolution must be 0..12");
  if (c.signalLevels.length === 0) throw new RangeError("at least one signal level is needed");
  for (let i = 0; i < c.signalLevels.length; i++) {
    const l = c.signalLevels[i];
    if (!Number.isSafeInteger(l.minRssiDbm10) || !Number.isSafeInteger(l.points) || l.points < 0) throw new RangeError(`bad signal level ${l.name}`);
    if (i > 0 && l.minRssiDbm10 >= c.signalLevels[i - 1].minRssiDbm10) throw new RangeError("signal levels must be strongest first");
  }
  for (const m of c.rankMultipliersBps) if (!Number.isSafeInteger(m) || m < 0) throw new RangeError("rank multipliers must be non-negative integers");
  for (const [cell, boost] of Object.entries(c.boostedHexes)) {
    if (!isValidCell(cell) || getResolution(cell) !== c.resolution) throw new RangeError(`boosted hex ${cell} is not a cell at resolution ${c.resolution}`);
    if (!Number.isSafeInteger(boost) || boost < 0) throw new RangeError(`boost of ${cell} must be a non-negative integer`);
  }
  if (!Number.isInteger(c.maxRings) || c.maxRings < 0) throw new RangeError("maxRings must be a non-negative integer");
}

/** One cell's aggregate: how many active hotspots reach it and who ranks. */
export interface CellCoverage {
  /** active hotspots predicted to reach this cell. */
  hotspots: number;
  /** best predicted RSSI, tenths of dBm. */
  bestRssiDbm10: number;
  /** keys of the ranked hotspots, rank 1 first (at most rankMultipliersBps.length). */
  ranked: string[];
  /** their predicted RSSI, parallel to `ranked`. */
  rankedRssiDbm10: number[];
}

export interface CoverageResult {
  resolution: number;
  /** per hotspot Σ points × rank bps × boost (before trust); only non-zero. */
  scores: Map<string, number>;
  /** score × trustBps; the coverage allocation weight. */
  weights: Map<string, bigint>;
  cells: Map<string, CellCoverage>;
  /** (hotspot, cell) pairs evaluated above the weakest level. */
  coveredPairs: number;
}

export function signalLevelOf(rssiDbm10: number, levels: readonly SignalLevel[]): SignalLevel | undefined {
  return levels.find((l) => rssiDbm10 >= l.minRssiDbm10);
}

/** Mutable per-cell working state: count, best, and a bounded ranked list. */
class CellAccumulator {
  hotspots = 0;
  best = -Infinity;
  // parallel arrays kept sorted by (rssi desc, seniority asc)
  readonly rssi: number[] = [];
  readonly seniority: number[] = [];

  add(rssi: number, seniority: number, keep: number): void {
    this.hotspots++;
    if (rssi > this.best) this.best = rssi;
    let i = this.rssi.length;
    while (i > 0 && (this.rssi[i - 1] < rssi || (this.rssi[i - 1] === rssi && this.seniority[i - 1] > seniority))) i--;
    if (i >= keep) return;
    this.rssi.splice(i, 0, rssi);
    this.seniority.splice(i, 0, seniority);
    if (this.rssi.length > keep) {
      this.rssi.pop();
      this.seniority.pop();
    }
  }
}

/** Orders hotspots by seniority: onboardedAt ascending, then key. */
export function bySeniority(a: HotspotInfo, b: HotspotInfo): number {
  return a.onboardedAt - b.onboardedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Scores coverage for the hotspots with trust > 0 and an asserted location.
 * Input order does not matter: ranking uses a strict total order.
 */
export function computeCoverage(
  hotspots: Iterable<HotspotInfo>,
  trustBps: Readonly<Record<string, number>>,
  config: CoverageConfig = DEFAULT_COVERAGE_CONFIG,
  onProgress?: (done: number, total: number) => void,
  radio?: Readonly<Record<string, MeasuredRadio>>,
): CoverageResult {
  validateCoverageConfig(config);
  const active = [...hotspots].filter((h) => h.location !== null && (trustBps[h.key] ?? 0) > 0 && (!radio || radio[h.key] !== undefined)).sort(bySeniority);
  const keep = config.rankMultipliersBps.length;
  const weakest = config.signalLevels[config.signalLevels.length - 1].minRssiDbm10;
  // centres of neighbouring cells are ≈ √3 × edge apart; 0.75 of that keeps the ring bound conservative
  const ringSpacingM = Math.sqrt(3) * getHexagonEdgeLengthAvg(config.resolution, UNITS.m) * 0.75;
  const cells = new Map<string, CellAccumulator>();
  const centres = new Map<string, [number, number]>();
  let coveredPairs = 0;

  active.forEach((h, seniority) => {
    const origin = cellToLatLng(h.location!);
    const measured = radio?.[h.key];
    const budget = measured ? measuredBudgetDb(h, measured.offsetDb10, config.linkBudget) : effectiveBudgetDb(h, config.linkBudget);
    const reachM = measured ? measured.reachM : Infinity;
    const rangeM = Math.min(reachM, rangeForRssiM(budget, weakest, config.linkBudget));
    const rings = Math.min(config.maxRings, Math.ceil(rangeM / ringSpacingM) + 1);
    const home = cellToParent(h.location!, config.resolution);
    for (const cell of gridDisk(home, rings)) {
      let centre = centres.get(cell);
      if (centre === undefined) {
        centre = cellToLatLng(cell);
        centres.set(cell, centre);
      }
      const distanceM = greatCircleDistance(origin, centre, UNITS.m);
      if (distanceM > reachM && cell !== home) continue;
      const rssi = predictedRssiDbm10(budget, distanceM, config.linkBudget);
      if (rssi < weakest) continue;
      coveredPairs++;
      let acc = cells.get(cell);
      if (acc === undefined) {
        acc = new CellAccumulator();
        cells.set(cell, acc);
      }
      acc.add(rssi, seniority, keep);
    }
    if (onProgress && (seniority + 1) % 5000 === 0) onProgress(seniority + 1, active.length);
  });

  const scores = new Map<string, number>();
  const out = new Map<string, CellCoverage>();
  for (const [cell, acc] of cells) {
    const boost = config.boostedHexes[cell] ?? 1;
    const ranked: string[] = [];
    acc.seniority.forEach((s, rank) => {
      const key = active[s].key;
      ranked.push(key);
      const level = signalLevelOf(acc.rssi[rank], config.signalLevels)!;
      const earned = level.points * config.rankMultipliersBps[rank] * boost;
      if (earned > 0) addSafe(scores, key, earned);
    });
    out.set(cell, { hotspots: acc.hotspots, bestRssiDbm10: acc.best, ranked, rankedRssiDbm10: acc.rssi });
  }
  const weights = new Map<string, bigint>();
  for (const [key, score] of scores) weights.set(key, BigInt(score) * BigInt(trustBps[key]));
  if (onProgress) onProgress(active.length, active.length);
  return { resolution: config.resolution, scores, weights, cells: out, coveredPairs };
}
