// Stage "link-rules": the rules that judge one witness row against its beacon.
// Witnesses of a group without an accepted beacon take the group's reason. For
// the others, in order (first failure wins): a hotspot's second report of one
// beacon is `duplicate_witness`; a report received outside the beacon's entropy
// lifespan (before it was published or more than `entropyLifespanMs` after, the
// window beacons have too) `entropy_out_of_window`; later than `witnessMaxAfterBeaconMs` after the
// beacon or `witnessMaxAfterFirstWitnessMs` after the first witness
// `witness_too_late`; off the beacon's frequency `frequency_mismatch`; nearer than
// `minCellDistance` cells `too_close`; beyond `maxDistanceM` `too_far`; above the
// free-space ceiling with both asserted gains `signal_too_strong`.
// Writes rowReason, rowDist (whole metres), rowY10 (observed path loss).

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { greatCircleM, fsplDb10, cellGridDistance } from "../geodesy";
import { R } from "./reason-ids";

/** Beyond this distance H3 grid distance 8 at resolution 11 is impossible (cells are < 70 m across). */
const CELL_CHECK_MAX_M = 2_000;

export function applyLinkRules(w: EpochWork): void {
  const cfg = w.cfg;
  const reg = w.reg;
  const nW = w.wSeq.length;
  const wHot = w.wHot.view();
  const wRecv = w.wRecv.view();
  const wFreq = w.wFreq.view();
  const wRssi = w.wRssi.view();
  const rowReason = w.rowReason;
  const rowDist = new Uint32Array(nW);
  const rowY10 = new Int16Array(nW);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const rs = w.rowsOf(g);
    if (rs.length === 0) continue;
    const bi = w.gAccepted[g];
    if (bi < 0) {
      for (const r of rs) rowReason[r] = w.gReason[g];
      continue;
    }
    const bh = w.bHot[bi];
    const bRecv = w.bRecv[bi];
    const ent = w.entropyById.get(w.bEntropy[bi])!;
    let first = Infinity;
    for (let k = 0; k < rs.length; k++) {
      const r = rs[k];
      if (k > 0 && wHot[rs[k - 1]] === wHot[r]) rowReason[r] = R.duplicate;
      else if (wRecv[r] < ent.publishedAtMs || wRecv[r] > ent.publishedAtMs + cfg.entropyLifespanMs) rowReason[r] = R.entropy;
      else if (wRecv[r] < first) first = wRecv[r];
    }
    for (const r of rs) {
      if (rowReason[r] !== ACCEPTED) continue;
      const wi = wHot[r];
      if (wRecv[r] > bRecv + cfg.witnessMaxAfterBeaconMs || wRecv[r] > first + cfg.witnessMaxAfterFirstWitnessMs) {
        rowReason[r] = R.late;
        continue;
      }
      if (Math.abs(wFreq[r] - w.bFreq[bi]) > cfg.frequencyToleranceHz) {
        rowReason[r] = R.frequency;
        continue;
      }
      const d = greatCircleM(reg.latRad[bh], reg.lngRad[bh], reg.latRad[wi], reg.lngRad[wi]);
      if (d < CELL_CHECK_MAX_M && cellGridDistance(reg.parentCell[bh], reg.parentCell[wi]) < cfg.minCellDistance) {
        rowReason[r] = R.close;
        continue;
      }
      if (d > cfg.maxDistanceM) {
        rowReason[r] = R.far;
        continue;
      }
      const budget10 = w.bTx[bi] + reg.gainDbi10[bh] + reg.gainDbi10[wi];
      if (wRssi[r] > budget10 - fsplDb10(d, wFreq[r]) + cfg.fsplMarginDb10) {
        rowReason[r] = R.strong;
        continue;
      }
      rowDist[r] = d;
      rowY10[r] = budget10 - wRssi[r];
    }
  }
  w.rowDist = rowDist;
  w.rowY10 = rowY10;
}
