// The streaming PoC verifier: ingest an epoch's reports one at a time, in any
// order, then `finish()` once. Ingestion only does per-report work that needs no
// other report (identity, entropy, payload regeneration, channel plan); every
// decision that compares reports (schedule, duplicates, timing, geometry,
// reciprocity, selection) happens in `finish()` over data sorted by stable keys —
// hotspot index (= base58 key order), receive time, beacon id — never arrival
// order, so any permutation of the same reports yields a byte-identical outcome.
//
// Rule order, first failure wins (each rejected report is counted once):
//   beacon:  unknown_hotspot, unasserted_hotspot, denylisted_hotspot,
//            entropy_out_of_window, outside_channel_plan, beacon_payload_mismatch,
//            beacon_too_frequent, geometry_inconsistent, no_reciprocity
//   witness: unknown_hotspot, beacon_not_found (unknown beaconer), unasserted_hotspot,
//            denylisted_hotspot, self_witness, denylisted_pair, outside_channel_plan,
//            [beacon missing: witness_payload_mismatch if the beaconer beaconed other
//            payloads, else beacon_not_found; beacon rejected: the beacon's reason],
//            duplicate_witness, entropy_out_of_window, witness_too_late,
//            frequency_mismatch, too_close, too_far, signal_too_strong,
//            geometry_inconsistent, no_reciprocity, then not_selected beyond the cap.

import { createHash } from "node:crypto";
import { deriveBeacon, encodeReport, reportBody, maxConductedPowerDbm10, EntropyRecord, BeaconReport, WitnessReport } from "@hexpin/sdk";
import { HotspotInfo, PocOutcome, ReasonCode, ValidBeacon } from "../types";
import { ReceivedReport } from "../ingest/received";
import { PocConfig, PathLossModel, defaultPocConfig } from "./config";
import { ACCEPTED, REASON_CODES, reasonId, reasonOf } from "./reasons";
import { HotspotIndex, latin1 } from "./registry";
import { GrowableColumn } from "./columns";
import { greatCircleM, fsplDb10, cellGridDistance } from "./geodesy";
import { PathLossCalibrator, testBeaconGeometry } from "./geometry";
import { selectWitnesses } from "./selection";

/** The epoch's receive-time window, [startMs, endMs). Beacons received outside it are out of window. */
export interface EpochWindow {
  startMs: number;
  endMs: number;
}

export interface Denylist {
  hotspots?: readonly string[];
  /** unordered beaconer/witness pairs whose witnessing does not count. */
  pairs?: readonly (readonly [string, string])[];
}

export interface PocInputs {
  hotspots: readonly HotspotInfo[];
  /** every entropy record a beacon of this epoch may quote. */
  entropy: readonly EntropyRecord[];
  window: EpochWindow;
  denylist?: Denylist;
  /** receive time of each hotspot's last accepted beacon before this window, for the schedule rule. */
  lastBeaconBeforeMs?: Readonly<Record<string, number>>;
}

/** Beyond this distance H3 grid distance 8 at resolution 11 is impossible (cells are < 70 m across). */
const CELL_CHECK_MAX_M = 2_000;

const R = {
  unknown: reasonId("unknown_hotspot"),
  unasserted: reasonId("unasserted_hotspot"),
  denied: reasonId("denylisted_hotspot"),
  deniedPair: reasonId("denylisted_pair"),
  entropy: reasonId("entropy_out_of_window"),
  tooFrequent: reasonId("beacon_too_frequent"),
  payload: reasonId("beacon_payload_mismatch"),
  notFound: reasonId("beacon_not_found"),
  duplicate: reasonId("duplicate_witness"),
  self: reasonId("self_witness"),
  late: reasonId("witness_too_late"),
  witnessPayload: reasonId("witness_payload_mismatch"),
  frequency: reasonId("frequency_mismatch"),
  plan: reasonId("outside_channel_plan"),
  close: reasonId("too_close"),
  far: reasonId("too_far"),
  strong: reasonId("signal_too_strong"),
  reciprocity: reasonId("no_reciprocity"),
  geometry: reasonId("geometry_inconsistent"),
  notSelected: reasonId("not_selected"),
};

export class PocVerifier {
  readonly config: PocConfig;
  private readonly reg: HotspotIndex;
  private readonly window: EpochWindow;
  private readonly entropyById = new Map<number, EntropyRecord>();
  private readonly deniedHotspot: Uint8Array;
  private readonly deniedPairs = new Set<number>();
  private readonly lastBeaconBefore: Float64Array;
  private readonly participant: Uint8Array;
  /** set when a hotspot signed evidence of fraud (see TrustConfig.signedFraudPenaltyBps); set-only, so order-free. */
  private readonly signedFraud: Uint8Array;
  private finished = false;

  private verdicts = new GrowableColumn(Uint8Array, 1 << 16);

  // beacons (few: one per hotspot per interval), plain arrays
  private readonly bSeq: number[] = [];
  private readonly bHot: number[] = [];
  private readonly bRecv: number[] = [];
  private readonly bGroup: number[] = [];
  private readonly bFreq: number[] = [];
  private readonly bTx: number[] = [];
  private readonly bReason: number[] = [];
  private readonly bId: (Uint8Array | null)[] = [];
  private readonly bEntropy: number[] = [];

  // groups: one per (beaconer, payload) seen in a beacon or witness
  private readonly groupByKey = new Map<string, number>();
  private readonly gBeaconer: number[] = [];
  private readonly gBeacons: number[][] = [];

  // witness rows (many), typed columns
  private readonly wSeq = new GrowableColumn(Uint32Array);
  private readonly wHot = new GrowableColumn(Uint32Array);
  private readonly wGroup = new GrowableColumn(Uint32Array);
  private readonly wRecv = new GrowableColumn(Float64Array);
  private readonly wFreq = new GrowableColumn(Uint32Array);
  private readonly wRssi = new GrowableColumn(Int16Array);

  private model: PathLossModel | null = null;

  constructor(inputs: PocInputs, config: PocConfig = defaultPocConfig()) {
    this.config = config;
    this.window = inputs.window;
    this.reg = new HotspotIndex(inputs.hotspots, config.cellDistanceResolution);
    for (const e of inputs.entropy) {
      if (this.entropyById.has(e.id)) throw new Error(`duplicate entropy id ${e.id}`);
      this.entropyById.set(e.id, e);
    }
    this.deniedHotspot = new Uint8Array(this.reg.size);
    for (const k of inputs.denylist?.hotspots ?? []) {
      const i = this.reg.indexOf(k);
      if (i >= 0) this.deniedHotspot[i] = 1;
    }
    for (const [a, b] of inputs.denylist?.pairs ?? []) {
      const i = this.reg.indexOf(a);
      const j = this.reg.indexOf(b);
      if (i >= 0 && j >= 0) this.deniedPairs.add(this.pairKey(i, j));
    }
    this.lastBeaconBefore = new Float64Array(this.reg.size).fill(-Infinity);
    for (const [k, t] of Object.entries(inputs.lastBeaconBeforeMs ?? {})) {
      const i = this.reg.indexOf(k);
      if (i >= 0) this.lastBeaconBefore[i] = t;
    }
    this.participant = new Uint8Array(this.reg.size);
    this.signedFraud = new Uint8Array(this.reg.size);
  }

  /** Reports ingested or rejected so far; also the next report's sequence number. */
  get ingested(): number {
    return this.verdicts.length;
  }

  /** The path-loss model `finish()` used for geometry (calibrated or configured). */
  get pathLossModel(): PathLossModel | null {
    return this.model;
  }

  /** Counts a report refused before decoding or signature checking. Returns its sequence number. */
  reject(reason: "malformed" | "bad_signature"): number {
    this.assertOpen();
    return this.push(reasonId(reason));
  }

  /** Takes one decoded, signature-checked report. Returns its sequence number (see `verdict`). */
  ingest(r: ReceivedReport): number {
    this.assertOpen();
    return r.report.kind === "beacon" ? this.ingestBeacon(r.report, r.receivedAtMs) : this.ingestWitness(r.report, r.receivedAtMs);
  }

  /** After `finish()`: why report `seq` did not count (`not_selected` included), or null if it counted. */
  verdict(seq: number): ReasonCode | null {
    if (!this.finished) throw new Error("verdicts exist only after finish()");
    return reasonOf(this.verdicts.data[seq]);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error("verifier already finished");
  }

  private push(verdict: number): number {
    this.verdicts.push(verdict);
    return this.verdicts.length - 1;
  }

  private pairKey(i: number, j: number): number {
    return i < j ? i * this.reg.size + j : j * this.reg.size + i;
  }

  private group(beaconer: number, key: string): number {
    let g = this.groupByKey.get(key);
    if (g === undefined) {
      g = this.gBeaconer.length;
      this.groupByKey.set(key, g);
      this.gBeaconer.push(beaconer);
      this.gBeacons.push([]);
    }
    return g;
  }

  private identityReason(h: number): number {
    if (!this.reg.asserted[h]) return R.unasserted;
    if (this.deniedHotspot[h]) return R.denied;
    return ACCEPTED;
  }

  private ingestBeacon(b: BeaconReport, recv: number): number {
    const h = this.reg.indexOfRaw(b.hotspotKey);
    if (h < 0) return this.push(R.unknown);
    let reason = this.identityReason(h);
    const ent = this.entropyById.get(b.entropyId);
    const plan = this.config.region;
    if (reason === ACCEPTED) {
      this.participant[h] = 1;
      if (!ent || recv < ent.publishedAtMs || recv > ent.publishedAtMs + this.config.entropyLifespanMs || recv < this.window.startMs || recv >= this.window.endMs) {
        reason = R.entropy;
      } else if (!plan.channelsHz.includes(b.frequencyHz)) {
        reason = R.plan;
      } else {
        const d = deriveBeacon(ent.value, b.hotspotKey, b.localEntropy, plan);
        if (
          !bytesEqual(b.entropyValue, ent.value) ||
          !bytesEqual(b.payload, d.payload) ||
          b.frequencyHz !== d.frequencyHz ||
          b.txPowerDbm10 > maxConductedPowerDbm10(plan, this.reg.gainDbi10[h])
        ) {
          reason = R.payload;
          this.signedFraud[h] = 1;
        }
      }
    }
    const seq = this.push(reason);
    const g = this.group(h, latin1(b.hotspotKey) + latin1(b.payload));
    const idx = this.bSeq.length;
    this.gBeacons[g].push(idx);
    this.bSeq.push(seq);
    this.bHot.push(h);
    this.bRecv.push(recv);
    this.bGroup.push(g);
    this.bFreq.push(b.frequencyHz);
    this.bTx.push(b.txPowerDbm10);
    this.bReason.push(reason);
    this.bEntropy.push(b.entropyId);
    this.bId.push(reason === ACCEPTED ? new Uint8Array(createHash("sha256").update(reportBody(encodeReport(b))).digest()) : null);
    return seq;
  }

  private ingestWitness(w: WitnessReport, recv: number): number {
    const h = this.reg.indexOfRaw(w.witnessKey);
    if (h < 0) return this.push(R.unknown);
    const b = this.reg.indexOfRaw(w.beaconerKey);
    if (b < 0) return this.push(R.notFound);
    const id = this.identityReason(h);
    if (id !== ACCEPTED) return this.push(id);
    this.participant[h] = 1;
    if (h === b) {
      this.signedFraud[h] = 1;
      return this.push(R.self);
    }
    if (this.deniedPairs.size > 0 && this.deniedPairs.has(this.pairKey(h, b))) return this.push(R.deniedPair);
    if (!this.nearPlanChannel(w.frequencyHz)) return this.push(R.plan);
    const seq = this.push(ACCEPTED);
    this.wSeq.push(seq);
    this.wHot.push(h);
    this.wGroup.push(this.group(b, latin1(w.beaconerKey) + latin1(w.payload)));
    this.wRecv.push(recv);
    this.wFreq.push(w.frequencyHz);
    this.wRssi.push(w.rssiDbm10);
    return seq;
  }

  private nearPlanChannel(f: number): boolean {
    const tol = this.config.frequencyToleranceHz;
    for (const c of this.config.region.channelsHz) if (Math.abs(f - c) <= tol) return true;
    return false;
  }

  /** Applies every cross-report rule and returns the epoch's outcome. Call once. */
  finish(): PocOutcome {
    this.assertOpen();
    this.finished = true;
    const cfg = this.config;
    const reg = this.reg;
    const verdict = this.verdicts.data;
    const nB = this.bSeq.length;
    const nG = this.gBeaconer.length;

    // 1. beacon schedule: per hotspot, by (receive time, beacon id), greedy.
    const bFinal = Int32Array.from(this.bReason);
    const bIdHex = this.bId.map((x) => (x ? Buffer.from(x).toString("hex") : ""));
    const perHot = new Map<number, number[]>();
    for (let i = 0; i < nB; i++) {
      if (bFinal[i] !== ACCEPTED) continue;
      let l = perHot.get(this.bHot[i]);
      if (!l) perHot.set(this.bHot[i], (l = []));
      l.push(i);
    }
    const minGap = cfg.beaconIntervalMs - cfg.beaconIntervalToleranceMs;
    for (const [h, list] of perHot) {
      list.sort((i, j) => this.bRecv[i] - this.bRecv[j] || cmp(bIdHex[i], bIdHex[j]));
      let last = this.lastBeaconBefore[h];
      for (const i of list) {
        if (this.bRecv[i] - last < minGap) bFinal[i] = R.tooFrequent;
        else last = this.bRecv[i];
      }
    }

    // 2. each group's accepted beacon (at most one: same payload ⇒ same entropy ⇒ within one lifespan).
    const gAccepted = new Int32Array(nG).fill(-1);
    const gReason = new Int32Array(nG);
    const beaconerHasBeacon = new Uint8Array(reg.size);
    for (let g = 0; g < nG; g++) {
      const bs = this.gBeacons[g];
      if (bs.length === 0) continue;
      beaconerHasBeacon[this.gBeaconer[g]] = 1;
      let primary = -1;
      for (const i of bs) {
        if (bFinal[i] === ACCEPTED) {
          if (gAccepted[g] < 0 || cmp(bIdHex[i], bIdHex[gAccepted[g]]) < 0) gAccepted[g] = i;
        } else if (primary < 0 || this.bRecv[i] < this.bRecv[primary] || (this.bRecv[i] === this.bRecv[primary] && bFinal[i] < bFinal[primary])) {
          primary = i;
        }
      }
      // should two beacons in one group both survive, the lower id wins and the other is "too frequent".
      for (const i of bs) if (bFinal[i] === ACCEPTED && i !== gAccepted[g]) bFinal[i] = R.tooFrequent;
      gReason[g] = gAccepted[g] >= 0 ? ACCEPTED : bFinal[primary];
    }
    for (let g = 0; g < nG; g++) {
      if (this.gBeacons[g].length === 0) gReason[g] = beaconerHasBeacon[this.gBeaconer[g]] ? R.witnessPayload : R.notFound;
    }

    // 3. witness rows grouped by beacon group (counting sort), each group ordered by
    //    (witness index, receive time, rssi, frequency): arrival order never matters.
    const nW = this.wSeq.length;
    const wHot = this.wHot.view();
    const wGroup = this.wGroup.view();
    const wRecv = this.wRecv.view();
    const wFreq = this.wFreq.view();
    const wRssi = this.wRssi.view();
    const wSeq = this.wSeq.view();
    const start = new Uint32Array(nG + 1);
    for (let r = 0; r < nW; r++) start[wGroup[r] + 1]++;
    for (let g = 0; g < nG; g++) start[g + 1] += start[g];
    const rows = new Uint32Array(nW);
    const fill = start.slice(0, nG);
    for (let r = 0; r < nW; r++) rows[fill[wGroup[r]]++] = r;
    const rowOrder = (a: number, b: number) => wHot[a] - wHot[b] || wRecv[a] - wRecv[b] || wRssi[a] - wRssi[b] || wFreq[a] - wFreq[b] || wSeq[a] - wSeq[b];

    const rowReason = new Uint8Array(nW);
    const rowDist = new Uint32Array(nW);
    const rowY10 = new Int16Array(nW);
    const calibrator = new PathLossCalibrator();
    const rowsOf = (g: number) => rows.subarray(start[g], start[g + 1]);

    // 4. per-link rules for witnesses of accepted beacons.
    for (let g = 0; g < nG; g++) {
      const rs = rowsOf(g);
      if (rs.length === 0) continue;
      const bi = gAccepted[g];
      if (bi < 0) {
        for (const r of rs) rowReason[r] = gReason[g];
        continue;
      }
      rs.sort(rowOrder);
      const bh = this.bHot[bi];
      const bRecv = this.bRecv[bi];
      const ent = this.entropyById.get(this.bEntropy[bi])!;
      let first = Infinity;
      for (let k = 0; k < rs.length; k++) {
        const r = rs[k];
        if (k > 0 && wHot[rs[k - 1]] === wHot[r]) rowReason[r] = R.duplicate;
        else if (wRecv[r] < ent.publishedAtMs) rowReason[r] = R.entropy;
        else if (wRecv[r] < first) first = wRecv[r];
      }
      for (const r of rs) {
        if (rowReason[r] !== ACCEPTED) continue;
        const w = wHot[r];
        if (wRecv[r] > bRecv + cfg.witnessMaxAfterBeaconMs || wRecv[r] > first + cfg.witnessMaxAfterFirstWitnessMs) {
          rowReason[r] = R.late;
          continue;
        }
        if (Math.abs(wFreq[r] - this.bFreq[bi]) > cfg.frequencyToleranceHz) {
          rowReason[r] = R.frequency;
          continue;
        }
        const d = greatCircleM(reg.latRad[bh], reg.lngRad[bh], reg.latRad[w], reg.lngRad[w]);
        if (d < CELL_CHECK_MAX_M && cellGridDistance(reg.parentCell[bh], reg.parentCell[w]) < cfg.minCellDistance) {
          rowReason[r] = R.close;
          continue;
        }
        if (d > cfg.maxDistanceM) {
          rowReason[r] = R.far;
          continue;
        }
        const budget10 = this.bTx[bi] + reg.gainDbi10[bh] + reg.gainDbi10[w];
        if (wRssi[r] > budget10 - fsplDb10(d, wFreq[r]) + cfg.fsplMarginDb10) {
          rowReason[r] = R.strong;
          continue;
        }
        rowDist[r] = d;
        rowY10[r] = budget10 - wRssi[r];
        calibrator.add(10 * Math.log10(d), rowY10[r]);
      }
    }

    // 5. geometry: calibrate once, then test each accepted beacon.
    const gcfg = cfg.geometry;
    const model = gcfg.model === "calibrate" ? calibrator.fit(gcfg) : gcfg.model;
    this.model = model;
    const geoFlag = new Uint8Array(reg.size);
    for (let g = 0; g < nG; g++) {
      const bi = gAccepted[g];
      if (bi < 0) continue;
      const live = Array.from(rowsOf(g)).filter((r) => rowReason[r] === ACCEPTED);
      if (live.length < gcfg.minWitnesses) continue;
      const xs = live.map((r) => 10 * Math.log10(rowDist[r]));
      const ys = live.map((r) => rowY10[r] / 10);
      const t = testBeaconGeometry(xs, ys, model, gcfg);
      if (t.beaconInconsistent) {
        bFinal[bi] = R.geometry;
        geoFlag[this.bHot[bi]] = 1;
        for (const r of live) rowReason[r] = R.geometry;
      } else {
        live.forEach((r, k) => {
          if (t.outlier[k]) rowReason[r] = R.geometry;
        });
      }
    }

    // 6. per-hotspot link bias over surviving links of still-accepted beacons.
    const biasSum = new Float64Array(reg.size);
    const biasN = new Uint32Array(reg.size);
    for (let g = 0; g < nG; g++) {
      const bi = gAccepted[g];
      if (bi < 0 || bFinal[bi] !== ACCEPTED) continue;
      const bh = this.bHot[bi];
      for (const r of rowsOf(g)) {
        if (rowReason[r] !== ACCEPTED) continue;
        const res = rowY10[r] / 10 - (model.interceptDb + model.exponent * 10 * Math.log10(rowDist[r]));
        biasSum[bh] += res;
        biasN[bh]++;
        biasSum[wHot[r]] += res;
        biasN[wHot[r]]++;
      }
    }
    const biasFlag = new Uint8Array(reg.size);
    for (let h = 0; h < reg.size; h++) {
      const n = biasN[h];
      if (n < gcfg.hotspotMinLinks) continue;
      if (Math.abs(biasSum[h] / n) > gcfg.hotspotBiasAllowanceDb + (gcfg.hotspotZ * model.sigmaDb) / Math.sqrt(n)) biasFlag[h] = 1;
    }

    // 7. reciprocity (one pass, on validity so far): a beaconer must have witnessed
    //    something valid; a witness must have had one of its own beacons witnessed.
    const witnessedSomething = new Uint8Array(reg.size);
    const wasWitnessed = new Uint8Array(reg.size);
    for (let g = 0; g < nG; g++) {
      const bi = gAccepted[g];
      if (bi < 0 || bFinal[bi] !== ACCEPTED) continue;
      for (const r of rowsOf(g)) {
        if (rowReason[r] !== ACCEPTED) continue;
        witnessedSomething[wHot[r]] = 1;
        wasWitnessed[this.bHot[bi]] = 1;
      }
    }
    const recipFail = new Uint8Array(reg.size);
    for (let g = 0; g < nG; g++) {
      const bi = gAccepted[g];
      if (bi < 0 || bFinal[bi] !== ACCEPTED) continue;
      const bh = this.bHot[bi];
      if (!witnessedSomething[bh]) {
        bFinal[bi] = R.reciprocity;
        recipFail[bh] = 1;
        for (const r of rowsOf(g)) if (rowReason[r] === ACCEPTED) rowReason[r] = R.reciprocity;
        continue;
      }
      for (const r of rowsOf(g)) {
        if (rowReason[r] === ACCEPTED && !wasWitnessed[wHot[r]]) {
          rowReason[r] = R.reciprocity;
          recipFail[wHot[r]] = 1;
        }
      }
    }

    // 8. beacons rejected after step 4 pass their reason to their remaining witnesses;
    //    fair selection among the valid ones.
    const beacons: ValidBeacon[] = [];
    for (let g = 0; g < nG; g++) {
      const bi = gAccepted[g];
      if (bi < 0) continue;
      const rs = rowsOf(g);
      if (bFinal[bi] !== ACCEPTED) {
        for (const r of rs) if (rowReason[r] === ACCEPTED) rowReason[r] = bFinal[bi];
        continue;
      }
      const valid = Array.from(rs).filter((r) => rowReason[r] === ACCEPTED); // ascending hotspot index = key order
      const ent = this.entropyById.get(this.bEntropy[bi])!;
      const chosen = new Set(selectWitnesses(ent.value, this.bId[bi]!, valid.map((r) => reg.rawKeys[wHot[r]]), cfg.maxWitnessesPerBeacon));
      valid.forEach((r, k) => {
        if (!chosen.has(k)) rowReason[r] = R.notSelected;
      });
      beacons.push({
        beaconer: reg.keys[this.bHot[bi]],
        beaconId: bIdHex[bi],
        receivedAtMs: this.bRecv[bi],
        validWitnesses: valid.map((r) => reg.keys[wHot[r]]),
        selectedWitnesses: valid.filter((_, k) => chosen.has(k)).map((r) => reg.keys[wHot[r]]),
      });
    }
    beacons.sort((a, b) => cmp(a.beaconId, b.beaconId));

    // 9. verdicts and counts.
    for (let i = 0; i < nB; i++) verdict[this.bSeq[i]] = bFinal[i];
    for (let r = 0; r < nW; r++) verdict[wSeq[r]] = rowReason[r];
    const counts = new Array<number>(REASON_CODES.length + 1).fill(0);
    const all = this.verdicts.view();
    for (let i = 0; i < all.length; i++) counts[all[i]]++;
    const reasonCounts: Partial<Record<ReasonCode, number>> = {};
    REASON_CODES.forEach((code, i) => {
      if (counts[i + 1] > 0) reasonCounts[code] = counts[i + 1];
    });

    // 10. trust: participants start at 10000; each kind of flag removes its penalty.
    const trustBps: Record<string, number> = {};
    for (let h = 0; h < reg.size; h++) {
      if (!this.participant[h]) continue;
      let t = 10_000;
      if (recipFail[h]) t -= cfg.trust.reciprocityPenaltyBps;
      if (geoFlag[h]) t -= cfg.trust.beaconGeometryPenaltyBps;
      if (biasFlag[h]) t -= cfg.trust.linkBiasPenaltyBps;
      if (this.signedFraud[h]) t -= cfg.trust.signedFraudPenaltyBps;
      trustBps[reg.keys[h]] = Math.max(0, t);
    }
    return { beacons, reasonCounts, trustBps };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
