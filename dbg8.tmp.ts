import { simulateWorld, FULL_ATTACK_PLAN, modelOf } from "./oracle/src/sim";
import { PocVerifier, PocState } from "./oracle/src";
import { ReportAdmitter } from "./oracle/src/ingest/admit";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN });
let state: PocState | null = null;
for (let ep = 0; ep < 2; ep++) {
  const e = world.epoch(ep, modelOf(state));
  const v = new PocVerifier(e.inputs(state), world.config);
  const ad = new ReportAdmitter({ verifySignatures: false });
  for (const r of e.reports()) { const a = ad.admit(r.bytes, r.receivedAtMs); a.ok ? v.ingest(a.received) : v.reject(a.reason); }
  const out = v.finish(); state = out.nextState!;
  const w: any = (v as any).w; const t = w.links;
  const floor10 = w.hearingFloorDbm10 + 60;
  const sr = world.fleet.hotspots.filter((h) => h.behaviour === "shared_radio");
  for (let i = 0; i < sr.length; i += 3) {
    const ks = sr.slice(i, i + 3).map((h) => w.reg.indexOf(h.address));
    for (let x = 0; x < 3; x++) for (let y = x + 1; y < 3; y++) {
      const a = Math.min(ks[x], ks[y]), b = Math.max(ks[x], ks[y]);
      let ia = t.start[a], ib = t.start[b]; const ds: number[] = []; let common = 0;
      while (ia < t.start[a + 1] && ib < t.start[b + 1]) { const p = t.witness[ia], q = t.witness[ib]; if (p < q) ia++; else if (q < p) ib++; else { common++; const ca = t.valid[ia] === t.beacons[a] && t.sumRssi10[ia] >= floor10 * t.valid[ia]; const cb = t.valid[ib] === t.beacons[b] && t.sumRssi10[ib] >= floor10 * t.valid[ib]; if (ca && cb) { const m = w.model; const ya = t.sumR10[ia] / t.valid[ia] + 10 * (m.interceptDb + m.exponent * 10 * Math.log10(t.distM[ia])); const yb = t.sumR10[ib] / t.valid[ib] + 10 * (m.interceptDb + m.exponent * 10 * Math.log10(t.distM[ib])); ds.push(ya - yb); } ia++; ib++; } }
      const mean = ds.reduce((s, d) => s + d, 0) / ds.length; const sd = Math.sqrt(ds.reduce((s, d) => s + (d - mean) ** 2, 0) / (ds.length - 1));
      console.log("epoch", ep, "group", i / 3, "pair", x, y, "common", common, "clear", ds.length, "sd", (sd / 10).toFixed(2), "beacons", t.beacons[a], t.beacons[b], "grouped", w.radioGroup[a] === w.radioGroup[b]);
    }
  }
}
