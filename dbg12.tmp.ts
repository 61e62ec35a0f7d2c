import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: 3000, city: "bay-area", sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < 5; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  if (ep < 3) continue;
  const w: any = (v as any).w;
  const p = w.nextRadioPairs;
  for (let k = 0; k < p.lo.length; k++) {
    const a = byKey.get(w.reg.keys[p.lo[k]])!, b = byKey.get(w.reg.keys[p.hi[k]])!;
    const df = p.df10[k] / 10, sd = Math.sqrt(p.ss[k] / df) / 10;
    if (sd < 3 && df >= 4) console.log("ep", ep, a.behaviour, a.index, b.behaviour, b.index, "df", df, "sd", sd.toFixed(2), "dist", Math.hypot(a.x - b.x, a.y - b.y).toFixed(0));
  }
  for (let h = 0; h < w.n; h++) { const k = byKey.get(w.reg.keys[h])!; if (k.behaviour === "honest" && w.radioGroupSize[h] > 1) { const o = byKey.get(w.reg.keys[w.radioGroup[h]])!; console.log("  grouped honest", k.index, "with", o.behaviour, o.index, Math.hypot(k.x - o.x, k.y - o.y).toFixed(0)); } }
}
