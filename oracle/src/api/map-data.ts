// The JSON the coverage map page consumes, as typed shapes, and the pure
// functions that build them from an epoch's result (`computeEpoch` output) and
// the registry it was computed over (`HotspotInfo`). The service only wires
// these to routes (see map-routes.ts):
//
//   GET /v1/coverage?bbox=&epoch=   CoverageCollection  scored H3 hexes
//   GET /v1/hotspots?bbox=&epoch=   HotspotCollection   hotspots with status
//   GET /v1/hotspots/:key           HotspotDetail       rewards per epoch, claimed
//   GET /v1/epochs                  EpochTimeline       emission, roots, claims
//
// Money is a decimal string of integer base units (JSON has no bigint, and a
// double loses exactness past 2^53); the page divides by 10^decimals only for
// display. Geometry is display data: coordinates rounded to 7 decimals (~1 cm),
// never fed back into rewards. Trust and flags are read from the epoch's PoC
// outcome, never recomputed here.

import { rewardId } from "@hexpin/sdk";
import { cellToLatLng, getHexagonEdgeLengthAvg, getResolution, UNITS } from "h3-js";
import type { CoverageConfig } from "../score/coverage";
import { signalLevelOf } from "../score/coverage";
import { coverageFeature, CoverageFeature, CoverageFeatureProperties } from "../score/coverage-map";
import type { EpochResult } from "../epoch/compute-epoch";
import type { HotspotInfo } from "../types";

/** A decimal string of non-negative integer base units, e.g. "1250000". */
export type BaseUnits = string;

/** [west, south, east, north] in degrees, GeoJSON order; west > east crosses the antimeridian. */
export type BBox = [number, number, number, number];

/**
 * How the epoch treated a hotspot, from its PoC trust:
 * - `valid`: took part with trust ≥ VALID_TRUST_BPS (under the hexpin profile trust is
 *   earned from zero, moving half the gap to its evidence each epoch, so a hotspot
 *   with full evidence shows valid from its first epoch; helium-derived: full trust);
 * - `flagged`: took part, trust above 0 but below that: little independent evidence, or
 *   cut by a rule (reciprocity, geometry, link bias, …);
 * - `rejected`: took part and lost all trust (e.g. signed evidence of fraud);
 * - `inactive`: no location asserted, or no report of it counted this epoch.
 */
export type HotspotStatus = "valid" | "flagged" | "rejected" | "inactive";

export const HOTSPOT_STATUSES: readonly HotspotStatus[] = ["valid", "flagged", "rejected", "inactive"];

/** The trust (bps) from which a hotspot shows as `valid`. */
export const VALID_TRUST_BPS = 5_000;

/** An epoch's place in the oracle's pipeline (issue 9's state machine). */
export type EpochStatus = "open" | "frozen" | "computed" | "voted" | "active";

// ---------- coverage ----------

export interface CoverageHexProperties extends CoverageFeatureProperties {
  /**
   * coverage points the hex pays this epoch: Σ over its ranked hotspots of
   * points(signal level) × rank multiplier × boost (before trust), e.g. 4 for
   * one strong hotspot, 4 + 2 + 1 for three. What the map colours by.
   */
  score: number;
}

export interface CoverageHex {
  type: "Feature";
  geometry: CoverageFeature["geometry"];
  properties: CoverageHexProperties;
}

export interface CoverageCollection {
  type: "FeatureCollection";
  epoch: number;
  /** true when features were cut at the route's limit (zoom in, or pass a bbox). */
  truncated: boolean;
  features: CoverageHex[];
}

// ---------- hotspots ----------

export interface HotspotProperties {
  /** base58 hardware key. */
  key: string;
  /** the id its rewards are committed under: "<key>:<serial>". */
  rewardId: string;
  owner: string;
  status: HotspotStatus;
  /** PoC trust this epoch, 0..10000, or null when the hotspot did not take part. */
  trustBps: number | null;
  /** asserted H3 res-12 cell. */
  location: string;
  gainDbi10: number;
  elevationM: number;
  /** this epoch's reward, base units: PoC + coverage = total. */
  poc: BaseUnits;
  coverage: BaseUnits;
  total: BaseUnits;
  /** cumulative committed for its reward id by this epoch's root. */
  cumulative: BaseUnits;
  /** coverage score before trust (Σ points × rank bps × boost), 0 when it covered nothing. */
  coverageScore: number;
  /** valid beacons it sent this epoch. */
  beacons: number;
  /** times it was selected as a rewarded witness this epoch. */
  witnessed: number;
}

export interface HotspotFeature {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: HotspotProperties;
}

export interface HotspotCollection {
  type: "FeatureCollection";
  epoch: number;
  truncated: boolean;
  /** hotspots per status over the whole epoch (not only those in the bbox). */
  counts: Record<HotspotStatus, number>;
  features: HotspotFeature[];
}

// ---------- epochs ----------

export interface EpochClaims {
  /** hotspots that have claimed some of this epoch's rewards (from the chain's `claimed` amounts). */
  count: number;
  /** how much of this epoch's rewards has been claimed so far, in base units. */
  amount: BaseUnits;
}

export interface EpochSummary {
  epoch: number;
  status: EpochStatus;
  /** receive-time window, unix ms, when known. */
  window: { startMs: number; endMs: number } | null;
  emission: BaseUnits;
  paid: BaseUnits;
  unallocated: BaseUnits;
  pocPool: BaseUnits;
  coveragePool: BaseUnits;
  /** hex Merkle root over every reward id's cumulative amount, or null when nobody was ever paid. */
  merkleRoot: string | null;
  /** hex sha256 of the canonical input bundle. */
  inputDigest: string | null;
  /** Σ cumulative in the tree: what the root lets hotspots claim in all. */
  totalCumulative: BaseUnits;
  /** whether a quorum of oracles activated this root on-chain. */
  rootActive: boolean;
  /** null when the chain has not been read. */
  claims: EpochClaims | null;
  hotspots: Record<HotspotStatus, number> & { rewarded: number };
  coveredHexes: number;
  boostedHexes: number;
  validBeacons: number;
  /** rejected reports and witness entries, all reasons. */
  rejections: number;
}

export interface EpochTimeline {
  /** reward mint decimals, for display. */
  decimals: number;
  /** the most recent epoch with a result, or null when there is none. */
  latest: number | null;
  /** ascending by epoch. */
  epochs: EpochSummary[];
}

// ---------- one hotspot ----------

export interface HotspotEpochEntry {
  epoch: number;
  status: HotspotStatus;
  trustBps: number | null;
  poc: BaseUnits;
  coverage: BaseUnits;
  total: BaseUnits;
  /** cumulative committed by that epoch's root. */
  cumulative: BaseUnits;
}

export interface HotspotDetail {
  key: string;
  rewardId: string;
  /** onboarding serial (one per life of the key). */
  serial: number;
  owner: string;
  location: string | null;
  /** centre of the asserted cell, or null while unasserted. */
  lngLat: [number, number] | null;
  gainDbi10: number;
  elevationM: number;
  onboardedAt: number;
  /** status and trust in the latest epoch. */
  status: HotspotStatus;
  trustBps: number | null;
  /** ascending by epoch; only epochs the hotspot was registered in. */
  rewards: HotspotEpochEntry[];
  /** latest cumulative committed for this reward id. */
  cumulative: BaseUnits;
  /** what the chain says was claimed (Hotspot.claimed), or null when unknown. */
  claimed: BaseUnits | null;
  /** cumulative − claimed, or null when claimed is unknown. */
  unclaimed: BaseUnits | null;
  decimals: number;
}

// ---------- errors ----------

export type MapQueryErrorCode = "invalid_bbox" | "invalid_epoch" | "invalid_hotspot_key" | "unknown_epoch" | "unknown_hotspot";

/** A rejected map query: the route answers `status` with `{ error: { code, message } }` (the service's error shape). */
export class MapQueryError extends Error {
  constructor(
    readonly code: MapQueryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MapQueryError";
  }

  get status(): number {
    return this.code === "unknown_epoch" || this.code === "unknown_hotspot" ? 404 : 400;
  }
}

// ---------- query parsing ----------

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** Parses `west,south,east,north` in degrees. */
export function parseBBox(text: string): BBox {
  const parts = text.split(",");
  if (text.length > 200 || parts.length !== 4 || !parts.every((p) => NUMBER.test(p.trim()))) {
    throw new MapQueryError("invalid_bbox", "bbox must be four numbers: west,south,east,north (degrees)");
  }
  const [w, s, e, n] = parts.map(Number);
  if (![w, s, e, n].every(Number.isFinite)) throw new MapQueryError("invalid_bbox", "bbox values must be finite numbers");
  if (w < -180 || w > 180 || e < -180 || e > 180) throw new MapQueryError("invalid_bbox", "bbox longitudes must lie in -180..180");
  if (s < -90 || s > 90 || n < -90 || n > 90) throw new MapQueryError("invalid_bbox", "bbox latitudes must lie in -90..90");
  if (s > n) throw new MapQueryError("invalid_bbox", "bbox south must not exceed north");
  return [w, s, e, n];
}

/** Parses a non-negative integer epoch number. */
export function parseEpoch(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new MapQueryError("invalid_epoch", "epoch must be a non-negative integer");
  return Number(text);
}

const BASE58_KEY = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** Checks the shape of a base58 hardware key (the registry lookup decides whether it exists). */
export function parseHotspotKey(text: string): string {
  if (!BASE58_KEY.test(text)) throw new MapQueryError("invalid_hotspot_key", "hotspot key must be a base58 ed25519 public key");
  return text;
}

function lngInRange(lng: number, w: number, e: number): boolean {
  return w <= e ? lng >= w && lng <= e : lng >= w || lng <= e;
}

export function pointInBBox([lng, lat]: readonly [number, number], [w, s, e, n]: BBox): boolean {
  return lat >= s && lat <= n && lngInRange(lng, w, e);
}

/** The bbox grown by `km` on every side (longitude scaled at its most poleward latitude), clamped to the globe. */
export function widenBBox([w, s, e, n]: BBox, km: number): BBox {
  const dLat = km / 111;
  const cos = Math.max(Math.cos((Math.min(89, Math.max(Math.abs(s), Math.abs(n)) + dLat) * Math.PI) / 180), 0.01);
  const dLng = dLat / cos;
  const span = w <= e ? e - w : 360 - (w - e);
  if (span + 2 * dLng >= 360) return [-180, Math.max(-90, s - dLat), 180, Math.min(90, n + dLat)];
  const wrap = (x: number) => (x > 180 ? x - 360 : x < -180 ? x + 360 : x);
  return [wrap(w - dLng), Math.max(-90, s - dLat), wrap(e + dLng), Math.min(90, n + dLat)];
}

/** Whether a hex's ring overlaps the bbox (by the ring's own extent; hexes never span the antimeridian here). */
export function ringOverlapsBBox(ring: readonly (readonly [number, number])[], bbox: BBox): boolean {
  let minLng = Infinity;
  let maxLng = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const [lng, lat] of ring) {
    if (lng < minLng) minLng = lng;
    if (lng > maxLng) maxLng = lng;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  const [w, s, e, n] = bbox;
  if (maxLat < s || minLat > n) return false;
  if (w <= e) return maxLng >= w && minLng <= e;
  return maxLng >= w || minLng <= e;
}

// ---------- builders ----------

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** Onboarding serial of the hotspot's current life. */
export function serialOf(h: HotspotInfo): number {
  return h.serial;
}

/** The id the current life's rewards are keyed by: "<key>:<serial>". */
export function rewardIdOf(h: HotspotInfo): string {
  return rewardId(h.key, h.serial);
}

/** The one place a trust value becomes a status. */
export function hotspotStatus(h: HotspotInfo, trustBps: Readonly<Record<string, number>>): HotspotStatus {
  if (h.location === null) return "inactive";
  const t = trustBps[h.key];
  if (t === undefined) return "inactive";
  if (t >= VALID_TRUST_BPS) return "valid";
  return t > 0 ? "flagged" : "rejected";
}

/** Centre of an H3 cell as [lng, lat], rounded for display. */
export function cellLngLat(cell: string): [number, number] {
  const [lat, lng] = cellToLatLng(cell);
  return [round7(lng), round7(lat)];
}

/** Σ points × rank multiplier × boost of one hex, in points (bps / 10000). */
export function hexScore(rankedRssiDbm10: readonly number[], boost: number, config: CoverageConfig): number {
  let bps = 0;
  rankedRssiDbm10.forEach((rssi, rank) => {
    const level = signalLevelOf(rssi, config.signalLevels);
    if (level) bps += level.points * (config.rankMultipliersBps[rank] ?? 0) * boost;
  });
  return bps / 10_000;
}

/**
 * What a coverage query scans: the epoch's cells in order with their centres and
 * the bbox margin that keeps a centre test conservative. Built once per epoch by a
 * caller that answers many queries (MapEpochStore), or per call.
 */
export interface CoverageIndex {
  cells: string[];
  /** lng, lat of each cell's centre, interleaved. */
  centres: Float64Array;
  /** two average edge lengths at the coverage resolution: a hex reaches at most this far from its centre. */
  marginKm: number;
}

export function coverageIndex(result: EpochResult): CoverageIndex {
  const cells = [...result.scores.coverage.cells.keys()].sort();
  const centres = new Float64Array(cells.length * 2);
  cells.forEach((cell, i) => {
    const [lat, lng] = cellToLatLng(cell);
    centres[2 * i] = lng;
    centres[2 * i + 1] = lat;
  });
  const marginKm = cells.length > 0 ? getHexagonEdgeLengthAvg(getResolution(cells[0]), UNITS.km) * 2 : 0;
  return { cells, centres, marginKm };
}

/** Every scored hex of an epoch, cell order, with its score; optionally only those overlapping a bbox. */
export function buildCoverage(result: EpochResult, config: CoverageConfig, bbox?: BBox, limit = Infinity, index: CoverageIndex = coverageIndex(result)): CoverageCollection {
  const cells = result.scores.coverage.cells;
  const features: CoverageHex[] = [];
  let truncated = false;
  // cheap first test on the cell centre, widened by the margin, before building the ring
  const widened = bbox ? widenBBox(bbox, index.marginKm) : null;
  for (let i = 0; i < index.cells.length; i++) {
    if (widened && !pointInBBox([index.centres[2 * i], index.centres[2 * i + 1]], widened)) continue;
    const cell = index.cells[i];
    const c = cells.get(cell)!;
    const boost = config.boostedHexes[cell] ?? 1;
    const f = coverageFeature(cell, c, config.signalLevels, boost);
    if (bbox && !ringOverlapsBBox(f.geometry.coordinates[0], bbox)) continue;
    if (features.length >= limit) {
      truncated = true;
      break;
    }
    features.push({ type: "Feature", geometry: f.geometry, properties: { ...f.properties, score: hexScore(c.rankedRssiDbm10, boost, config) } });
  }
  return { type: "FeatureCollection", epoch: result.epoch, truncated, features };
}

/** What a hotspot query scans: the registry in key order with positions, statuses and PoC activity. */
export interface HotspotIndex {
  hotspots: HotspotInfo[];
  /** [lng, lat] of each hotspot's asserted cell, null while unasserted. */
  lngLat: ([number, number] | null)[];
  status: HotspotStatus[];
  counts: Record<HotspotStatus, number>;
  /** valid beacons per key. */
  beacons: Map<string, number>;
  /** rewarded witness selections per key. */
  witnessed: Map<string, number>;
}

export function hotspotIndex(result: EpochResult, registry: readonly HotspotInfo[]): HotspotIndex {
  const hotspots = [...registry].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const status = hotspots.map((h) => hotspotStatus(h, result.outcome.trustBps));
  const counts = emptyCounts();
  for (const st of status) counts[st]++;
  const beacons = new Map<string, number>();
  const witnessed = new Map<string, number>();
  for (const b of result.outcome.beacons) {
    beacons.set(b.beaconer, (beacons.get(b.beaconer) ?? 0) + 1);
    for (const w of b.selectedWitnesses) witnessed.set(w, (witnessed.get(w) ?? 0) + 1);
  }
  return { hotspots, lngLat: hotspots.map((h) => (h.location === null ? null : cellLngLat(h.location))), status, counts, beacons, witnessed };
}

function emptyCounts(): Record<HotspotStatus, number> {
  return { valid: 0, flagged: 0, rejected: 0, inactive: 0 };
}

/** Every asserted hotspot of an epoch's registry, key order, with its status and reward. */
export function buildHotspots(
  result: EpochResult,
  registry: readonly HotspotInfo[],
  bbox?: BBox,
  limit = Infinity,
  index: HotspotIndex = hotspotIndex(result, registry),
): HotspotCollection {
  const trust = result.outcome.trustBps;
  const features: HotspotFeature[] = [];
  let truncated = false;
  for (let i = 0; i < index.hotspots.length; i++) {
    const h = index.hotspots[i];
    const lngLat = index.lngLat[i];
    if (lngLat === null || (bbox && !pointInBBox(lngLat, bbox))) continue;
    if (features.length >= limit) {
      truncated = true;
      break;
    }
    // This epoch's reward is per hotspot (its current life); the cumulative is per life.
    const id = rewardIdOf(h);
    const reward = result.perEpochRewards.get(h.key);
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: lngLat },
      properties: {
        key: h.key,
        rewardId: id,
        owner: h.owner,
        status: index.status[i],
        trustBps: trust[h.key] ?? null,
        location: h.location!,
        gainDbi10: h.gainDbi10,
        elevationM: h.elevationM,
        poc: (reward?.poc ?? 0n).toString(),
        coverage: (reward?.coverage ?? 0n).toString(),
        total: (reward?.total ?? 0n).toString(),
        cumulative: (result.cumulative.get(id) ?? 0n).toString(),
        coverageScore: (result.scores.coverage.scores.get(h.key) ?? 0) / 10_000,
        beacons: index.beacons.get(h.key) ?? 0,
        witnessed: index.witnessed.get(h.key) ?? 0,
      },
    });
  }
  return { type: "FeatureCollection", epoch: result.epoch, truncated, counts: { ...index.counts }, features };
}

/** What the chain knows about an epoch, when the caller has read it. */
export interface EpochChainState {
  status?: EpochStatus;
  rootActive?: boolean;
  claims?: { count: number; amount: bigint } | null;
  window?: { startMs: number; endMs: number } | null;
}

/** One epoch's line on the timeline. `emission` is what was minted for it (paid + unallocated). */
export function buildEpochSummary(result: EpochResult, hotspots: readonly HotspotInfo[], config: CoverageConfig, chain: EpochChainState = {}): EpochSummary {
  const counts = { ...emptyCounts(), rewarded: result.perEpochRewards.size };
  for (const h of hotspots) counts[hotspotStatus(h, result.outcome.trustBps)]++;
  let totalCumulative = 0n;
  for (const amount of result.cumulative.values()) totalCumulative += amount;
  let rejections = 0;
  for (const n of Object.values(result.reasonCounts)) rejections += n ?? 0;
  let boosted = 0;
  for (const cell of result.scores.coverage.cells.keys()) if ((config.boostedHexes[cell] ?? 1) !== 1) boosted++;
  const summary: EpochSummary = {
    epoch: result.epoch,
    status: "computed",
    window: null,
    emission: (result.paid + result.unallocated).toString(),
    paid: result.paid.toString(),
    unallocated: result.unallocated.toString(),
    pocPool: result.pocPool.toString(),
    coveragePool: result.coveragePool.toString(),
    merkleRoot: result.merkleRoot,
    inputDigest: result.inputDigest,
    totalCumulative: totalCumulative.toString(),
    rootActive: false,
    claims: null,
    hotspots: counts,
    coveredHexes: result.scores.coverage.cells.size,
    boostedHexes: boosted,
    validBeacons: result.outcome.beacons.length,
    rejections,
  };
  return withChainState(summary, chain);
}

/** A summary with what the chain says laid over it (status, root activation, claims, window). */
export function withChainState(summary: EpochSummary, chain: EpochChainState = {}): EpochSummary {
  const rootActive = chain.rootActive ?? summary.rootActive;
  return {
    ...summary,
    status: chain.status ?? (rootActive ? "active" : summary.status),
    window: chain.window === undefined ? summary.window : chain.window,
    rootActive,
    claims: chain.claims === undefined ? summary.claims : chain.claims === null ? null : { count: chain.claims.count, amount: chain.claims.amount.toString() },
  };
}

// ---------- one epoch, as plain JSON ----------

export const MAP_SNAPSHOT_FORMAT = "hexpin-map-epoch/1";

/**
 * Everything the map shows of one epoch, as plain JSON: built once when the epoch
 * is computed, kept in memory or written beside the epoch's other artifacts, and
 * queried without the EpochResult (which holds the tree and every proof).
 */
export interface MapEpochSnapshot {
  format: typeof MAP_SNAPSHOT_FORMAT;
  epoch: number;
  /** chain fields at their defaults (computed, no active root, claims unknown); the window of the inputs. */
  summary: EpochSummary;
  /** every scored hex. */
  coverage: CoverageCollection;
  /** every asserted hotspot, with this epoch's reward and cumulative. */
  hotspots: HotspotCollection;
  /** the registry the epoch ran over (unasserted hotspots included), key order. */
  registry: HotspotInfo[];
  /** cumulative committed by this epoch's root, per reward id. */
  cumulative: Record<string, BaseUnits>;
}

/** The inputs a snapshot needs besides the result: EpochInputs has them all. */
export interface SnapshotInputs {
  hotspots: readonly HotspotInfo[];
  config: { scoring: { coverage: CoverageConfig } };
  window?: { startMs: number; endMs: number };
}

export function buildMapSnapshot(inputs: SnapshotInputs, result: EpochResult): MapEpochSnapshot {
  const coverage = buildCoverage(result, inputs.config.scoring.coverage);
  const hotspots = buildHotspots(result, inputs.hotspots);
  const cumulative: Record<string, BaseUnits> = {};
  for (const [id, amount] of result.cumulative) cumulative[id] = amount.toString();
  return {
    format: MAP_SNAPSHOT_FORMAT,
    epoch: result.epoch,
    summary: buildEpochSummary(result, inputs.hotspots, inputs.config.scoring.coverage, { window: inputs.window ?? null }),
    coverage,
    hotspots,
    registry: [...inputs.hotspots].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    cumulative,
  };
}

/** Hexes of a snapshot overlapping the bbox (all without one), cut at the limit. */
export function queryCoverage(snapshot: MapEpochSnapshot, bbox: BBox | undefined, limit: number): CoverageCollection {
  const features: CoverageHex[] = [];
  let truncated = false;
  for (const f of snapshot.coverage.features) {
    if (bbox && !ringOverlapsBBox(f.geometry.coordinates[0], bbox)) continue;
    if (features.length >= limit) {
      truncated = true;
      break;
    }
    features.push(f);
  }
  return { type: "FeatureCollection", epoch: snapshot.epoch, truncated, features };
}

/** Hotspots of a snapshot inside the bbox (all without one), cut at the limit; counts stay epoch-wide. */
export function queryHotspots(snapshot: MapEpochSnapshot, bbox: BBox | undefined, limit: number): HotspotCollection {
  const features: HotspotFeature[] = [];
  let truncated = false;
  for (const f of snapshot.hotspots.features) {
    if (bbox && !pointInBBox(f.geometry.coordinates, bbox)) continue;
    if (features.length >= limit) {
      truncated = true;
      break;
    }
    features.push(f);
  }
  return { type: "FeatureCollection", epoch: snapshot.epoch, truncated, counts: { ...snapshot.hotspots.counts }, features };
}

/** Lookups into a snapshot by hardware key (callers answering many queries build them once). */
export interface SnapshotLookup {
  snapshot: MapEpochSnapshot;
  registry: ReadonlyMap<string, HotspotInfo>;
  hotspots: ReadonlyMap<string, HotspotProperties>;
}

export function snapshotLookup(snapshot: MapEpochSnapshot): SnapshotLookup {
  return {
    snapshot,
    registry: new Map(snapshot.registry.map((h) => [h.key, h])),
    hotspots: new Map(snapshot.hotspots.features.map((f) => [f.properties.key, f.properties])),
  };
}

/**
 * A hotspot's detail across epochs. Its registry entry is the one of the latest
 * epoch that lists it; `claimed` comes from its on-chain account. Returns null
 * when no epoch lists the key.
 */
export function buildHotspotDetail(key: string, epochs: readonly (MapEpochSnapshot | SnapshotLookup)[], claimed: bigint | null, decimals: number): HotspotDetail | null {
  if (claimed !== null && claimed < 0n) throw new RangeError(`claimed amount of ${key} is negative`);
  const lookups = epochs.map((e) => ("format" in e ? snapshotLookup(e) : e)).sort((a, b) => a.snapshot.epoch - b.snapshot.epoch);
  let latest: { h: HotspotInfo; entry: HotspotEpochEntry } | null = null;
  const rewards: HotspotEpochEntry[] = [];
  for (const { snapshot, registry, hotspots } of lookups) {
    const h = registry.get(key);
    if (!h) continue;
    const id = rewardIdOf(h);
    const p = hotspots.get(key);
    const entry: HotspotEpochEntry = {
      epoch: snapshot.epoch,
      status: p?.status ?? "inactive",
      trustBps: p?.trustBps ?? null,
      poc: p?.poc ?? "0",
      coverage: p?.coverage ?? "0",
      total: p?.total ?? "0",
      cumulative: snapshot.cumulative[id] ?? "0",
    };
    rewards.push(entry);
    latest = { h, entry };
  }
  if (latest === null) return null;
  const { h, entry } = latest;
  const cumulative = BigInt(entry.cumulative);
  return {
    key,
    rewardId: rewardIdOf(h),
    serial: serialOf(h),
    owner: h.owner,
    location: h.location,
    lngLat: h.location === null ? null : cellLngLat(h.location),
    gainDbi10: h.gainDbi10,
    elevationM: h.elevationM,
    onboardedAt: h.onboardedAt,
    status: entry.status,
    trustBps: entry.trustBps,
    rewards,
    cumulative: entry.cumulative,
    claimed: claimed === null ? null : claimed.toString(),
    // a claim can never exceed the committed cumulative on-chain; clamp so a stale read never shows a negative
    unclaimed: claimed === null ? null : (cumulative > claimed ? cumulative - claimed : 0n).toString(),
    decimals,
  };
}
