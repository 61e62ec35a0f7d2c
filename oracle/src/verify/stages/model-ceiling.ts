// Stage "model-ceiling": a link much stronger than the calibrated model allows at
// its asserted distance is `stronger_than_model` — observed path loss below the
// model by more than `sigmas` × σ + `allowanceDb`. Free space bounds only the
// grossest relays; this catches a city's beacons "heard" kilometres away and a
// room of radios asserted apart. Reads model; updates rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { R } from "./reason-ids";

export function rejectStrongerThanModel(w: EpochWork): void {
  const m = w.pathLoss;
  const limit = w.cfg.modelCeiling.sigmas * m.sigmaDb + w.cfg.modelCeiling.allowanceDb;
  const { rowReason, rowDist, rowY10 } = w;
  for (let r = 0; r < rowReason.length; r++) {
    if (rowReason[r] !== ACCEPTED || rowDist[r] === 0) continue;
    const residual = rowY10[r] / 10 - (m.interceptDb + m.exponent * 10 * Math.log10(rowDist[r]));
    if (residual < -limit) rowReason[r] = R.strongerThanModel;
  }
}
