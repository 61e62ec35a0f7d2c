// The streaming PoC verifier: ingest an epoch's reports one at a time, in any
// order, then `finish()` once. Ingestion only does per-report work that needs no
// other report (identity, entropy, payload regeneration, declared power, channel
// plan, physically possible readings); every decision that compares reports
// happens in `finish()`, which runs the rule profile's stages (profile.ts,
// stages/) over data sorted by stable keys — hotspot index (= base58 key order),
// receive time, beacon id — never arrival order, so any permutation of the same
// reports yields a byte-identical outcome.
//
// Ingestion rules, first failure wins:
//   beacon:  unknown_hotspot, unasserted_hotspot, denylisted_hotspot,
//            entropy_out_of_window, outside_channel_plan, beacon_payload_mismatch
//            (payload, channel or quoted entropy not derived from the entropy — and,
//            in the helium-derived profile, power above the plan's cap), then
//            (hexpin) nonstandard_tx_power
//   witness: unknown_hotspot, beacon_not_found (unknown beaconer), unasserted_hotspot,
//            denylisted_hotspot, self_witness, denylisted_pair, outside_channel_plan,
//            then (hexpin) below_sensitivity, snr_inconsistent
// The stages' rules follow in profile order; each stage file documents its own.
//
// The `helium` profile ingests differently (Helium decides in its own order, with
// state, in stages/helium-*.ts): a beacon of a known hotspot is kept with only
// unasserted_hotspot / denylisted_hotspot / outside the epoch window decided; a
// witness with a known beaconer and witness is kept with nothing decided
// (witnesses of unknown beaconers: beacon_not_found; of unknown witnesses:
// unknown_hotspot — Helium's loader drops both before its runner).

import { createHash } from "node:crypto";
import { deriveBeacon, encodeReport, reportBody, maxConductedPowerDbm10, EntropyRecord, BeaconReport, WitnessReport } from "@hexpin/sdk";
import { HotspotInfo, MeasuredRadio, PocOutcome, ReasonCode } from "../types";
import { ReceivedReport } from "../ingest/received";
import type { PocState } from "../state/poc-state";
import { PocConfig, PathLossModel, defaultPocConfig } from "./config";
import { ACCEPTED, REASON_CODES, reasonId, reasonOf } from "./reasons";
import { HotspotIndex, latin1 } from "./registry";
import { EpochWindow, EpochWork, ReleasableColumn } from "./epoch-work";
import { PriorState } from "./prior";
import { RuleProfile, profileOf } from "./profile";
import { RELEASABLE_READERS, STAGES, StageName } from "./stages";
import { R } from "./stages/reason-ids";
import { HeliumWork } from "./helium-work";

export type { EpochWindow } from "./epoch-work";

export interface Denylist {
  hotspots?: readonly string[];
  /** unordered beaconer/witness pairs whose witnessing does not count. */
  pairs?: readonly (readonly [string, string])[];
}

export interface PocInputs {
  hotspots: readonly HotspotInfo[];
  /** every entropy record a beacon of this epoch may quote (and, hexpin, those published after: they seed witness selection). */
  entropy: readonly EntropyRecord[];
  window: EpochWindow;
  denylist?: Denylist;
  /** receive time of each hotspot's last accepted beacon before this window, for the schedule rule (merged with the previous state's). */
  lastBeaconBeforeMs?: Readonly<Record<string, number>>;
  /** the previous epoch's PoC state (oracle/src/state), or null/absent at genesis. */
  previousState?: PocState | null;
  /** the epoch number, written into the next state (default: previous state's epoch + 1, or 0). */
  epoch?: number;
}

export class PocVerifier {
  readonly config: PocConfig;
  readonly profile: RuleProfile;
  private readonly w: EpochWork;
  private readonly deniedHotspot: Uint8Array;
  private readonly deniedPairs = new Set<number>();
  private finished = false;

  constructor(inputs: PocInputs, config: PocConfig = defaultPocConfig()) {
    this.config = config;
    this.profile = profileOf(config.profile);
    const reg = new HotspotIndex(inputs.hotspots, config.cellDistanceResolution);
    const prior = new PriorState(reg, inputs.previousState ?? null);
    const epoch = inputs.epoch ?? (prior.epoch === null ? 0 : prior.epoch + 1);
    this.w = new EpochWork(config, reg, inputs.window, inputs.entropy, prior, epoch, inputs.lastBeaconBeforeMs ?? {});
    if (this.profile.ingest === "helium") this.w.helium = new HeliumWork();
    this.deniedHotspot = new Uint8Array(reg.size);
    for (const k of inputs.denylist?.hotspots ?? []) {
      const i = reg.indexOf(k);
      if (i >= 0) this.deniedHotspot[i] = 1;
    }
    for (const [a, b] of inputs.denylist?.pairs ?? []) {
      const i = reg.indexOf(a);
      const j = reg.indexOf(b);
      if (i >= 0 && j >= 0) this.deniedPairs.add(this.pairKey(i, j));
    }
  }

  /** Reports ingested or rejected so far; also the next report's sequence number. */
  get ingested(): number {
    return this.w.verdicts.length;
  }

  /** The path-loss model `finish()` used for geometry (calibrated or configured). */
  get pathLossModel(): PathLossModel | null {
    return this.w.model;
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
    return reasonOf(this.w.verdicts.data[seq]);
  }

  private assertOpen(): void {
    if (this.finished) throw new Error("verifier already finished");
  }

  private push(verdict: number): number {
    this.w.verdicts.push(verdict);
    return this.w.verdicts.length - 1;
  }

  private pairKey(i: number, j: number): number {
    const n = this.w.n;
    return i < j ? i * n + j : j * n + i;
  }

  private group(beaconer: number, key: string): number {
    const w = this.w;
    let g = w.groupByKey.get(key);
    if (g === undefined) {
      g = w.gBeaconer.length;
      w.groupByKey.set(key, g);
      w.gBeaconer.push(beaconer);
      w.gBeacons.push([]);
    }
    return g;
  }

  private identityReason(h: number): number {
    if (!this.w.reg.asserted[h]) return R.unasserted;
    if (this.deniedHotspot[h]) return R.denied;
    return ACCEPTED;
  }

  private ingestBeacon(b: BeaconReport, recv: number): number {
    if (this.w.helium) return this.ingestHeliumBeacon(b, recv, this.w.helium);
    const w = this.w;
    const h = w.reg.indexOfRaw(b.hotspotKey);
    if (h < 0) return this.push(R.unknown);
    let reason = this.identityReason(h);
    const ent = w.entropyById.get(b.entropyId);
    const plan = this.config.region;
    if (reason === ACCEPTED) {
      w.participant[h] = 1;
      if (!ent || recv < ent.publishedAtMs || recv > ent.publishedAtMs + this.config.entropyLifespanMs || recv < w.window.startMs || recv >= w.window.endMs) {
        reason = R.entropy;
      } else if (!plan.channelsHz.includes(b.frequencyHz)) {
        reason = R.plan;
      } else {
        const d = deriveBeacon(ent.value, b.hotspotKey, b.localEntropy, plan);
        const overCap = this.profile.beaconPower === "at-most-max-eirp" && b.txPowerDbm10 > maxConductedPowerDbm10(plan, w.reg.gainDbi10[h]);
        if (!bytesEqual(b.entropyValue, ent.value) || !bytesEqual(b.payload, d.payload) || b.frequencyHz !== d.frequencyHz || overCap) {
          reason = R.payload;
          w.signedFraud[h] = 1;
        } else if (this.profile.beaconPower === "standard-eirp" && b.txPowerDbm10 !== this.config.beaconEirpDbm10 - w.reg.gainDbi10[h]) {
          reason = R.txPower;
        }
      }
    }
    const seq = this.push(reason);
    const g = this.group(h, latin1(b.hotspotKey) + latin1(b.payload));
    const idx = w.bSeq.length;
    w.gBeacons[g].push(idx);
    w.bSeq.push(seq);
    w.bHot.push(h);
    w.bRecv.push(recv);
    w.bGroup.push(g);
    w.bFreq.push(b.frequencyHz);
    w.bTx.push(b.txPowerDbm10);
    w.bReason.push(reason);
    w.bEntropy.push(b.entropyId);
    w.bId.push(reason === ACCEPTED ? new Uint8Array(createHash("sha256").update(reportBody(encodeReport(b))).digest()) : null);
    return seq;
  }

  private ingestWitness(wr: WitnessReport, recv: number): number {
    if (this.w.helium) return this.ingestHeliumWitness(wr, recv, this.w.helium);
    const w = this.w;
    const h = w.reg.indexOfRaw(wr.witnessKey);
    if (h < 0) return this.push(R.unknown);
    const b = w.reg.indexOfRaw(wr.beaconerKey);
    if (b < 0) return this.push(R.notFound);
    const id = this.identityReason(h);
    if (id !== ACCEPTED) return this.push(id);
    w.participant[h] = 1;
    if (h === b) {
      w.signedFraud[h] = 1;
      return this.push(R.self);
    }
    if (this.deniedPairs.size > 0 && this.deniedPairs.has(this.pairKey(h, b))) return this.push(R.deniedPair);
    if (!this.nearPlanChannel(wr.frequencyHz)) return this.push(R.plan);
    if (this.profile.witnessPhysics) {
      const rx = this.config.receiver;
      if (wr.rssiDbm10 < rx.sensitivityDbm10) return this.push(R.belowSensitivity);
      const expected = Math.min(rx.snrMaxDb10, Math.max(rx.snrMinDb10, wr.rssiDbm10 - rx.noiseFloorDbm10));
      if (Math.abs(wr.snrDb10 - expected) > rx.snrToleranceDb10) return this.push(R.snr);
    }
    const seq = this.push(ACCEPTED);
    w.wSeq.push(seq);
    w.wHot.push(h);
    w.wGroup.push(this.group(b, latin1(wr.beaconerKey) + latin1(wr.payload)));
    w.wRecv.push(recv);
    w.wFreq.push(wr.frequencyHz);
    w.wRssi.push(wr.rssiDbm10);
    return seq;
  }

  /** helium profile: keeps the beacon; the payload is judged here, used after the schedule (stages/helium-proofs.ts). */
  private ingestHeliumBeacon(b: BeaconReport, recv: number, hw: HeliumWork): number {
    const w = this.w;
    const h = w.reg.indexOfRaw(b.hotspotKey);
    if (h < 0) return this.push(R.unknown);
    let reason = this.identityReason(h);
    if (reason === ACCEPTED) {
      w.participant[h] = 1;
      if (recv < w.window.startMs || recv >= w.window.endMs) reason = R.entropy;
    }
    const ent = w.entropyById.get(b.entropyId);
    let payloadOk = 0;
    if (reason === ACCEPTED && ent) {
      const plan = this.config.region;
      const d = deriveBeacon(ent.value, b.hotspotKey, b.localEntropy, plan);
      // Helium: the declared power is not checked, but a gain above the region's max EIRP invalidates every beacon.
      payloadOk = bytesEqual(b.entropyValue, ent.value) && bytesEqual(b.payload, d.payload) && b.frequencyHz === d.frequencyHz && w.reg.gainDbi10[h] <= plan.maxEirpDbm10 ? 1 : 0;
    }
    const seq = this.push(reason);
    const g = this.group(h, latin1(b.hotspotKey) + latin1(b.payload));
    const idx = w.bSeq.length;
    w.gBeacons[g].push(idx);
    w.bSeq.push(seq);
    w.bHot.push(h);
    w.bRecv.push(recv);
    w.bGroup.push(g);
    w.bFreq.push(b.frequencyHz);
    w.bTx.push(b.txPowerDbm10);
    w.bReason.push(reason);
    w.bEntropy.push(b.entropyId);
    const id = new Uint8Array(createHash("sha256").update(reportBody(encodeReport(b))).digest());
    w.bId.push(id);
    hw.beaconId.push(Buffer.from(id).toString("hex"));
    hw.beaconPayloadOk.push(payloadOk);
    return seq;
  }

  /** helium profile: keeps every witness report of known hotspots; Helium's checks run in stages/helium-proofs.ts. */
  private ingestHeliumWitness(wr: WitnessReport, recv: number, hw: HeliumWork): number {
    const w = this.w;
    const b = w.reg.indexOfRaw(wr.beaconerKey);
    if (b < 0) return this.push(R.notFound);
    const h = w.reg.indexOfRaw(wr.witnessKey);
    // Helium's loader drops reports of gateways its config service does not know: they join no proof.
    if (h < 0) return this.push(R.unknown);
    const g = this.group(b, latin1(wr.beaconerKey) + latin1(wr.payload));
    if (this.identityReason(h) === ACCEPTED) w.participant[h] = 1;
    const seq = this.push(ACCEPTED);
    w.wSeq.push(seq);
    w.wHot.push(h);
    w.wGroup.push(g);
    w.wRecv.push(recv);
    w.wFreq.push(wr.frequencyHz);
    w.wRssi.push(wr.rssiDbm10);
    hw.rowDeny.push(this.deniedHotspot[h] ? 1 : this.deniedPairs.size > 0 && this.deniedPairs.has(this.pairKey(h, b)) ? 2 : 0);
    return seq;
  }

  private nearPlanChannel(f: number): boolean {
    const tol = this.config.frequencyToleranceHz;
    for (const c of this.config.region.channelsHz) if (Math.abs(f - c) <= tol) return true;
    return false;
  }

  /**
   * Runs the profile's stages and returns the epoch's outcome. Call once.
   * `onStage` is told when each stage starts and ends (for progress and timing
   * by the caller; the verifier itself reads no clock).
   */
  finish(onStage?: (stage: string, phase: "start" | "end") => void): PocOutcome {
    this.assertOpen();
    this.finished = true;
    const w = this.w;
    const stages = this.profile.stages;
    // each big column goes once, right after the last stage of this profile that reads it
    const releaseAfter = new Map<number, ReleasableColumn[]>();
    for (const [field, readers] of Object.entries(RELEASABLE_READERS) as [ReleasableColumn, readonly StageName[]][]) {
      const last = Math.max(0, ...readers.map((r) => stages.lastIndexOf(r)));
      releaseAfter.set(last, [...(releaseAfter.get(last) ?? []), field]);
    }
    stages.forEach((stage, k) => {
      onStage?.(stage, "start");
      STAGES[stage](w);
      for (const field of releaseAfter.get(k) ?? []) w.release(field, stage);
      onStage?.(stage, "end");
    });

    const counts = new Array<number>(REASON_CODES.length + 1).fill(0);
    const all = w.verdicts.view();
    for (let i = 0; i < all.length; i++) counts[all[i]]++;
    const reasonCounts: Partial<Record<ReasonCode, number>> = {};
    REASON_CODES.forEach((code, i) => {
      if (counts[i + 1] > 0) reasonCounts[code] = counts[i + 1];
    });
    const trustBps: Record<string, number> = {};
    for (let h = 0; h < w.n; h++) if (w.trust[h] >= 0) trustBps[w.reg.keys[h]] = w.trust[h];
    const outcome: PocOutcome = { beacons: w.beacons, reasonCounts, trustBps };
    if (w.radioEstimated) {
      const radio: Record<string, MeasuredRadio> = {};
      // coverage is a claim about an area: it needs solid evidence, from enough radios that are themselves well vouched for.
      const minVouchers = this.config.evidence.coverageMinVouchers;
      for (let h = 0; h < w.n; h++) if (w.trust[h] > 0 && w.strongVouchers[h] >= minVouchers) radio[w.reg.keys[h]] = { offsetDb10: w.txOffsetDb10[h], reachM: w.reachM[h] };
      outcome.radio = radio;
    }
    if (w.nextState) outcome.nextState = w.nextState;
    if (w.txScale) outcome.txScale = w.txScale;
    return outcome;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
