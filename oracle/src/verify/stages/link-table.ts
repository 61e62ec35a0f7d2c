// Stage "link-table": the epoch's (beaconer, witness) pairs, aggregated over the
// beaconer's beacons still accepted: how many of them the witness reported at
// all (heard), how many links passed every rule (valid), and the valid links'
// sums of residual against the model and of RSSI. CSR by beaconer, witnesses
// ascending. Also the epoch's hearing floor (EpochWork.hearingFloorDbm10).
// Writes links, hearingFloorDbm10.

import { ACCEPTED } from "../reasons";
import { EpochWork, LinkTable } from "../epoch-work";
import { R } from "./reason-ids";

export function buildLinkTable(w: EpochWork): void {
  const m = w.pathLoss;
  const wHot = w.wHot.view();
  const wRssi = w.wRssi.view();
  const groupsOf: number[][] = Array.from({ length: w.n }, () => []);
  let capacity = 0;
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED) continue;
    groupsOf[w.bHot[bi]].push(g);
    capacity += w.rowStart[g + 1] - w.rowStart[g];
  }
  const start = new Uint32Array(w.n + 1);
  const witness = new Uint32Array(capacity);
  const heard = new Uint8Array(capacity);
  const valid = new Uint8Array(capacity);
  const strong = new Uint8Array(capacity);
  const sumR10 = new Int32Array(capacity);
  const sumRssi10 = new Int32Array(capacity);
  const distM = new Uint32Array(capacity);
  const beacons = new Uint16Array(w.n);
  let p = 0;
  const scratch: { wi: number; ok: boolean; tooStrong: boolean; r10: number; rssi10: number; d: number }[] = [];
  for (let b = 0; b < w.n; b++) {
    start[b] = p;
    const gs = groupsOf[b];
    if (gs.length === 0) continue;
    beacons[b] = gs.length;
    scratch.length = 0;
    for (const g of gs) {
      const rs = w.rowsOf(g);
      for (let k = 0; k < rs.length; k++) {
        const r = rs[k];
        if (k > 0 && wHot[rs[k - 1]] === wHot[r]) continue; // a second report of one beacon
        if (w.rowReason[r] === R.duplicate) continue;
        const ok = w.rowReason[r] === ACCEPTED;
        let r10 = 0;
        if (ok) r10 = Math.round(w.rowY10[r] - 10 * (m.interceptDb + m.exponent * 10 * Math.log10(w.rowDist[r])));
        scratch.push({ wi: wHot[r], ok, tooStrong: w.rowReason[r] === R.strongerThanModel || w.rowReason[r] === R.strong, r10, rssi10: wRssi[r], d: w.rowDist[r] });
      }
    }
    scratch.sort((x, y) => x.wi - y.wi);
    for (let k = 0; k < scratch.length; k++) {
      const e = scratch[k];
      if (k === 0 || scratch[k - 1].wi !== e.wi) {
        witness[p] = e.wi;
        p++;
      }
      const q = p - 1;
      if (heard[q] < 255) heard[q]++;
      if (e.tooStrong && strong[q] < 255) strong[q]++;
      if (!e.ok) continue;
      if (valid[q] < 255) valid[q]++;
      sumR10[q] += e.r10;
      sumRssi10[q] += e.rssi10;
      distM[q] = e.d;
    }
  }
  start[w.n] = p;
  const t: LinkTable = {
    start,
    witness: witness.slice(0, p),
    heard: heard.slice(0, p),
    valid: valid.slice(0, p),
    strong: strong.slice(0, p),
    sumR10: sumR10.slice(0, p),
    sumRssi10: sumRssi10.slice(0, p),
    distM: distM.slice(0, p),
    independent: new Uint8Array(p),
    beacons,
  };
  w.links = t;
  w.hearingFloorDbm10 = hearingFloorDbm10(w);
}

function hearingFloorDbm10(w: EpochWork): number {
  const rc = w.cfg.radio;
  const lo = w.cfg.receiver.sensitivityDbm10;
  const hi = lo + rc.maxFloorAboveSensitivityDb * 10;
  const counts = new Uint32Array(hi - lo + 1);
  const rssi = w.wRssi.view();
  let total = 0;
  let below = 0;
  for (let r = 0; r < w.rowReason.length; r++) {
    if (w.rowReason[r] !== ACCEPTED) continue;
    total++;
    const v = rssi[r];
    if (v <= lo) below++;
    else if (v <= hi) counts[v - lo]++;
  }
  if (total === 0) return lo;
  const target = Math.floor(total * rc.floorQuantile);
  let acc = below;
  for (let k = 0; k < counts.length; k++) {
    acc += counts[k];
    if (acc > target) return lo + k;
  }
  return hi;
}

/** Position of witness `wi` in beaconer `b`'s pairs, or −1 (binary search). */
export function pairIndex(t: LinkTable, b: number, wi: number): number {
  let lo = t.start[b];
  let hi = t.start[b + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t.witness[mid] < wi) lo = mid + 1;
    else hi = mid;
  }
  return lo < t.start[b + 1] && t.witness[lo] === wi ? lo : -1;
}
