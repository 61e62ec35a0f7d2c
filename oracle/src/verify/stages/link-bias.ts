// Stage "link-bias": per hotspot, the mean residual of every surviving link of a
// still-accepted beacon it took part in (as beaconer or witness); a mean further
// from 0 than `hotspotBiasAllowanceDb` + z·σ/√n (with ≥ hotspotMinLinks links)
// flags it (a gain claimed high, or a location that does not fit). Within one
// epoch only; the hexpin profile measures radios across epochs instead
// (estimate-radios). Writes biasFlag.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";

export function flagLinkBias(w: EpochWork): void {
  const gcfg = w.cfg.geometry;
  const model = w.pathLoss;
  const wHot = w.wHot.view();
  const biasSum = new Float64Array(w.n);
  const biasN = new Uint32Array(w.n);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED) continue;
    const bh = w.bHot[bi];
    for (const r of w.rowsOf(g)) {
      if (w.rowReason[r] !== ACCEPTED) continue;
      const res = w.rowY10[r] / 10 - (model.interceptDb + model.exponent * 10 * Math.log10(w.rowDist[r]));
      biasSum[bh] += res;
      biasN[bh]++;
      biasSum[wHot[r]] += res;
      biasN[wHot[r]]++;
    }
  }
  w.biasFlag = new Uint8Array(w.n);
  for (let h = 0; h < w.n; h++) {
    const n = biasN[h];
    if (n < gcfg.hotspotMinLinks) continue;
    if (Math.abs(biasSum[h] / n) > gcfg.hotspotBiasAllowanceDb + (gcfg.hotspotZ * model.sigmaDb) / Math.sqrt(n)) w.biasFlag[h] = 1;
  }
}
