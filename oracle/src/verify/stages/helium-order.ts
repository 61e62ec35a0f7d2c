// Stage "helium-order" (helium profile): the sequence in which Helium's runner
// would meet the epoch's reports, fixed as docs/helium-profile.md §6 says, so the
// outcome is a function of the reports and not of their arrival:
// - beacons are processed one at a time in ascending (receive time, beacon id);
// - a beacon's witness list is every witness report of its payload (hexpin groups
//   by beaconer and payload), ascending by receive time, ties by (witness,
//   reports of the beacon's own payload first, RSSI, frequency, sequence — rows
//   equal in all of these lead to the same decisions whichever comes first);
// - of several beacons with one payload only the first is processed: Helium
//   deletes every report of a payload once its proof is done, so the others are
//   never verified (here: beacon_too_frequent, as hexpin's own profiles name a
//   second beacon of one payload);
// - witness reports of a beaconer whose payload matches none of its beacons
//   (Helium matches them by payload and would not list them; hexpin reports name
//   their beaconer) join the list of the beaconer's beacon nearest in receive time
//   (ties: the earlier processed), where Helium's payload check rejects them —
//   after the duplicate, entropy and lag checks, as Helium's runner does with a
//   listed report of another payload. Helium's loader would not have listed them,
//   so they neither set the lag base nor count as a witness report for
//   last_beacon_recip (a junk report cannot move an honest witness's lag); with
//   no beacon of the beaconer in the epoch they are beacon_not_found.
// Writes helium.{gPrimary, order, list, first, rowOrphan}, bFinal, bIdHex, rowReason.

import { EpochWork, cmp } from "../epoch-work";
import { R } from "./reason-ids";

export function heliumOrder(w: EpochWork): void {
  const hw = w.helium;
  if (!hw) throw new Error("helium-order runs only under the helium profile (helium ingestion)");
  const nB = w.bSeq.length;
  const nG = w.gBeaconer.length;
  const nW = w.wSeq.length;
  w.bFinal = Int32Array.from(w.bReason);
  w.bIdHex = hw.beaconId.slice();
  w.rowReason = new Uint8Array(nW);
  const byProcessing = (i: number, j: number) => w.bRecv[i] - w.bRecv[j] || cmp(hw.beaconId[i], hw.beaconId[j]);

  // the processed beacon of each group
  const gPrimary = new Int32Array(nG).fill(-1);
  for (let g = 0; g < nG; g++) {
    const bs = w.gBeacons[g];
    if (bs.length === 0) continue;
    const sorted = [...bs].sort(byProcessing);
    gPrimary[g] = sorted[0];
    for (let k = 1; k < sorted.length; k++) w.bFinal[sorted[k]] = R.tooFrequent;
  }
  hw.gPrimary = gPrimary;
  hw.order = [];
  for (let g = 0; g < nG; g++) if (gPrimary[g] >= 0) hw.order.push(gPrimary[g]);
  hw.order.sort(byProcessing);

  // each beaconer's processed beacons, by receive time (for attaching stray reports)
  const beaconsOf = new Map<number, number[]>();
  for (const bi of hw.order) {
    const h = w.bHot[bi];
    let l = beaconsOf.get(h);
    if (!l) beaconsOf.set(h, (l = []));
    l.push(bi);
  }

  const wGroup = w.wGroup.view();
  const wHot = w.wHot.view();
  const wRecv = w.wRecv.view();
  const wRssi = w.wRssi.view();
  const wFreq = w.wFreq.view();
  const wSeq = w.wSeq.view();
  const rowOrphan = new Uint8Array(nW);
  const lists = new Map<number, number[]>();
  for (let r = 0; r < nW; r++) {
    const g = wGroup[r];
    let bi = gPrimary[g];
    if (bi < 0) {
      const candidates = beaconsOf.get(w.gBeaconer[g]);
      if (!candidates) {
        w.rowReason[r] = R.notFound;
        continue;
      }
      bi = nearest(candidates, w.bRecv, wRecv[r]);
      rowOrphan[r] = 1;
    }
    let l = lists.get(bi);
    if (!l) lists.set(bi, (l = []));
    l.push(r);
  }
  const rowOrder = (a: number, b: number) =>
    wRecv[a] - wRecv[b] || wHot[a] - wHot[b] || rowOrphan[a] - rowOrphan[b] || wRssi[a] - wRssi[b] || wFreq[a] - wFreq[b] || wSeq[a] - wSeq[b];
  hw.list = new Map();
  hw.first = new Map();
  for (const bi of hw.order) {
    const rows = Uint32Array.from((lists.get(bi) ?? []).sort(rowOrder));
    hw.list.set(bi, rows);
    let first = Infinity;
    for (const r of rows) {
      if (rowOrphan[r]) continue;
      first = wRecv[r];
      break;
    }
    hw.first.set(bi, first);
  }
  hw.rowOrphan = rowOrphan;
}

/** The beacon of `sorted` (processing order, so ascending receive time) nearest `t`; ties: the earlier processed. */
function nearest(sorted: readonly number[], recv: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (recv[sorted[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  // sorted[lo] is the first at or after t; the nearest is it or the last before t.
  if (lo === sorted.length) {
    let k = lo - 1;
    while (k > 0 && recv[sorted[k - 1]] === recv[sorted[k]]) k--;
    return sorted[k];
  }
  if (lo === 0) return sorted[0];
  const after = sorted[lo];
  let k = lo - 1;
  while (k > 0 && recv[sorted[k - 1]] === recv[sorted[k]]) k--;
  const before = sorted[k];
  return t - recv[before] <= recv[after] - t ? before : after;
}
