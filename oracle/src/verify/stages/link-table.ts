// Stage "link-table": the epoch's (beaconer, witness) pairs, aggregated over the
// beaconer's beacons still accepted: how many of them the witness reported at
// all (heard), how many links passed every rule (valid), and the valid links'
// sums of residual against the model and of RSSI. CSR by beaconer, witnesses
// ascending; every row of those beacons learns its pair. Also the epoch's
// hearing floor (EpochWork.hearingFloorDbm10).
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
  const rowPair = new Int32Array(w.rowReason.length).fill(-1);
  let buf = new Uint32Array(1024);
  let keys = new Float64Array(1024);
  let p = 0;
  for (let b = 0; b < w.n; b++) {
    start[b] = p;
    const gs = groupsOf[b];
    if (gs.length === 0) continue;
    beacons[b] = gs.length;
    let count = 0;
    for (const g of gs) count += w.rowStart[g + 1] - w.rowStart[g];
    if (count > buf.length) {
      buf = new Uint32Array(count * 2);
      keys = new Float64Array(count * 2);
    }
    let k = 0;
    for (const g of gs) for (const r of w.rowsOf(g)) buf[k++] = r;
    // order the beaconer's rows by witness (then by position): one numeric sort.
    const ks = keys.subarray(0, count);
    for (let i = 0; i < count; i++) ks[i] = wHot[buf[i]] * 2 ** 26 + i;
    ks.sort();
    let last = -1;
    for (let i = 0; i < count; i++) {
      const r = buf[ks[i] % 2 ** 26];
      const wi = wHot[r];
      if (wi !== last) {
        witness[p++] = wi;
        last = wi;
      }
      const q = p - 1;
      rowPair[r] = q;
      const reason = w.rowReason[r];
      if (reason === R.duplicate) continue; // a second report of one beacon
      if (heard[q] < 255) heard[q]++;
      if ((reason === R.strongerThanModel || reason === R.strong) && strong[q] < 255) strong[q]++;
      if (reason !== ACCEPTED) continue;
      if (valid[q] < 255) valid[q]++;
      sumR10[q] += Math.round(w.rowY10[r] - 10 * (m.interceptDb + m.exponent * 10 * Math.log10(w.rowDist[r])));
      sumRssi10[q] += wRssi[r];
      distM[q] = w.rowDist[r];
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
    rowPair,
  };
  w.links = t;
  w.hearingFloorDbm10 = hearingFloorDbm10(w);
}

/** The `radio.floorQuantile` quantile of valid links' RSSI, tenths of dBm, bounded (EpochWork.hearingFloorDbm10). */
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
