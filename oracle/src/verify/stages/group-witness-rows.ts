// Stage "group-witness-rows": each beacon group's accepted beacon (at most one:
// same payload ⇒ same entropy ⇒ within one lifespan; should two survive, the
// lower id wins and the other is `beacon_too_frequent`), the reason witnesses of
// a group without one inherit (the earliest rejected beacon's, or
// witness_payload_mismatch when the beaconer beaconed other payloads, else
// beacon_not_found), and the witness rows grouped by beacon group (counting
// sort), each group ordered by (witness index, receive time, rssi, frequency,
// sequence): arrival order never matters.
// Writes gAccepted, gReason, rowStart, rows, rowReason (zeroed).

import { ACCEPTED } from "../reasons";
import { EpochWork, cmp } from "../epoch-work";
import { R } from "./reason-ids";

export function groupWitnessRows(w: EpochWork): void {
  const nG = w.gBeaconer.length;
  const gAccepted = new Int32Array(nG).fill(-1);
  const gReason = new Int32Array(nG);
  const beaconerHasBeacon = new Uint8Array(w.n);
  const { bFinal, bIdHex, bRecv } = w;
  for (let g = 0; g < nG; g++) {
    const bs = w.gBeacons[g];
    if (bs.length === 0) continue;
    beaconerHasBeacon[w.gBeaconer[g]] = 1;
    let primary = -1;
    for (const i of bs) {
      if (bFinal[i] === ACCEPTED) {
        if (gAccepted[g] < 0 || cmp(bIdHex[i], bIdHex[gAccepted[g]]) < 0) gAccepted[g] = i;
      } else if (primary < 0 || bRecv[i] < bRecv[primary] || (bRecv[i] === bRecv[primary] && bFinal[i] < bFinal[primary])) {
        primary = i;
      }
    }
    for (const i of bs) if (bFinal[i] === ACCEPTED && i !== gAccepted[g]) bFinal[i] = R.tooFrequent;
    gReason[g] = gAccepted[g] >= 0 ? ACCEPTED : bFinal[primary];
  }
  for (let g = 0; g < nG; g++) {
    if (w.gBeacons[g].length === 0) gReason[g] = beaconerHasBeacon[w.gBeaconer[g]] ? R.witnessPayload : R.notFound;
  }
  w.gAccepted = gAccepted;
  w.gReason = gReason;

  const nW = w.wSeq.length;
  const wGroup = w.wGroup.view();
  const wHot = w.wHot.view();
  const wRecv = w.wRecv.view();
  const wRssi = w.wRssi.view();
  const wFreq = w.wFreq.view();
  const wSeq = w.wSeq.view();
  const start = new Uint32Array(nG + 1);
  for (let r = 0; r < nW; r++) start[wGroup[r] + 1]++;
  for (let g = 0; g < nG; g++) start[g + 1] += start[g];
  const rows = new Uint32Array(nW);
  const fill = start.slice(0, nG);
  for (let r = 0; r < nW; r++) rows[fill[wGroup[r]]++] = r;
  const rowOrder = (a: number, b: number) => wHot[a] - wHot[b] || wRecv[a] - wRecv[b] || wRssi[a] - wRssi[b] || wFreq[a] - wFreq[b] || wSeq[a] - wSeq[b];
  for (let g = 0; g < nG; g++) if (start[g + 1] - start[g] > 1) rows.subarray(start[g], start[g + 1]).sort(rowOrder);
  w.rowStart = start;
  w.rows = rows;
  w.rowReason = new Uint8Array(nW);
}
