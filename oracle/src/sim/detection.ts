// Scores the verifier's verdicts on a simulated epoch against the simulator's
// ground truth: per attack class, how many reports were caught and why.

import { ReportAdmitter } from "../ingest/admit";
import { PocVerifier } from "../verify/verifier";
import { PocConfig } from "../verify/config";
import { PocOutcome, ReasonCode } from "../types";
import { GrowableColumn } from "../verify/columns";
import { SimulatedEpoch } from "./epoch";
import { Fleet } from "./fleet";
import { ATTACK_CLASSES, AttackClass, HOTSPOT_LEVEL_CLASSES, HotspotBehaviour, ReportLabel } from "./labels";

export interface ClassDetection {
  reports: number;
  /** reports rejected (any reason but not_selected), or authored by a key that earned no trust. */
  detected: number;
  rate: number;
  reasons: Partial<Record<ReasonCode | "untrusted", number>>;
}

export interface DetectionReport {
  outcome: PocOutcome;
  byAttack: Partial<Record<AttackClass, ClassDetection>>;
  /** honest reports (no attack, not collateral): detected = wrongly rejected. */
  honest: ClassDetection;
  /** honest witnesses of adversarial beacons. */
  collateral: ClassDetection;
  /** reports by adversarial keys that are not themselves an attack (e.g. a precomputer's real witnesses). */
  adversaryOther: ClassDetection;
  /** every honest report that was rejected, for diagnosis (empty unless the tally kept `honestRejectionDetail`). */
  honestRejections: { kind: "beacon" | "witness"; actor: number; counterpart: number; reason: ReasonCode }[];
  /** per behaviour: keys, and how many ended the epoch with no trust. */
  hotspots: Partial<Record<HotspotBehaviour, { count: number; untrusted: number }>>;
}

const HONEST = ATTACK_CLASSES.length;
const COLLATERAL = HONEST + 1;
const ADVERSARY_OTHER = HONEST + 2;
const ATTACK_CODE = new Map(ATTACK_CLASSES.map((c, i) => [c, i]));

export interface DetectionTallyOptions {
  /** keep who authored each honest report, to list honest rejections (5 bytes a report; off for big runs). */
  honestRejectionDetail?: boolean;
}

/**
 * Detection measured while streaming: `record` each report's label as the verifier
 * takes it (in sequence order), `result` once the verifier has finished. Holds one
 * byte per report plus the author of each hotspot-level attack report, never the
 * labels themselves, so a 10M-report epoch costs ~10 MB.
 */
export class DetectionTally {
  private readonly bucket = new GrowableColumn(Uint8Array, 1 << 16);
  /** authors of hotspot-level attack reports, in sequence order (their trust decides detection). */
  private readonly hotspotLevelActor = new GrowableColumn(Uint32Array);
  private readonly honestKind?: GrowableColumn<Uint8Array>;
  private readonly honestActor?: GrowableColumn<Uint32Array>;
  private readonly honestCounterpart?: GrowableColumn<Uint32Array>;

  constructor(private readonly fleet: Fleet, options: DetectionTallyOptions = {}) {
    if (options.honestRejectionDetail) {
      this.honestKind = new GrowableColumn(Uint8Array);
      this.honestActor = new GrowableColumn(Uint32Array);
      this.honestCounterpart = new GrowableColumn(Uint32Array);
    }
  }

  get recorded(): number {
    return this.bucket.length;
  }

  /** Notes the label of report `seq`; reports must be recorded in sequence order, each once. */
  record(seq: number, label: ReportLabel): void {
    if (seq !== this.bucket.length) throw new Error(`report ${seq} recorded out of sequence (expected ${this.bucket.length})`);
    let b: number;
    if (label.attack) {
      b = ATTACK_CODE.get(label.attack)!;
      if (HOTSPOT_LEVEL_CLASSES.has(label.attack)) this.hotspotLevelActor.push(label.actor);
    } else if (label.collateral) b = COLLATERAL;
    else if (this.fleet.hotspots[label.actor].behaviour === "honest") {
      b = HONEST;
      this.honestKind?.push(label.kind === "beacon" ? 0 : 1);
      this.honestActor?.push(label.actor);
      this.honestCounterpart?.push(label.counterpart + 1);
    } else b = ADVERSARY_OTHER;
    this.bucket.push(b);
  }

  /** Scores every recorded report against the verifier's verdicts and the outcome's trust. */
  result(verdictOf: (seq: number) => ReasonCode | null, trustBps: Readonly<Record<string, number>>): Omit<DetectionReport, "outcome"> {
    const hs = this.fleet.hotspots;
    const trust = (i: number) => trustBps[hs[i].address] ?? 0;
    const blank = (): ClassDetection => ({ reports: 0, detected: 0, rate: 0, reasons: {} });
    const buckets = Array.from({ length: ADVERSARY_OTHER + 1 }, blank);
    const honestRejections: DetectionReport["honestRejections"] = [];
    const codes = this.bucket.view();
    const actors = this.hotspotLevelActor.view();
    let nextActor = 0;
    let nextHonest = 0;
    for (let seq = 0; seq < codes.length; seq++) {
      const code = codes[seq];
      const bucket = buckets[code];
      const verdict = verdictOf(seq);
      const rejected = verdict !== null && verdict !== "not_selected";
      const untrusted = code < HONEST && HOTSPOT_LEVEL_CLASSES.has(ATTACK_CLASSES[code]) && trust(actors[nextActor++]) === 0;
      bucket.reports++;
      if (rejected || untrusted) bucket.detected++;
      const key = rejected ? verdict! : untrusted ? "untrusted" : null;
      if (key) bucket.reasons[key] = (bucket.reasons[key] ?? 0) + 1;
      if (code === HONEST && this.honestActor) {
        const k = nextHonest++;
        if (rejected) {
          honestRejections.push({
            kind: this.honestKind!.data[k] === 0 ? "beacon" : "witness", actor: this.honestActor.data[k], counterpart: this.honestCounterpart!.data[k] - 1, reason: verdict!,
          });
        }
      }
    }
    for (const c of buckets) c.rate = c.reports ? c.detected / c.reports : 0;
    const byAttack: Partial<Record<AttackClass, ClassDetection>> = {};
    ATTACK_CLASSES.forEach((c, i) => {
      if (buckets[i].reports > 0) byAttack[c] = buckets[i];
    });
    const hotspots: DetectionReport["hotspots"] = {};
    for (const h of hs) {
      const e = (hotspots[h.behaviour] ??= { count: 0, untrusted: 0 });
      e.count++;
      if (trust(h.index) === 0) e.untrusted++;
    }
    return { byAttack, honest: buckets[HONEST], collateral: buckets[COLLATERAL], adversaryOther: buckets[ADVERSARY_OTHER], honestRejections, hotspots };
  }
}

/** Runs a (small) simulated epoch through admission and a fresh verifier and scores the verdicts. */
export function measureDetection(epoch: SimulatedEpoch, config: PocConfig = epoch.config, verifySignatures = true): DetectionReport {
  const v = new PocVerifier(epoch.inputs(), config);
  const admitter = new ReportAdmitter({ verifySignatures });
  const tally = new DetectionTally(epoch.fleet, { honestRejectionDetail: true });
  for (const r of epoch.reports()) {
    const a = admitter.admit(r.bytes, r.receivedAtMs);
    tally.record(a.ok ? v.ingest(a.received) : v.reject(a.reason), r.label);
  }
  const outcome = v.finish();
  return { outcome, ...tally.result((seq) => v.verdict(seq), outcome.trustBps) };
}

export function formatDetection(d: Omit<DetectionReport, "outcome">): string {
  const rows: string[] = [`${"class".padEnd(22)} ${"reports".padStart(10)} ${"detected".padStart(10)}    rate  reasons`];
  const line = (name: string, c: ClassDetection) =>
    `${name.padEnd(22)} ${String(c.reports).padStart(10)} ${String(c.detected).padStart(10)} ${(100 * c.rate).toFixed(2).padStart(6)}%  ` +
    Object.entries(c.reasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}=${n}`).join(" ");
  for (const [k, c] of Object.entries(d.byAttack).sort()) rows.push(line(k, c!));
  rows.push(line("honest (false reject)", d.honest));
  rows.push(line("collateral", d.collateral));
  rows.push(line("adversary, other", d.adversaryOther));
  rows.push("keys by behaviour (untrusted / count): " + Object.entries(d.hotspots).sort().map(([k, v]) => `${k} ${v!.untrusted}/${v!.count}`).join(", "));
  return rows.join("\n");
}
