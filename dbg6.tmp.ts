// replicate the Tobit for chosen hotspots at the final epoch
import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
import { SpatialGrid } from "./oracle/src/verify/spatial-grid";
import { pairIndex } from "./oracle/src/verify/stages/link-table";
const world = simulateWorld({ seed: "m1", hotspots: 3000, city: "bay-area", sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
const targets = (process.env.T ?? "1427,1904").split(",").map(Number);
for (let ep = 0; ep < 3; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  if (ep < 2) continue;
  const w: any = (v as any).w; const t = w.links; const m = w.model; const sigma = m.sigmaDb; const floor = w.hearingFloorDbm10 / 10;
  for (const ti of targets) {
    const k = world.fleet.hotspots[ti]; const b = w.reg.indexOf(k.address);
    console.log("target", ti, "site", world.fleet.sites[k.txSites[0]], "tx", w.txOffsetDb10[b]);
    const listeners: number[] = []; for (let h = 0; h < w.n; h++) if (w.credible[h] && w.anchored[h]) listeners.push(h);
    const grid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, listeners);
    const d0 = w.txOffsetDb10[b] / 10;
    grid.near(b, 15000, (l: number, d: number) => {
      if (d < 400) return;
      const rx = w.prior.known[l] ? w.prior.rxOffsetDb10[l] / 10 : 0;
      const mu = 30 + w.reg.gainDbi10[l] / 10 + rx - (m.interceptDb + m.exponent * 10 * Math.log10(d));
      if (floor - mu > sigma) return;
      const p = pairIndex(t, b, l);
      const kl = world.fleet.hotspots.find((h) => h.address === w.reg.keys[l])!;
      if (p < 0 || t.heard[p] === 0) { const z = (floor - mu - d0) / sigma; if (z < -2) console.log("  unheard", kl.index, kl.behaviour, "d", d, "mu", mu.toFixed(1), "z", z.toFixed(2), "rxPrior", rx); }
      else if (t.valid[p] > 0) { const s = -t.sumR10[p] / t.valid[p] / 10 - rx; const z = (s - d0) / sigma; if (z > 2) console.log("  heard", kl.index, kl.behaviour, "d", d, "s", s.toFixed(1), "z", z.toFixed(2)); }
    });
  }
}
