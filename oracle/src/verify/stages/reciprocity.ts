// Stage "reciprocity" (one pass, on validity so far): a beaconer must have
// witnessed something valid, else its beacon and that beacon's witnesses are
// `no_reciprocity`; a witness must have had one of its own beacons validly
// witnessed, else its reports are `no_reciprocity`. Writes recipFail; updates
// bFinal, rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { R } from "./reason-ids";

export function applyReciprocity(w: EpochWork): void {
  const wHot = w.wHot.view();
  const witnessedSomething = new Uint8Array(w.n);
  const wasWitnessed = new Uint8Array(w.n);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED) continue;
    for (const r of w.rowsOf(g)) {
      if (w.rowReason[r] !== ACCEPTED) continue;
      witnessedSomething[wHot[r]] = 1;
      wasWitnessed[w.bHot[bi]] = 1;
    }
  }
  w.recipFail = new Uint8Array(w.n);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED) continue;
    const bh = w.bHot[bi];
    if (!witnessedSomething[bh]) {
      w.bFinal[bi] = R.reciprocity;
      w.recipFail[bh] = 1;
      for (const r of w.rowsOf(g)) if (w.rowReason[r] === ACCEPTED) w.rowReason[r] = R.reciprocity;
      continue;
    }
    for (const r of w.rowsOf(g)) {
      if (w.rowReason[r] === ACCEPTED && !wasWitnessed[wHot[r]]) {
        w.rowReason[r] = R.reciprocity;
        w.recipFail[wHot[r]] = 1;
      }
    }
  }
}
