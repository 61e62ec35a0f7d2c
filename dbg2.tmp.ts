import { simulateWorld, PocVerifier } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: 600, sign: false });
const e = world.epoch(0);
const v = new PocVerifier(e.inputs(null), world.config);
const ad = new ReportAdmitter({ verifySignatures: false });
for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
const out = v.finish();
const w: any = (v as any).w;
console.log("model", w.model, "reasons", out.reasonCounts);
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
let shown = 0;
const hist: Record<string, number> = {};
for (let h = 0; h < w.n; h++) {
  const k = byKey.get(w.reg.keys[h])!;
  if (k.behaviour !== "honest") continue;
  const b = Math.round(w.txOffsetDb10[h] / 30) * 3;
  hist[b] = (hist[b] ?? 0) + 1;
  if (shown < 8 && w.links.beacons[h] > 0) { shown++; console.log(k.index, "tx", w.txOffsetDb10[h], "ev", w.txEvidence[h].toFixed(1), "contra", w.contradicted[h], "verified", w.verified[h], "credible", w.credible[h], "anchored", w.anchored[h]); }
}
console.log(hist);
let cred = 0, anch = 0; for (let h = 0; h < w.n; h++) { cred += w.credible[h]; anch += w.anchored[h]; }
console.log("credible", cred, "anchored", anch);
import { hearingFloorDbm10 } from "./oracle/src/verify/stages/estimate-radios";
console.log("floor", hearingFloorDbm10(w));
