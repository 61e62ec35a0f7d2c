import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
import { SpatialGrid } from "./oracle/src/verify/spatial-grid";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN });
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
  const beaconers: number[] = []; for (let b = 0; b < w.n; b++) if (t.start[b + 1] > t.start[b]) beaconers.push(b);
  const grid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, beaconers);
  const honestJ: number[] = []; const sybJ: string[] = [];
  for (const a of beaconers) grid.near(a, 1500, (b: number, d: number) => {
    if (b <= a) return;
    const sa = new Set<number>(); for (let p = t.start[a]; p < t.start[a + 1]; p++) if (t.heard[p] && t.witness[p] !== b) sa.add(t.witness[p]);
    const sb = new Set<number>(); for (let p = t.start[b]; p < t.start[b + 1]; p++) if (t.heard[p] && t.witness[p] !== a) sb.add(t.witness[p]);
    let inter = 0; for (const x of sa) if (sb.has(x)) inter++;
    const j = inter / (sa.size + sb.size - inter);
    const ka = byKey.get(w.reg.keys[a])!, kb = byKey.get(w.reg.keys[b])!;
    if (ka.behaviour === "shared_radio" && kb.behaviour === "shared_radio" && ka.group === kb.group) sybJ.push(`${j.toFixed(2)}/${sa.size + sb.size - inter}`);
    else if (ka.family === "honest" && kb.family === "honest") honestJ.push(j);
  });
  honestJ.sort((x, y) => y - x);
  console.log("honest pairs", honestJ.length, "J max", honestJ[0].toFixed(2), "p999", honestJ[Math.floor(0.001 * honestJ.length)].toFixed(2), "p99", honestJ[Math.floor(0.01 * honestJ.length)].toFixed(2), "p90", honestJ[Math.floor(0.1 * honestJ.length)].toFixed(2), "| sybil", sybJ.join(" "));
}
