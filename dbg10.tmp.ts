import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
import { pairIndex } from "./oracle/src/verify/stages/link-table";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 300), city: (process.env.C ?? "san-francisco") as any, sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let ep = 0; ep < 3; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  const w: any = (v as any).w; const t = w.links;
  if (ep < 2) continue;
  for (const h of world.fleet.hotspots.filter((x) => x.family === "bridged_sybil")) {
    const b = w.reg.indexOf(h.address);
    const ws: string[] = [];
    for (let p = t.start[b]; p < t.start[b + 1]; p++) { const k = byKey.get(w.reg.keys[t.witness[p]])!; ws.push(`${k.behaviour}:${k.index}:v${t.valid[p]}:i${t.independent[p]}:c${w.credible[t.witness[p]]}`); }
    console.log(h.behaviour, h.index, "trust", w.trust[b], "verified", w.verified[b], "cred", w.credible[b], "anch", w.anchored[b], "tx", w.txOffsetDb10[b], "reach", w.reachM[b], ws.join(" "));
  }
}
