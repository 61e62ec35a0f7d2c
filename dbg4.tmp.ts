import { simulateWorld, FULL_ATTACK_PLAN } from "./oracle/src/sim";
import { PocVerifier } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: 600, sign: false, attacks: FULL_ATTACK_PLAN, counterfactual: true });
const e = world.epoch(0);
const v = new PocVerifier(e.inputs(null), world.config);
const ad = new ReportAdmitter({ verifySignatures: false });
for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
v.finish();
const w: any = (v as any).w;
const byKey = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
for (let h = 0; h < w.n; h++) if (w.secondaryRadio[h]) {
  const a = byKey.get(w.reg.keys[h])!; const p = byKey.get(w.reg.keys[w.radioGroup[h]])!;
  console.log("secondary", a.index, a.family, a.txSites, "primary", p.index, p.family, p.txSites, "dist", Math.hypot(a.x - p.x, a.y - p.y).toFixed(0));
}
const A = w.reg.indexOf(world.fleet.hotspots[375].address), B = w.reg.indexOf(world.fleet.hotspots[113].address);
const t = w.links;
function side(start: any, other: any, valid: any, sumN: any, sumR: any, a: number, b: number) {
  let i = start[a], j = start[b]; const out: number[] = [];
  while (i < start[a + 1] && j < start[b + 1]) { const x = other[i], y = other[j]; if (x < y) i++; else if (y < x) j++; else { if (valid[i] && valid[j] && sumR[i] >= -1100 * valid[i] && sumR[j] >= -1100 * valid[j]) out.push(+(sumN[i] / valid[i] - sumN[j] / valid[j]).toFixed(1)); i++; j++; } }
  return out;
}
console.log("tx", side(t.start, t.witness, t.valid, t.sumN10, t.sumRssi10, Math.min(A,B), Math.max(A,B)));
const h375 = world.fleet.hotspots[375], h113 = world.fleet.hotspots[113];
console.log(h375.behaviour, h375.txSites, h375.rxSite, world.fleet.sites[h375.txSites[0]], world.fleet.sites[h113.txSites[0]]);
// rx side: build per witness lists
const per = new Map<number, Map<number, [number, number]>>();
for (let b = 0; b < w.n; b++) for (let p = t.start[b]; p < t.start[b + 1]; p++) { const wi = t.witness[p]; if (!per.has(wi)) per.set(wi, new Map()); if (t.valid[p]) per.get(wi)!.set(b, [t.sumN10[p] / t.valid[p], t.sumRssi10[p] / t.valid[p]]); }
const la = per.get(A)!, lb = per.get(B)!; const ds: number[] = [];
for (const [x, [na, ra]] of la) { const q = lb.get(x); if (q && ra >= -1100 && q[1] >= -1100 && x !== A && x !== B) ds.push(+(na - q[0]).toFixed(1)); }
console.log("rx", ds);
import { linkShadowingDb, URBAN_915 } from "./oracle/src/sim";
const keyIdx = new Map(world.fleet.hotspots.map((h) => [h.address, h.index]));
for (const [x] of la) { const q = lb.get(x); if (!q) continue; const X = world.fleet.hotspots[keyIdx.get(w.reg.keys[x])!]; const sx = X.txSites[0];
  console.log(X.index, sx, linkShadowingDb(URBAN_915, world.fleet.radioSeed, sx, 375).toFixed(2), linkShadowingDb(URBAN_915, world.fleet.radioSeed, sx, 113).toFixed(2)); }
console.log("---");
for (const [x, [na, ra]] of la) { const q = lb.get(x); if (!q || ra < -1100 || q[1] < -1100) continue; const X = world.fleet.hotspots[keyIdx.get(w.reg.keys[x])!]; const sx = X.txSites[0];
  const pa = (() => { for (let p = t.start[x]; p < t.start[x+1]; p++) if (t.witness[p] === A) return p; return -1; })();
  const pb = (() => { for (let p = t.start[x]; p < t.start[x+1]; p++) if (t.witness[p] === B) return p; return -1; })();
  console.log(X.index, "rssiA", ra.toFixed(0), "rssiB", q[1].toFixed(0), "dA", t.distM[pa], "dB", t.distM[pb], "rA", (t.sumR10[pa]/t.valid[pa]).toFixed(0), "rB", (t.sumR10[pb]/t.valid[pb]).toFixed(0), "S", linkShadowingDb(URBAN_915, world.fleet.radioSeed, sx, 375).toFixed(1), linkShadowingDb(URBAN_915, world.fleet.radioSeed, sx, 113).toFixed(1), X.family);
}
