import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < 4; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  const w: any = (v as any).w; const p = w.nextRadioPairs; const t = w.links;
  for (let k = 0; k < p.lo.length; k++) {
    const a = byKey.get(w.reg.keys[p.lo[k]])!, b = byKey.get(w.reg.keys[p.hi[k]])!;
    if (a.behaviour !== "shared_radio" || b.behaviour !== "shared_radio") continue;
    const df = p.df10[k] / 10, sd = Math.sqrt(p.ss[k] / Math.max(df, 0.1)) / 10;
    console.log("ep", ep, a.index, b.index, "df", df, "sd", sd.toFixed(2), "witnesses", t.start[p.lo[k] + 1] - t.start[p.lo[k]], t.start[p.hi[k] + 1] - t.start[p.hi[k]]);
  }
}
