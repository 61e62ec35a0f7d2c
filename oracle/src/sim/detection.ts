// Runs a simulated epoch through admission and the verifier and scores the verdicts
// against the simulator's ground truth.

import { ReportAdmitter } from "../ingest/admit";
import { PocVerifier } from "../verify/verifier";
import { PocConfig } from "../verify/config";
import { PocOutcome, ReasonCode } from "../types";
import { SimulatedEpoch } from "./epoch";
import { AttackClass, HotspotBehaviour } from "./labels";

export interface ClassDetection {
  reports: number;
  /** reports rejected (any reason but not_selected), or authored by a hotspot whose trust was cut. */
  detected: number;
  rate: number;
  reasons: Partial<Record<ReasonCode | "trust_cut", number>>;
}

export interface DetectionReport {
  outcome: PocOutcome;
  byAttack: Record<AttackClass, ClassDetection>;
  /** honest reports (no attack, not collateral): detected = wrongly rejected. */
  honest: ClassDetection;
  /** honest witnesses of adversarial beacons. */
  collateral: ClassDetection;
  /** reports by adversarial hotspots that are not themselves an attack (e.g. a precomputer's real witnesses). */
  adversaryOther: ClassDetection;
  /** every honest report that was rejected, for diagnosis. */
  honestRejections: { kind: "beacon" | "witness"; actor: number; counterpart: number; reason: ReasonCode }[];
  /** per behaviour: hotspots, and how many ended with trust below 10000. */
  hotspots: Record<HotspotBehaviour, { count: number; trustCut: number }>;
}

const HOTSPOT_LEVEL: ReadonlySet<AttackClass> = new Set(["spoofed_location", "inflated_gain", "collusion_ring"]);

export function measureDetection(epoch: SimulatedEpoch, config: PocConfig = epoch.config, verifySignatures = true): DetectionReport {
  const v = new PocVerifier(epoch.inputs(), config);
  const admitter = new ReportAdmitter({ verifySignatures });
  const seqs: number[] = [];
  const labels = [];
  for (const r of epoch.reports()) {
    const a = admitter.admit(r.bytes, r.receivedAtMs);
    seqs.push(a.ok ? v.ingest(a.received) : v.reject(a.reason));
    labels.push(r.label);
  }
  const outcome = v.finish();
  const trust = (i: number) => outcome.trustBps[epoch.fleet.hotspots[i].address] ?? 0;
  const blank = (): ClassDetection => ({ reports: 0, detected: 0, rate: 0, reasons: {} });
  const byAttack = {} as Record<AttackClass, ClassDetection>;
  const honest = blank();
  const collateral = blank();
  const adversaryOther = blank();
  const honestRejections: DetectionReport["honestRejections"] = [];
  labels.forEach((label, k) => {
    const verdict = v.verdict(seqs[k]);
    const rejected = verdict !== null && verdict !== "not_selected";
    let bucket: ClassDetection;
    let trustCounts = false;
    if (label.attack) {
      bucket = byAttack[label.attack] ??= blank();
      trustCounts = HOTSPOT_LEVEL.has(label.attack);
    } else if (label.collateral) bucket = collateral;
    else bucket = epoch.fleet.hotspots[label.actor].behaviour === "honest" ? honest : adversaryOther;
    bucket.reports++;
    const cut = trustCounts && trust(label.actor) < 10_000;
    if (rejected || cut) bucket.detected++;
    const key = rejected ? verdict! : cut ? "trust_cut" : null;
    if (key) bucket.reasons[key] = (bucket.reasons[key] ?? 0) + 1;
    if (rejected && bucket === honest) honestRejections.push({ kind: label.kind, actor: label.actor, counterpart: label.counterpart, reason: verdict! });
  });
  for (const c of [...Object.values(byAttack), honest, collateral, adversaryOther]) c.rate = c.reports ? c.detected / c.reports : 0;
  const hotspots = {} as Record<HotspotBehaviour, { count: number; trustCut: number }>;
  for (const h of epoch.fleet.hotspots) {
    const e = (hotspots[h.behaviour] ??= { count: 0, trustCut: 0 });
    e.count++;
    if (trust(h.index) < 10_000) e.trustCut++;
  }
  return { outcome, byAttack, honest, collateral, adversaryOther, honestRejections, hotspots };
}

export function formatDetection(d: DetectionReport): string {
  const rows: string[] = ["class                  reports  detected    rate  reasons"];
  const line = (name: string, c: ClassDetection) =>
    `${name.padEnd(22)} ${String(c.reports).padStart(7)} ${String(c.detected).padStart(9)} ${(100 * c.rate).toFixed(2).padStart(6)}%  ` +
    Object.entries(c.reasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}=${n}`).join(" ");
  for (const [k, c] of Object.entries(d.byAttack).sort()) rows.push(line(k, c));
  rows.push(line("honest (false reject)", d.honest));
  rows.push(line("collateral", d.collateral));
  rows.push(line("adversary, other", d.adversaryOther));
  rows.push("hotspots by behaviour (trust < 10000 / count): " + Object.entries(d.hotspots).sort().map(([k, v]) => `${k} ${v.trustCut}/${v.count}`).join(", "));
  return rows.join("\n");
}
