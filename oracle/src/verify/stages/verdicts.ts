// Stage "verdicts": every report's final reason (beacons: bFinal, witnesses:
// rowReason) into the per-sequence verdict column. Counting happens when the
// outcome is assembled.

import { EpochWork } from "../epoch-work";

export function writeVerdicts(w: EpochWork): void {
  const verdict = w.verdicts.data;
  for (let i = 0; i < w.bSeq.length; i++) verdict[w.bSeq[i]] = w.bFinal[i];
  const wSeq = w.wSeq.view();
  for (let r = 0; r < wSeq.length; r++) verdict[wSeq[r]] = w.rowReason[r];
}
