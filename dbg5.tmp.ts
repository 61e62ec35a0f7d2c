import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: process.env.S ?? "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN, counterfactual: process.env.CF === "1" });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < Number(process.env.E ?? 3); ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish();
  state = out.nextState!;
  const w: any = (v as any).w;
  const stats: Record<string, number[]> = {};
  for (let h = 0; h < w.n; h++) {
    const k = byKey.get(w.reg.keys[h])!;
    const key = `${k.family}/${k.behaviour}`;
    (stats[key] ??= [0, 0, 0, 0, 0]);
    stats[key][0]++; if (w.contradicted[h]) stats[key][1]++; if (w.trust[h] === 0) stats[key][2]++; if (w.radioGroupSize[h] > 1) stats[key][3]++; if (w.tooStrong[h]) stats[key][4]++;
  }
  console.log("epoch", ep, "model", w.model, "floor", w.hearingFloorDbm10);
  for (const [k, s] of Object.entries(stats).sort()) console.log("  ", k.padEnd(40), "n", s[0], "contra", s[1], "trust0", s[2], "grouped", s[3], "rxStrong", s[4]);
  { let owner = 0, closed = 0, total = 0; const t = w.links; for (let b = 0; b < w.n; b++) { const kb = byKey.get(w.reg.keys[b])!; if (kb.behaviour !== "honest") continue; for (let p = t.start[b]; p < t.start[b+1]; p++) { const wi = t.witness[p]; const kw = byKey.get(w.reg.keys[wi])!; if (kw.behaviour !== "honest" || !t.valid[p]) continue; total++; if (!t.independent[p]) { if (w.ownerId[wi] === w.ownerId[b] || w.radioGroup[wi] === w.radioGroup[b]) owner++; else closed++; } } } console.log("   honest pairs", total, "closed", closed, "owner/radio", owner); }
  for (let h = 0; h < w.n; h++) { const k = byKey.get(w.reg.keys[h])!; if (k.behaviour === "honest" && (w.contradicted[h] || w.trust[h] === 0)) console.log("   honest", k.index, "contra", w.contradicted[h], "trust", w.trust[h], "tx", w.txOffsetDb10[h], "ev", w.txEvidence[h].toFixed(1), "elev", k.info.elevationM, "verified", w.verified[h], "anch", w.anchored[h], "cred", w.credible[h], "beacons", w.links.beacons[h]); }
}
{
  // last epoch diagnostics
  const e = world.epoch(99, modelOf(state));
}
