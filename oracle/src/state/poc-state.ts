// The PoC state one epoch hands to the next: what the verifier learnt about each
// hotspot (trust, measured radio, where it was heard), the witness graph and the
// path-loss calibration. It is an input of the next epoch, so it is plain integer
// data with one canonical encoding (see encoding.ts) whose sha256 the next
// epoch's bundle commits to: anyone holding the bundle and the published state
// recomputes the root bit for bit.
//
// Every number is an integer in the unit its name says, so no float ever
// crosses an epoch boundary.

/** Encoding version; bumped on any layout change (decoders refuse others). */
export const POC_STATE_VERSION = 1;

/** Fixed-point scale of witness-graph edge weights: one heard beacon adds this much. */
export const EDGE_WEIGHT_ONE = 16;
export const EDGE_WEIGHT_MAX = 0xffff;

/** What the verifier keeps about one hotspot between epochs. */
export interface HotspotRecord {
  /** base58 hardware key. */
  key: string;
  /** the asserted H3 res-12 cell these estimates were made at (null: never asserted); a move resets them. */
  location: string | null;
  /** smoothed PoC trust, 0..10000 bps; starts at 0 and is earned. */
  trustBps: number;
  /** measured transmit offset against the calibrated model at the standard EIRP, tenths of dB. */
  txOffsetDb10: number;
  /** its weight: effective independent observations × 10 (decays each epoch). */
  txWeight10: number;
  /** measured receive offset (antenna, site, height) against the model, tenths of dB. */
  rxOffsetDb10: number;
  rxWeight10: number;
  /** how far away independent witnesses verifiably heard it, metres (decays each epoch). */
  reachM: number;
  /** oracle receive time of its last accepted beacon, unix ms (0: none); the beacon schedule carries over. */
  lastBeaconMs: number;
  /**
   * `helium` profile only (absent or 0: none): Helium's `last_beacon_recip`, the receive
   * time of its last beacon that passed the beacon checks carrying at least one witness
   * report, and `last_witness`, of its last witness that passed every per-report check.
   * (Under `helium`, `lastBeaconMs` is Helium's `last_beacon`: its last beacon that
   * reached the schedule check, valid or not.)
   */
  lastBeaconRecipMs?: number;
  lastWitnessMs?: number;
}

/**
 * The witness graph: one entry per unordered pair of hotspots (indices into
 * `PocState.hotspots`, a < b) with decayed counts of valid witness events in each
 * direction, in units of EDGE_WEIGHT_ONE. Typed columns: a 100k-hotspot network
 * has millions of edges.
 */
export interface WitnessEdges {
  a: Uint32Array;
  b: Uint32Array;
  /** a heard b's beacons. */
  aHeardB: Uint16Array;
  /** b heard a's beacons. */
  bHeardA: Uint16Array;
}

/** The calibrated log-distance model PL(d) = intercept + 10·exponent·log10(d / 1 m), quantised. */
export interface PathLossCalibration {
  interceptDb100: number;
  exponent1000: number;
  sigmaDb100: number;
}

export interface PocState {
  version: typeof POC_STATE_VERSION;
  /** the epoch whose verification produced this state (it is the input of epoch + 1). */
  epoch: number;
  calibration: PathLossCalibration | null;
  /** sorted by key (JS string order, as the registry sorts), unique. */
  hotspots: HotspotRecord[];
  edges: WitnessEdges;
}

export function emptyEdges(): WitnessEdges {
  return { a: new Uint32Array(0), b: new Uint32Array(0), aHeardB: new Uint16Array(0), bHeardA: new Uint16Array(0) };
}

/** A record with nothing learnt yet: trust 0, no measurements. */
export function freshRecord(key: string, location: string | null): HotspotRecord {
  return { key, location, trustBps: 0, txOffsetDb10: 0, txWeight10: 0, rxOffsetDb10: 0, rxWeight10: 0, reachM: 0, lastBeaconMs: 0 };
}
