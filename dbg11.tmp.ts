import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 300), city: (process.env.C ?? "san-francisco") as any, sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < 3; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  if (ep < 2) continue;
  const w: any = (v as any).w; const t = w.links;
  // vouchers: credible independent valid witnesses (distinct radio groups) per beaconer
  const hist: Record<number, number> = {};
  for (let b = 0; b < w.n; b++) {
    const k = byKey.get(w.reg.keys[b])!; if (k.behaviour !== "honest" || !t.beacons[b]) continue;
    const g = new Set<number>();
    for (let p = t.start[b]; p < t.start[b + 1]; p++) if (t.valid[p] && t.independent[p] && w.credible[t.witness[p]]) g.add(w.radioGroup[t.witness[p]]);
    const c = Math.min(10, g.size); hist[c] = (hist[c] ?? 0) + 1;
  }
  console.log(JSON.stringify(hist));
}
