// Everything the verifier's stages share for one epoch. Ingestion fills the
// beacon and witness columns (in arrival order, which no decision may depend
// on); `PocVerifier.finish()` then runs its profile's stages, each reading what
// earlier stages wrote. Fields are grouped by the stage that writes them.
//
// Indices: hotspots by registry index (base58 key order); beacons by ingestion
// index `bi`; beacon groups `g` (one per beaconer + payload) by first sighting;
// witness rows `r` by ingestion. Any loop whose result depends on order runs in
// a canonical order (beacon id, hotspot index), never in these raw orders.

import type { EntropyRecord } from "@hexpin/sdk";
import type { ValidBeacon } from "../types";
import type { PocState } from "../state/poc-state";
import type { PathLossModel, PocConfig } from "./config";
import type { HotspotIndex } from "./registry";
import type { PriorState } from "./prior";
import { GrowableColumn } from "./columns";
import type { HeliumWork } from "./helium-work";

export interface EpochWindow {
  startMs: number;
  endMs: number;
}

/** Per (beaconer, witness) pair of the epoch, in CSR by beaconer (see stages/link-table.ts). */
export interface LinkTable {
  /** pairs of beaconer b are [start[b], start[b + 1]). */
  start: Uint32Array;
  witness: Uint32Array;
  /** accepted beacons of the beaconer the witness reported (any verdict but duplicate). */
  heard: Uint8Array;
  /** of those, links that passed every link rule. */
  valid: Uint8Array;
  /** of those, links rejected as stronger than free space or the model allows at the asserted distance. */
  strong: Uint8Array;
  /** Σ of valid links' residuals against the model, tenths of dB (positive = weaker than the model). */
  sumR10: Int32Array;
  /** Σ of valid links' RSSI, tenths of dBm. */
  sumRssi10: Int32Array;
  /** asserted distance, whole metres. */
  distM: Uint32Array;
  /** set by the independence stage: 1 when the witness is independent evidence about the beaconer. */
  independent: Uint8Array;
  /** accepted beacons per beaconer when the table was built. */
  beacons: Uint16Array;
  /** each witness row's pair (−1 for rows of beacons not in the table). */
  rowPair: Int32Array;
}

/** The per-row columns big enough to be worth releasing before the epoch ends. */
export type ReleasableColumn = "wGroup" | "wRecv" | "wFreq" | "wRssi" | "rowDist" | "rowY10";

export class EpochWork {
  // ---- inputs
  readonly n: number;
  readonly entropyById = new Map<number, EntropyRecord>();
  /** entropy records by publication time, then id (for later-entropy selection seeds). */
  readonly entropyByTime: EntropyRecord[];
  /** owner of each hotspot as a dense id (equal owners, equal ids). */
  readonly ownerId: Int32Array;
  /** receive time of each hotspot's last accepted beacon before this epoch (−Infinity: none). */
  readonly lastBeaconBefore: Float64Array;

  // ---- ingestion
  readonly verdicts = new GrowableColumn(Uint8Array, 1 << 16);
  readonly participant: Uint8Array;
  /** set when a hotspot signed evidence of fraud (see TrustConfig.signedFraudPenaltyBps); set-only, so order-free. */
  readonly signedFraud: Uint8Array;
  readonly bSeq: number[] = [];
  readonly bHot: number[] = [];
  readonly bRecv: number[] = [];
  readonly bGroup: number[] = [];
  readonly bFreq: number[] = [];
  readonly bTx: number[] = [];
  readonly bReason: number[] = [];
  readonly bId: (Uint8Array | null)[] = [];
  readonly bEntropy: number[] = [];
  readonly groupByKey = new Map<string, number>();
  readonly gBeaconer: number[] = [];
  readonly gBeacons: number[][] = [];
  readonly wSeq = new GrowableColumn(Uint32Array);
  readonly wHot = new GrowableColumn(Uint32Array);
  readonly wGroup = new GrowableColumn(Uint32Array);
  readonly wRecv = new GrowableColumn(Float64Array);
  readonly wFreq = new GrowableColumn(Uint32Array);
  readonly wRssi = new GrowableColumn(Int16Array);

  // ---- schedule-beacons
  bFinal = new Int32Array(0);
  bIdHex: string[] = [];
  /** each hotspot's last beacon kept by the schedule (this epoch or before), unix ms; −Infinity: none. */
  lastBeaconMs = new Float64Array(0);
  // ---- group-witness-rows
  /** each group's accepted beacon index, or −1. */
  gAccepted = new Int32Array(0);
  /** the reason a group's witnesses inherit when it has no accepted beacon. */
  gReason = new Int32Array(0);
  /** witness rows grouped by beacon group: rows of g are rows[rowStart[g] .. rowStart[g + 1]), sorted by (witness, receive time, …). */
  rowStart = new Uint32Array(1);
  rows = new Uint32Array(0);
  rowReason = new Uint8Array(0);
  // ---- link-rules
  rowDist = new Uint32Array(0);
  /** observed path loss of the link, tenths of dB: declared tx + both asserted gains − RSSI. */
  rowY10 = new Int16Array(0);
  // ---- calibrate-*
  model: PathLossModel | null = null;
  /** false while the model is only the configured fallback (nothing calibrated yet): negative evidence then convicts nobody. */
  modelCalibrated = true;
  // ---- beacon-geometry
  geoFlag = new Uint8Array(0);
  // ---- link-bias, reciprocity
  biasFlag = new Uint8Array(0);
  recipFail = new Uint8Array(0);
  // ---- link-table
  links: LinkTable | null = null;
  /**
   * where receptions stop in practice: the `radio.floorQuantile` quantile of valid
   * links' RSSI, tenths of dBm, bounded to [sensitivity, sensitivity +
   * maxFloorAboveSensitivityDb] (the rejection threshold is set below any real
   * receiver on purpose, so it cannot serve as the censoring point).
   */
  hearingFloorDbm10 = 0;
  // ---- witness-graph
  /** mutual-witnessing adjacency (CSR by hotspot, neighbours ascending). */
  mutualStart = new Uint32Array(0);
  mutualNeighbour = new Uint32Array(0);
  /** the graph the next state carries (registry indices, lo < hi, sorted). */
  nextEdges: { lo: Uint32Array; hi: Uint32Array; loHeardHi: Uint16Array; hiHeardLo: Uint16Array } | null = null;
  // ---- shared-radios
  /** shared-radio group id per hotspot (its own index when alone), and the group's size. */
  radioGroup = new Int32Array(0);
  radioGroupSize = new Int32Array(0);
  // ---- verify-beacons
  credible = new Uint8Array(0);
  /** verified beacons this epoch (0 outside anchored components). */
  verified: Int32Array = new Int32Array(0);
  anchored = new Uint8Array(0);
  /** distance of the second-farthest verified independent witness this epoch, metres. */
  reachEpochM = new Uint32Array(0);
  /** radios that vouched for each beaconer this epoch and are not thinly vouched themselves. */
  strongVouchers = new Int32Array(0);
  // ---- estimate-radios
  txOffsetDb10 = new Int16Array(0);
  txWeight10 = new Uint16Array(0);
  rxOffsetDb10 = new Int16Array(0);
  rxWeight10 = new Uint16Array(0);
  /** this epoch's own evidence weight behind txOffsetDb10 (without the prior). */
  txEvidence = new Float64Array(0);
  contradicted = new Uint8Array(0);
  tooStrong = new Uint8Array(0);
  radioEstimated = false;
  // ---- trust-*
  /** this epoch's trust per hotspot, bps; −1 for non-participants. */
  trust = new Int32Array(0);
  // ---- next-state (reach is also part of the outcome's measured radio)
  reachM = new Uint32Array(0);
  // ---- select-witnesses
  beacons: ValidBeacon[] = [];
  // ---- next-state
  nextState: PocState | null = null;
  // ---- the helium profile's own data (helium-work.ts); null under other profiles
  helium: HeliumWork | null = null;
  /** transmit scale per hotspot key, UNIT (helium-density); null: scoring computes hexpin's HIP-17 scales. */
  txScale: Record<string, number> | null = null;

  constructor(
    readonly cfg: PocConfig,
    readonly reg: HotspotIndex,
    readonly window: EpochWindow,
    entropy: readonly EntropyRecord[],
    readonly prior: PriorState,
    /** the epoch being verified (written into the next state). */
    readonly epoch: number,
    /** schedule carry-over given directly (bundle config), merged with the prior state's. */
    lastBeaconBeforeMs: Readonly<Record<string, number>>,
  ) {
    this.n = reg.size;
    for (const e of entropy) {
      if (this.entropyById.has(e.id)) throw new Error(`duplicate entropy id ${e.id}`);
      this.entropyById.set(e.id, e);
    }
    this.entropyByTime = [...entropy].sort((a, b) => a.publishedAtMs - b.publishedAtMs || a.id - b.id);
    this.participant = new Uint8Array(this.n);
    this.signedFraud = new Uint8Array(this.n);
    // flags stay all-zero when the profile does not run the stage that sets them.
    for (const f of ["geoFlag", "biasFlag", "recipFail", "credible", "anchored", "contradicted", "tooStrong"] as const) this[f] = new Uint8Array(this.n);
    this.verified = new Int32Array(this.n);
    this.reachEpochM = new Uint32Array(this.n);
    this.radioGroup = Int32Array.from({ length: this.n }, (_, i) => i);
    this.radioGroupSize = new Int32Array(this.n).fill(1);
    this.lastBeaconBefore = Float64Array.from(prior.lastBeaconMs);
    for (const [k, t] of Object.entries(lastBeaconBeforeMs)) {
      const i = reg.indexOf(k);
      if (i >= 0 && t > this.lastBeaconBefore[i]) this.lastBeaconBefore[i] = t;
    }
    const owners = new Map<string, number>();
    this.ownerId = Int32Array.from(reg.infos, (h) => {
      let id = owners.get(h.owner);
      if (id === undefined) owners.set(h.owner, (id = owners.size));
      return id;
    });
  }

  /**
   * Drops a per-row column no later stage reads (see stages/index.ts
   * RELEASABLE_READERS); reading it afterwards throws, naming the stage it was
   * released after, rather than yielding an empty column.
   */
  release(field: ReleasableColumn, afterStage: string): void {
    Object.defineProperty(this, field, {
      configurable: true,
      get() {
        throw new Error(`EpochWork.${field} was released after stage ${afterStage}: a later stage reads it, so list that stage in RELEASABLE_READERS`);
      },
    });
  }

  /** Rows of group g (a view; sorted once group-witness-rows ran). */
  rowsOf(g: number): Uint32Array {
    return this.rows.subarray(this.rowStart[g], this.rowStart[g + 1]);
  }

  /** Groups whose beacon is (still) accepted, in beacon-id order: the canonical order of per-beacon loops. */
  acceptedGroupsById(): number[] {
    if (!this.groupsById) {
      const gs: number[] = [];
      for (let g = 0; g < this.gAccepted.length; g++) if (this.gAccepted[g] >= 0) gs.push(g);
      this.groupsById = gs.sort((a, b) => cmp(this.bIdHex[this.gAccepted[a]], this.bIdHex[this.gAccepted[b]]));
    }
    return this.groupsById.filter((g) => this.bFinal[this.gAccepted[g]] === 0);
  }

  private groupsById: number[] | null = null;

  /** The calibrated (or fixed) model; stages after calibration only. */
  get pathLoss(): PathLossModel {
    if (!this.model) throw new Error("no path-loss model yet: a calibrate stage must run first");
    return this.model;
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
