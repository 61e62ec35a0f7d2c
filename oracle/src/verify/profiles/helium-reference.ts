// Helium's IoT proof-of-coverage decisions, as pure functions of plain inputs: the
// reference the `helium` verifier profile is checked against. It restates
// helium/oracles@824f7724 (the last revision with `iot_verifier`, parent of
// 1149d319 "Remove iot components") rule for rule — constants, units, comparison
// operators, edge inclusivity, check order and the runner's timestamp state — and
// reproduces every vector in tests/fixtures/helium-vectors.json. It depends on
// nothing in the verifier; docs/helium-profile.md cites the Helium source of each
// rule and lists where hexpin's default profile differs.
//
// Units: times in Unix milliseconds (Helium keeps ingest timestamps in ms), frequencies
// in Hz, gains in tenths of dBi, signals in tenths of dBm (all as Helium and hexpin
// store them), transmit power in whole dBm (Helium's `tx_power`; hexpin reports carry
// tenths), locations as H3 cells in h3-js hex form (any resolution, as Helium accepts).
// Money and density use rust_decimal semantics (./helium-decimal).

import { cellToLatLng, cellToParent, getResolution, gridDisk, gridDistance, isValidCell } from "h3-js";
import { HeliumDecimal } from "./helium-decimal";
import { decodeRegionParams, HeliumRegionParam, verifyHeliumBeaconPayload } from "./helium-beacon";

export { HeliumDecimal, DecimalOverflowError, DecimalParseError } from "./helium-decimal";
export type { RoundingStrategy } from "./helium-decimal";
export { decodeRegionParams, generateHeliumBeacon, verifyHeliumBeaconPayload, chacha12U32s } from "./helium-beacon";
export type { HeliumBeacon, HeliumBeaconInputs, HeliumRegionParam, ReportedHeliumBeacon } from "./helium-beacon";

/** Helium's constants (file:line at 824f7724 in docs/helium-profile.md). */
export const HELIUM = {
  /** entropy.rs ENTROPY_LIFESPAN */
  entropyLifespanMs: 180_000,
  /** settings.rs default beacon_interval (must divide 24 h) */
  beaconIntervalMs: 6 * 3_600_000,
  /** poc.rs MAX_WITNESS_LAG: after a first witness that preceded the beacon */
  maxWitnessLagMs: 1_500,
  /** poc.rs MAX_BEACON_TO_WITNESS_LAG: after the beacon when it came first */
  maxBeaconToWitnessLagMs: 4_000,
  /** poc.rs C, "speed of light in air", m/s */
  speedOfLight: 2.998e8,
  /** poc.rs POC_DISTANCE_LIMIT, whole km */
  maxDistanceKm: 100,
  /** poc.rs POC_CELL_DISTANCE_MINIMUM at POC_CELL_PARENT_RES */
  minCellDistance: 8,
  cellDistanceResolution: 11,
  /** poc.rs verify_witness_freq: 1000 * 100 Hz */
  frequencyToleranceHz: 100_000,
  /** runner.rs RECIPROCITY_WINDOW */
  reciprocityWindowMs: 48 * 3_600_000,
  /** settings.rs default max_witnesses_per_poc */
  maxWitnessesPerPoc: 14,
  /** runner.rs WITNESS_REDUNDANCY, POC_REWARD_DECAY_RATE, HIP15_TX_REWARD_UNIT_CAP */
  witnessRedundancy: 4,
  rewardDecayRate: "0.8",
  beaconerUnitCap: "2",
  /** poc.rs DEFAULT_TX_SCALE: hexes missing from the density map */
  defaultTxScale: "0.2",
  /** tx_scaler.rs HIP_17_INTERACTIVITY_LIMIT: density counts gateways with a reciprocity beacon this recent */
  densityInteractivityMs: 60 * 3_600_000,
  /** h3o's EARTH_RADIUS_KM, used by LatLng::distance_m */
  earthRadiusKm: 6371.007180918475,
} as const;

/** hex_density.rs HIP104_RES_CONFIG: [resolution, neighbors N, target, max]. */
export const HIP104_RES_CONFIG: readonly (readonly [number, number, number, number])[] = [
  [4, 2, 500, 1000],
  [5, 4, 100, 200],
  [6, 4, 25, 50],
  [7, 4, 5, 10],
  [8, 2, 1, 1],
  [9, 2, 1, 1],
  [10, 2, 1, 1],
];

/** Helium's `InvalidReason`s that these decisions produce. */
export type HeliumReason =
  | "GatewayNotFound"
  | "NotAsserted"
  | "Denied"
  | "DeniedEdge"
  | "EntropyExpired"
  | "InvalidCapability"
  | "IrregularInterval"
  | "InvalidPacket"
  | "SelfWitness"
  | "TooLate"
  | "InvalidFrequency"
  | "InvalidRegion"
  | "BelowMinDistance"
  | "MaxDistanceExceeded"
  | "BadRssi"
  | "Duplicate"
  | "GatewayNoValidWitnesses"
  | "GatewayNoValidBeacons";

export type HeliumVerdict = "ok" | HeliumReason;

// ---------------------------------------------------------------- timing

const wholeSeconds = (ms: number) => Math.floor(ms / 1000);

/** `verify_entropy`: whole seconds (floored), both ends inclusive. Production end = start + 180 s. */
export function verifyEntropy(entropyStartMs: number, entropyEndMs: number, receivedMs: number): HeliumVerdict {
  const r = wholeSeconds(receivedMs);
  return r < wholeSeconds(entropyStartMs) || r > wholeSeconds(entropyEndMs) ? "EntropyExpired" : "ok";
}

/** Start of the Unix-epoch-aligned bucket holding `t` (chrono `duration_trunc`, a floor). */
export function beaconBucketMs(t: number, intervalMs: number = HELIUM.beaconIntervalMs): number {
  return Math.floor(t / intervalMs) * intervalMs;
}

/**
 * `verify_beacon_schedule`: at most one beacon per bucket. `lastBeaconMs` is the receive
 * time of the last beacon *processed* for the gateway, valid or not (see `HeliumPocState`).
 */
export function verifyBeaconSchedule(lastBeaconMs: number | null, receivedMs: number, intervalMs: number = HELIUM.beaconIntervalMs): HeliumVerdict {
  if (lastBeaconMs === null) return "ok";
  return beaconBucketMs(receivedMs, intervalMs) <= beaconBucketMs(lastBeaconMs, intervalMs) ? "IrregularInterval" : "ok";
}

/**
 * `verify_witness_lag`: if the beacon was received no later than the first witness,
 * witnesses may lag it by 4 s; otherwise by 1.5 s behind the first witness. `>` rejects.
 */
export function verifyWitnessLag(beaconReceivedMs: number, firstWitnessReceivedMs: number, receivedMs: number): HeliumVerdict {
  const [from, max] =
    beaconReceivedMs <= firstWitnessReceivedMs ? [beaconReceivedMs, HELIUM.maxBeaconToWitnessLagMs] : [firstWitnessReceivedMs, HELIUM.maxWitnessLagMs];
  return receivedMs - from > max ? "TooLate" : "ok";
}

/** runner.rs reciprocity: a last time exists and `received − last < 48 h` (a last time in the future passes). */
export function withinReciprocity(lastMs: number | null | undefined, receivedMs: number): boolean {
  return lastMs !== null && lastMs !== undefined && receivedMs - lastMs < HELIUM.reciprocityWindowMs;
}

// ---------------------------------------------------------------- identity and payload

/** `verify_denylist`. Helium's list is a signed Xor32 filter (false positives ~2⁻³²; no filter loaded denies everything); exact here. */
export function verifyDenylist(key: string, denied: Iterable<string>): HeliumVerdict {
  for (const k of denied) if (k === key) return "Denied";
  return "ok";
}

/** `verify_edge_denylist`: undirected beaconer–witness pairs. */
export function verifyEdgeDenylist(beaconer: string, witness: string, edges: Iterable<readonly [string, string]>): HeliumVerdict {
  for (const [a, b] of edges) if ((a === beaconer && b === witness) || (a === witness && b === beaconer)) return "DeniedEdge";
  return "ok";
}

export function verifySelfWitness(beaconer: string, witness: string): HeliumVerdict {
  return beaconer === witness ? "SelfWitness" : "ok";
}

/** `verify_gw_capability`: data-only hotspots take no part in PoC. */
export function verifyCapability(isFullHotspot: boolean): HeliumVerdict {
  return isFullHotspot ? "ok" : "InvalidCapability";
}

export function verifyWitnessRegion(beaconerRegion: string, witnessRegion: string): HeliumVerdict {
  return beaconerRegion === witnessRegion ? "ok" : "InvalidRegion";
}

export function verifyWitnessData(beaconPayload: Uint8Array, witnessPayload: Uint8Array): HeliumVerdict {
  return beaconPayload.length === witnessPayload.length && beaconPayload.every((x, i) => x === witnessPayload[i]) ? "ok" : "InvalidPacket";
}

/**
 * `verify_witness_freq`: `(beacon.abs_diff(witness) as i32) > 100_000` rejects. The cast
 * keeps the low 32 bits as a signed number, so differences of 2^31..2^32−1 Hz (and any
 * multiple of 2^32 away) read as ≤ 100 kHz and pass.
 */
export function verifyWitnessFrequency(beaconHz: number | bigint, witnessHz: number | bigint): HeliumVerdict {
  const b = BigInt(beaconHz);
  const w = BigInt(witnessHz);
  const diff = b > w ? b - w : w - b;
  return BigInt.asIntN(32, diff) > BigInt(HELIUM.frequencyToleranceHz) ? "InvalidFrequency" : "ok";
}

// ---------------------------------------------------------------- geometry

export type CellDistance = { cells: number } | { error: "H3CellError" | "H3ParentError" | "H3DistanceError" };

/**
 * What the geometry rules read of a cell (validity, resolution, centre in degrees,
 * res-11 parent), memoised: the verifier asks about the same few cells for every
 * witness report. A pure cache — the same answers as asking h3-js each time —
 * bounded so that no input can grow it without limit.
 */
interface CellFacts {
  valid: boolean;
  res: number;
  lat: number;
  lng: number;
  parent11: string | null;
}
const CELL_CACHE_MAX = 1 << 18;
const cellCache = new Map<string, CellFacts>();
function cellFacts(c: string): CellFacts {
  let f = cellCache.get(c);
  if (f === undefined) {
    if (cellCache.size >= CELL_CACHE_MAX) cellCache.clear();
    if (!isValidCell(c)) f = { valid: false, res: -1, lat: 0, lng: 0, parent11: null };
    else {
      const res = getResolution(c);
      const [lat, lng] = cellToLatLng(c);
      f = { valid: true, res, lat, lng, parent11: res >= HELIUM.cellDistanceResolution ? cellToParent(c, HELIUM.cellDistanceResolution) : null };
    }
    cellCache.set(c, f);
  }
  return f;
}

/** `calc_cell_distance`: grid distance between the resolution-11 parents. */
export function heliumCellDistance(a: string, b: string): CellDistance {
  const fa = cellFacts(a);
  const fb = cellFacts(b);
  if (!fa.valid || !fb.valid) return { error: "H3CellError" };
  if (fa.parent11 === null || fb.parent11 === null) return { error: "H3ParentError" };
  try {
    return { cells: gridDistance(fa.parent11, fb.parent11) };
  } catch {
    return { error: "H3DistanceError" };
  }
}

/**
 * `calc_distance`: haversine between the cells' centres on h3o's sphere, rounded to
 * whole metres; null for an invalid cell. (h3o fuses one multiply-add; the result can
 * differ in the last bits of the unrounded metres, never after rounding in practice.)
 */
export function heliumDistanceM(a: string, b: string): number | null {
  const fa = cellFacts(a);
  const fb = cellFacts(b);
  if (!fa.valid || !fb.valid) return null;
  const rad = Math.PI / 180;
  const [lat1d, lng1d] = [fa.lat, fa.lng];
  const [lat2d, lng2d] = [fb.lat, fb.lng];
  const [lat1, lng1, lat2, lng2] = [lat1d * rad, lng1d * rad, lat2d * rad, lng2d * rad];
  const sinLat = Math.sin((lat2 - lat1) / 2);
  const sinLng = Math.sin((lng2 - lng1) / 2);
  const h = sinLat * sinLat + Math.cos(lat1) * Math.cos(lat2) * sinLng * sinLng;
  const rads = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  return Math.round(rads * HELIUM.earthRadiusKm * 1000);
}

/** `verify_witness_cell_distance`: fewer than 8 res-11 cells apart, or any grid error, is too close. */
export function verifyWitnessCellDistance(beaconer: string, witness: string): HeliumVerdict {
  const d = heliumCellDistance(beaconer, witness);
  return "error" in d || d.cells < HELIUM.minCellDistance ? "BelowMinDistance" : "ok";
}

/** `verify_witness_distance`: whole kilometres (integer division) above 100, or an invalid cell. */
export function verifyWitnessDistance(beaconer: string, witness: string): HeliumVerdict {
  const d = heliumDistanceM(beaconer, witness);
  return d === null || Math.floor(d / 1000) > HELIUM.maxDistanceKm ? "MaxDistanceExceeded" : "ok";
}

/**
 * `calc_expected_rssi`: tx + trunc(gain_b / 10) − FSPL + trunc(gain_w / 10), in dBm,
 * unrounded f64, FSPL = 20·log10(4π·d·f / 2.998e8). d = 0 gives +Infinity.
 */
export function heliumExpectedRssiDbm(txPowerDbm: number, frequencyHz: number, distanceM: number, beaconerGainDbi10: number, witnessGainDbi10: number): number {
  const fspl = 20 * Math.log10((4 * Math.PI * distanceM * frequencyHz) / HELIUM.speedOfLight);
  return txPowerDbm + Math.trunc(beaconerGainDbi10 / 10) - fspl + Math.trunc(witnessGainDbi10 / 10);
}

/** The comparison in `verify_witness_rssi`: signal/10 above the ceiling rejects; equality passes. */
export function verifyRssiAtDistance(rssiDbm10: number, frequencyHz: number, txPowerDbm: number, beaconerGainDbi10: number, witnessGainDbi10: number, distanceM: number): HeliumVerdict {
  return rssiDbm10 / 10 > heliumExpectedRssiDbm(txPowerDbm, frequencyHz, distanceM, beaconerGainDbi10, witnessGainDbi10) ? "BadRssi" : "ok";
}

/** `verify_witness_rssi`: over the cells' rounded distance, at the witness's reported frequency. */
export function verifyWitnessRssi(
  rssiDbm10: number,
  frequencyHz: number,
  txPowerDbm: number,
  beaconerGainDbi10: number,
  witnessGainDbi10: number,
  beaconerLocation: string,
  witnessLocation: string,
): HeliumVerdict {
  const d = heliumDistanceM(beaconerLocation, witnessLocation);
  if (d === null) return "BadRssi";
  return verifyRssiAtDistance(rssiDbm10, frequencyHz, txPowerDbm, beaconerGainDbi10, witnessGainDbi10, d);
}

// ---------------------------------------------------------------- one beacon, one witness

export interface HeliumGateway {
  /** null: not asserted (no metadata) */
  location: string | null;
  gainDbi10: number;
  elevationM: number;
  region: string;
  isFullHotspot: boolean;
}

export interface HeliumBeaconReport {
  key: string;
  localEntropy: Uint8Array;
  remoteEntropy: Uint8Array;
  payload: Uint8Array;
  frequencyHz: number;
  datarate: string;
  txPowerDbm: number;
  receivedMs: number;
}

export interface HeliumWitnessReport {
  key: string;
  payload: Uint8Array;
  rssiDbm10: number;
  frequencyHz: number;
  receivedMs: number;
}

export interface HeliumRules {
  denied: readonly string[];
  deniedEdges: readonly (readonly [string, string])[];
  regionParams: readonly HeliumRegionParam[];
  entropyStartMs: number;
  /** Helium always uses start + ENTROPY_LIFESPAN; its unit tests pass other ends */
  entropyEndMs: number;
  entropyVersion: number;
  beaconIntervalMs: number;
}

const firstFailure = (...checks: (() => HeliumVerdict)[]): HeliumVerdict => {
  for (const c of checks) {
    const v = c();
    if (v !== "ok") return v;
  }
  return "ok";
};

/** `do_beacon_verifications`, in Helium's order: asserted, denylist, entropy, capability, schedule, payload. */
export function verifyHeliumBeacon(rules: HeliumRules, lastBeaconMs: number | null, beacon: HeliumBeaconReport, beaconer: HeliumGateway): HeliumVerdict {
  if (beaconer.location === null) return "NotAsserted";
  return firstFailure(
    () => verifyDenylist(beacon.key, rules.denied),
    () => verifyEntropy(rules.entropyStartMs, rules.entropyEndMs, beacon.receivedMs),
    () => verifyCapability(beaconer.isFullHotspot),
    () => verifyBeaconSchedule(lastBeaconMs, beacon.receivedMs, rules.beaconIntervalMs),
    () =>
      verifyHeliumBeaconPayload(
        {
          remoteEntropy: beacon.remoteEntropy,
          entropyStartMs: rules.entropyStartMs,
          entropyVersion: rules.entropyVersion,
          localEntropy: beacon.localEntropy,
          regionParams: rules.regionParams,
          gainDbi10: beaconer.gainDbi10,
        },
        beacon,
      ),
  );
}

/**
 * `do_witness_verifications`, in Helium's order: asserted, denylist, edge denylist, self,
 * entropy, lag, payload, capability, frequency, region, cell distance, distance, RSSI.
 */
export function verifyHeliumWitness(
  rules: HeliumRules,
  witness: HeliumWitnessReport,
  witnessGateway: HeliumGateway,
  beacon: HeliumBeaconReport,
  beaconer: HeliumGateway,
  firstWitnessReceivedMs: number,
): HeliumVerdict {
  const wl = witnessGateway.location;
  const bl = beaconer.location;
  if (wl === null) return "NotAsserted";
  if (bl === null) return "NotAsserted";
  return firstFailure(
    () => verifyDenylist(witness.key, rules.denied),
    () => verifyEdgeDenylist(beacon.key, witness.key, rules.deniedEdges),
    () => verifySelfWitness(beacon.key, witness.key),
    () => verifyEntropy(rules.entropyStartMs, rules.entropyEndMs, witness.receivedMs),
    () => verifyWitnessLag(beacon.receivedMs, firstWitnessReceivedMs, witness.receivedMs),
    () => verifyWitnessData(beacon.payload, witness.payload),
    () => verifyCapability(witnessGateway.isFullHotspot),
    () => verifyWitnessFrequency(beacon.frequencyHz, witness.frequencyHz),
    () => verifyWitnessRegion(beaconer.region, witnessGateway.region),
    () => verifyWitnessCellDistance(bl, wl),
    () => verifyWitnessDistance(bl, wl),
    () => verifyWitnessRssi(witness.rssiDbm10, witness.frequencyHz, beacon.txPowerDbm, beaconer.gainDbi10, witnessGateway.gainDbi10, bl, wl),
  );
}

// ---------------------------------------------------------------- selection and units

export interface SelectionEntry {
  id: string;
  receivedMs: number;
  /** "Valid" or the witness's invalid reason */
  reason: string;
}

/**
 * `filter_and_split_witnesses`: self-witnesses are dropped; valid ones are selected in
 * order, and only when there are more than `max` are they stable-sorted by receive time
 * and cut (first arrival wins); the rest, then the invalid ones, are unselected.
 */
export function selectHeliumWitnesses(witnesses: readonly SelectionEntry[], max: number = HELIUM.maxWitnessesPerPoc): { selected: string[]; unselected: string[] } {
  let valid = witnesses.filter((w) => w.reason === "Valid");
  const invalid = witnesses.filter((w) => w.reason !== "Valid" && w.reason !== "SelfWitness");
  let overflow: SelectionEntry[] = [];
  if (valid.length > max) {
    valid = [...valid].sort((a, b) => a.receivedMs - b.receivedMs); // Array.prototype.sort is stable
    overflow = valid.slice(max);
    valid = valid.slice(0, max);
  }
  return { selected: valid.map((w) => w.id), unselected: [...overflow, ...invalid].map((w) => w.id) };
}

/** HIP-15 units (runner.rs `poc_beaconer_reward_unit`, `poc_per_witness_reward_unit`), rounded half-even to 4 dp. */
export function heliumRewardUnits(selectedWitnesses: number): { beaconer: HeliumDecimal; perWitness: HeliumDecimal } {
  const w = selectedWitnesses;
  if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`bad witness count ${w}`);
  const n = HELIUM.witnessRedundancy;
  const cap = HeliumDecimal.parse(HELIUM.beaconerUnitCap);
  if (w === 0) return { beaconer: HeliumDecimal.ZERO, perWitness: HeliumDecimal.ZERO };
  if (w <= n) return { beaconer: HeliumDecimal.fromInt(w).div(HeliumDecimal.fromInt(n)).roundDp(4), perWitness: HeliumDecimal.ONE };
  const toSub = HeliumDecimal.parse(HELIUM.rewardDecayRate).powu(w - n);
  const beaconer = cap.min(HeliumDecimal.TWO.sub(toSub)).roundDp(4);
  const perWitness = cap.min(HeliumDecimal.fromInt(n).sub(HeliumDecimal.ONE.sub(toSub)).div(HeliumDecimal.fromInt(w))).roundDp(4);
  return { beaconer, perWitness };
}

// ---------------------------------------------------------------- hex density (HIP-104)

/**
 * `GlobalHexMap` + `compute_hex_density_map`: each location (one per counted gateway;
 * repeats are co-located gateways) counts in its res-11 parent; counts roll up res 10..4,
 * each hex clipped to min(max, target × (max(occupied − N, 0) + 1)) where occupied counts
 * the hex and its ring-1 neighbours holding ≥ target; a location's scale is the product
 * over its parents of clipped/unclipped, rounded half-even to 4 dp. Locations coarser
 * than res 11 are not counted (and look up as the 0.2 default).
 */
export function heliumHexDensity(locations: Iterable<string>): Map<string, HeliumDecimal> {
  const unclipped = new Map<string, number>();
  const clipped = new Map<string, number>();
  const asserted: string[] = [];
  const parentAt = (c: string, r: number): string | null => (getResolution(c) >= r ? cellToParent(c, r) : null);
  for (const loc of locations) {
    if (!isValidCell(loc)) continue;
    const p = parentAt(loc, 11);
    if (p === null) continue;
    unclipped.set(p, (unclipped.get(p) ?? 0) + 1);
    clipped.set(p, (clipped.get(p) ?? 0) + 1);
    asserted.push(loc);
  }
  let hexes = [...unclipped.keys()];
  for (let res = 10; res >= 4; res--) {
    const [, neighbors, target, max] = HIP104_RES_CONFIG.find((c) => c[0] === res)!;
    const parents: string[] = [];
    for (const cell of hexes) {
      const parent = parentAt(cell, res)!;
      const n = clipped.get(cell) ?? 0;
      unclipped.set(parent, (unclipped.get(parent) ?? 0) + n);
      clipped.set(parent, (clipped.get(parent) ?? 0) + n);
      parents.push(parent);
    }
    const unique = [...new Set(parents)];
    for (const parent of unique) {
      let occupied = 0;
      for (const g of gridDisk(parent, 1)) if ((clipped.get(g) ?? -1) >= target) occupied++;
      const limit = Math.min(max, target * Math.max(Math.max(occupied - neighbors, 0) + 1, 1));
      clipped.set(parent, Math.min(limit, unclipped.get(parent)!));
    }
    hexes = unique;
  }
  const scales = new Map<string, HeliumDecimal>();
  for (const hex of asserted) {
    let scale = HeliumDecimal.of(10, 1);
    for (let res = 13; res >= 4; res--) {
      const parent = parentAt(hex, res);
      if (parent === null) continue;
      const u = unclipped.get(parent);
      const c = clipped.get(parent);
      if (u === undefined || c === undefined) continue;
      scale = scale.mul(HeliumDecimal.of(c, 4).div(HeliumDecimal.of(u, 4)));
    }
    scales.set(hex, scale.roundDp(4));
  }
  return scales;
}

/** A gateway's transmit scale: its hex's density scale, or 0.2 when the hex is not in the map. */
export function heliumTxScale(density: ReadonlyMap<string, HeliumDecimal>, location: string): HeliumDecimal {
  return density.get(location) ?? HeliumDecimal.parse(HELIUM.defaultTxScale);
}

// ---------------------------------------------------------------- one proof of coverage, with state

/**
 * The three per-gateway timestamps Helium's runner keeps in Postgres:
 * - lastBeacon: receive time of the last beacon that reached `do_beacon_verifications`,
 *   valid or not, overwritten (not maximised) in processing order — the schedule's input;
 * - lastBeaconRecip: receive time of the last beacon that passed those checks while
 *   carrying at least one witness report of any kind — witness reciprocity's input;
 * - lastWitness: receive time of the last witness that passed every per-report check
 *   (before reciprocity) — beacon reciprocity's input.
 */
export class HeliumPocState {
  readonly lastBeacon = new Map<string, number>();
  readonly lastBeaconRecip = new Map<string, number>();
  readonly lastWitness = new Map<string, number>();
}

export interface HeliumPocContext extends Omit<HeliumRules, "entropyEndMs"> {
  gateways: ReadonlyMap<string, HeliumGateway>;
  maxWitnesses: number;
  density: ReadonlyMap<string, HeliumDecimal>;
}

export interface HeliumWitnessOutcome {
  key: string;
  /** "Valid" or the invalid reason */
  reason: "Valid" | HeliumReason;
  /** which participant the reason blames */
  side: "none" | "witness" | "beaconer";
  selected: boolean;
  rewardUnit: HeliumDecimal;
  /** the beaconer's transmit scale, for valid witnesses */
  hexScale: HeliumDecimal | null;
}

export interface HeliumPocOutcome {
  beacon: "Valid" | HeliumReason;
  beaconRewardUnit: HeliumDecimal;
  beaconHexScale: HeliumDecimal | null;
  /** selected first, then unselected valid overflow, then invalid ones; self-witnesses dropped (valid PoC only) */
  witnesses: HeliumWitnessOutcome[];
}

function invalidPoc(reason: HeliumReason, witnesses: readonly HeliumWitnessReport[]): HeliumPocOutcome {
  return {
    beacon: reason,
    beaconRewardUnit: HeliumDecimal.ZERO,
    beaconHexScale: null,
    witnesses: witnesses.map((w) => ({ key: w.key, reason, side: "beaconer", selected: false, rewardUnit: HeliumDecimal.ZERO, hexScale: null })),
  };
}

/**
 * `Runner::verify_poc` for one beacon and every witness report of its payload, updating
 * `state` as Helium's runner does. Witnesses are taken in receive order (Helium's
 * `order by report_timestamp`, ties in input order); the first of them sets the lag base.
 */
export function verifyHeliumPoc(ctx: HeliumPocContext, state: HeliumPocState, beacon: HeliumBeaconReport, witnessReports: readonly HeliumWitnessReport[]): HeliumPocOutcome {
  const witnesses = [...witnessReports].sort((a, b) => a.receivedMs - b.receivedMs);
  const bgw = ctx.gateways.get(beacon.key);
  if (!bgw) return invalidPoc("GatewayNotFound", witnesses);
  if (bgw.location === null) return invalidPoc("NotAsserted", witnesses);
  const rules: HeliumRules = { ...ctx, entropyEndMs: ctx.entropyStartMs + HELIUM.entropyLifespanMs };
  const verdict = verifyHeliumBeacon(rules, state.lastBeacon.get(beacon.key) ?? null, beacon, bgw);
  state.lastBeacon.set(beacon.key, beacon.receivedMs);
  if (verdict === "ok" && witnesses.length > 0) state.lastBeaconRecip.set(beacon.key, beacon.receivedMs);
  if (verdict !== "ok") return invalidPoc(verdict, witnesses);

  const scale = heliumTxScale(ctx.density, bgw.location);
  const first = witnesses.length > 0 ? witnesses[0].receivedMs : 0;
  const seen = new Set<string>();
  const verified: (HeliumWitnessOutcome & { receivedMs: number })[] = [];
  for (const w of witnesses) {
    let reason: "Valid" | HeliumReason;
    if (seen.has(w.key)) reason = "Duplicate";
    else {
      seen.add(w.key);
      const wgw = ctx.gateways.get(w.key);
      if (!wgw) reason = "GatewayNotFound";
      else if (wgw.location === null) reason = "NotAsserted";
      else {
        const v = verifyHeliumWitness(rules, w, wgw, beacon, bgw, first);
        reason = v === "ok" ? "Valid" : v;
        if (reason === "Valid") state.lastWitness.set(w.key, w.receivedMs);
      }
    }
    const valid = reason === "Valid";
    verified.push({ key: w.key, reason, side: valid ? "none" : "witness", selected: false, rewardUnit: HeliumDecimal.ZERO, hexScale: valid ? scale : null, receivedMs: w.receivedMs });
  }

  if (!withinReciprocity(state.lastWitness.get(beacon.key), beacon.receivedMs)) return invalidPoc("GatewayNoValidWitnesses", witnesses);
  for (const v of verified) {
    if (v.reason === "Valid" && !withinReciprocity(state.lastBeaconRecip.get(v.key), v.receivedMs)) {
      v.reason = "GatewayNoValidBeacons";
      v.side = "witness";
    }
  }

  const byId = new Map(verified.map((v, i) => [String(i), v]));
  const { selected, unselected } = selectHeliumWitnesses(
    verified.map((v, i) => ({ id: String(i), receivedMs: v.receivedMs, reason: v.reason })),
    ctx.maxWitnesses,
  );
  const units = heliumRewardUnits(selected.length);
  const out: HeliumWitnessOutcome[] = [];
  for (const id of selected) {
    const { receivedMs: _r, ...v } = byId.get(id)!;
    out.push({ ...v, selected: true, rewardUnit: units.perWitness });
  }
  for (const id of unselected) {
    const { receivedMs: _r, ...v } = byId.get(id)!;
    out.push(v);
  }
  return { beacon: "Valid", beaconRewardUnit: units.beaconer, beaconHexScale: scale, witnesses: out };
}

// ---------------------------------------------------------------- rewards

const D = (s: string) => HeliumDecimal.parse(s);

/** reward_share.rs `get_scheduled_poc_tokens`: beacon 6 % and witness 24 % of emissions, plus 20 % / 80 % of unused data-transfer rewards. */
export function heliumScheduledPocTokens(epochEmissions: HeliumDecimal, dcRemainder: HeliumDecimal): { beacon: HeliumDecimal; witness: HeliumDecimal } {
  return {
    beacon: epochEmissions.mul(D("0.06")).add(dcRemainder.mul(D("0.20"))),
    witness: epochEmissions.mul(D("0.24")).add(dcRemainder.mul(D("0.80"))),
  };
}

/** data transfer 50 %, operations 7 %, oracles 7 % of emissions. */
export const heliumScheduledDcTokens = (e: HeliumDecimal) => e.mul(D("0.50"));
export const heliumScheduledOperationsTokens = (e: HeliumDecimal) => e.mul(D("0.07"));
export const heliumScheduledOracleTokens = (e: HeliumDecimal) => e.mul(D("0.07"));

/** lib.rs `PriceInfo::new`. */
export function heliumPriceInfo(priceInBones: number | bigint, decimals: number): { pricePerToken: HeliumDecimal; pricePerBone: HeliumDecimal } {
  const unit = HeliumDecimal.fromInt(10n ** BigInt(decimals));
  const pricePerToken = HeliumDecimal.fromInt(priceInBones).div(unit);
  return { pricePerToken, pricePerBone: pricePerToken.div(unit) };
}

/** `dc_to_hnt_bones`: 1 DC = 0.00001 USD, ceiling at 15 dp. */
export function heliumDcToHntBones(dc: HeliumDecimal, pricePerBone: HeliumDecimal): HeliumDecimal {
  return dc.mul(D("0.00001")).div(pricePerBone).roundDp(15, "ToPositiveInfinity");
}

/** reward_share.rs tests' inverse helper `hnt_bones_to_dc` (floor to whole DC). */
export function heliumHntBonesToDc(bones: HeliumDecimal, pricePerBone: HeliumDecimal): HeliumDecimal {
  return bones.mul(pricePerBone).div(D("0.00001")).roundDp(0, "ToNegativeInfinity");
}

export interface HeliumGatewayShares {
  key: string;
  /** Σ hex_scale × reward_unit over the epoch's valid beacons */
  beaconShares: HeliumDecimal;
  /** Σ hex_scale × reward_unit over the epoch's selected valid witnesses */
  witnessShares: HeliumDecimal;
  dcShares: HeliumDecimal;
}

export interface HeliumAllocation {
  beaconPerShare: HeliumDecimal;
  witnessPerShare: HeliumDecimal;
  dcPerShare: HeliumDecimal;
  /** gateways with a non-zero amount, in input order */
  rewards: { key: string; beacon: bigint; witness: bigint; dc: bigint }[];
  /** keys left out because every amount truncated to zero */
  absent: string[];
  unallocatedPoc: bigint;
}

/**
 * `calculate_rewards_per_share` + `into_reward_shares` + `reward_poc_and_dc`: separate
 * beacon, witness and DC pools; per-share rate = round_dp(pool / shares, 15) half-even;
 * amounts truncated to whole bones; the unallocated PoC amount is what truncation left.
 */
export function heliumAllocateRewards(epochEmissions: HeliumDecimal, pricePerBone: HeliumDecimal, gateways: readonly HeliumGatewayShares[]): HeliumAllocation {
  let tb = HeliumDecimal.ZERO;
  let tw = HeliumDecimal.ZERO;
  let td = HeliumDecimal.ZERO;
  for (const g of gateways) {
    tb = tb.add(g.beaconShares);
    tw = tw.add(g.witnessShares);
    td = td.add(g.dcShares);
  }
  const dcPool = heliumScheduledDcTokens(epochEmissions);
  const used = heliumDcToHntBones(td, pricePerBone);
  const [unused, capped] = used.cmp(dcPool) <= 0 ? [dcPool.sub(used), used] : [HeliumDecimal.ZERO, dcPool];
  const pools = heliumScheduledPocTokens(epochEmissions, unused);
  const perShare = (total: HeliumDecimal, shares: HeliumDecimal) =>
    shares.cmp(HeliumDecimal.ZERO) > 0 ? total.div(shares).roundDp(15, "MidpointNearestEven") : HeliumDecimal.ZERO;
  const beaconPerShare = perShare(pools.beacon, tb);
  const witnessPerShare = perShare(pools.witness, tw);
  const dcPerShare = perShare(capped, td);
  const rewards: HeliumAllocation["rewards"] = [];
  const absent: string[] = [];
  let allocated = 0n;
  for (const g of gateways) {
    const r = { key: g.key, beacon: beaconPerShare.mul(g.beaconShares).truncToU64(), witness: witnessPerShare.mul(g.witnessShares).truncToU64(), dc: dcPerShare.mul(g.dcShares).truncToU64() };
    if (r.beacon > 0n || r.witness > 0n || r.dc > 0n) {
      rewards.push(r);
      allocated += r.beacon + r.witness + r.dc;
    } else absent.push(g.key);
  }
  const base = heliumScheduledPocTokens(epochEmissions, HeliumDecimal.ZERO);
  const unallocatedPoc = base.beacon.add(base.witness).add(dcPool).sub(HeliumDecimal.fromInt(allocated)).truncToU64();
  return { beaconPerShare, witnessPerShare, dcPerShare, rewards, absent, unallocatedPoc };
}

/** Decodes hex region params once (`BlockchainRegionParamsV1`). */
export function heliumRegionParamsFromHex(hex: string): HeliumRegionParam[] {
  return decodeRegionParams(Uint8Array.from(Buffer.from(hex, "hex")));
}
