import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < 5; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  const w: any = (v as any).w; const p = w.nextRadioPairs;
  const honest: number[] = [], sybil: string[] = [];
  for (let k = 0; k < p.lo.length; k++) {
    const a = byKey.get(w.reg.keys[p.lo[k]])!, b = byKey.get(w.reg.keys[p.hi[k]])!;
    const df = p.df10[k] / 10; if (df < 6) continue; const sd = Math.sqrt(p.ss[k] / df) / 10;
    if (a.behaviour === "shared_radio" && b.behaviour === "shared_radio" && a.group === b.group) sybil.push(`${sd.toFixed(2)}@${df}`);
    else if (a.family === "honest" && b.family === "honest") honest.push(sd);
  }
  honest.sort((x, y) => x - y);
  const q = (f: number) => honest[Math.floor(f * honest.length)]?.toFixed(2);
  console.log("ep", ep, "honest pairs df>=6:", honest.length, "sd min", honest[0]?.toFixed(2), "p001", q(0.001), "p01", q(0.01), "p10", q(0.1), "p50", q(0.5), "| sybil", sybil.join(" "));
}
