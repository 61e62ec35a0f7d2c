// Stages "calibrate-epoch" and "calibrate-hardened": the path-loss model the
// geometry stages test against (see ../geometry.ts for the robust fit).
//
// - calibrate-epoch fits every valid link of the epoch.
// - calibrate-hardened resists poisoning (CalibrationHardening): links between
//   hotspots trusted last epoch only (all links while fewer than
//   `minCalibrationLinks` such exist), at most `linksPerHotspot` per hotspot taken
//   in beacon-id order, spread from the fitted bins, bounded, and moved at most a
//   step from last epoch's calibration; quantised (0.01 dB, 0.001) so the state
//   carries it exactly.
// A fixed `geometry.model` bypasses both. Writes model.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { PathLossCalibrator } from "../geometry";
import type { PathLossModel } from "../config";

export function calibrateEpoch(w: EpochWork): void {
  const g = w.cfg.geometry;
  if (g.model !== "calibrate") {
    w.model = g.model;
    return;
  }
  const cal = new PathLossCalibrator();
  const { rowReason, rowDist, rowY10 } = w;
  for (let r = 0; r < rowReason.length; r++) if (rowReason[r] === ACCEPTED && rowDist[r] > 0) cal.add(10 * Math.log10(rowDist[r]), rowY10[r]);
  w.model = cal.fit(g);
}

export function calibrateHardened(w: EpochWork): void {
  const g = w.cfg.geometry;
  if (g.model !== "calibrate") {
    w.model = g.model;
    return;
  }
  const hard = w.cfg.calibration;
  const prior = w.prior;
  const wHot = w.wHot.view();
  const trusted = (h: number) => prior.trustBps[h] >= hard.minTrustBps;
  const groups = w.acceptedGroupsById();
  let trustedLinks = 0;
  if (prior.calibration) {
    for (const gi of groups) {
      const bh = w.bHot[w.gAccepted[gi]];
      if (!trusted(bh)) continue;
      for (const r of w.rowsOf(gi)) if (w.rowReason[r] === ACCEPTED && trusted(wHot[r])) trustedLinks++;
    }
  }
  const onlyTrusted = trustedLinks >= g.minCalibrationLinks;
  const used = new Uint16Array(w.n);
  const cal = new PathLossCalibrator();
  for (const gi of groups) {
    const bh = w.bHot[w.gAccepted[gi]];
    if (onlyTrusted && !trusted(bh)) continue;
    for (const r of w.rowsOf(gi)) {
      if (w.rowReason[r] !== ACCEPTED || w.rowDist[r] === 0) continue;
      const wh = wHot[r];
      if (onlyTrusted && !trusted(wh)) continue;
      if (used[bh] >= hard.linksPerHotspot || used[wh] >= hard.linksPerHotspot) continue;
      used[bh]++;
      used[wh]++;
      cal.add(10 * Math.log10(w.rowDist[r]), w.rowY10[r]);
    }
  }
  const fitted = cal.fitHardened(g, hard);
  let m: PathLossModel = fitted ?? prior.calibration ?? g.fallbackModel;
  if (fitted && prior.calibration) {
    const p = prior.calibration;
    const step = (x: number, from: number, max: number) => from + Math.max(-max, Math.min(max, x - from));
    m = {
      interceptDb: step(fitted.interceptDb, p.interceptDb, hard.maxInterceptStepDb),
      exponent: step(fitted.exponent, p.exponent, hard.maxExponentStep),
      sigmaDb: step(fitted.sigmaDb, p.sigmaDb, hard.maxSigmaStepDb),
    };
  }
  w.model = quantiseModel(m);
}

/** The model as the state stores it: 0.01 dB, 0.001 exponent. */
export function quantiseModel(m: PathLossModel): PathLossModel {
  return { interceptDb: Math.round(m.interceptDb * 100) / 100, exponent: Math.round(m.exponent * 1000) / 1000, sigmaDb: Math.round(m.sigmaDb * 100) / 100 };
}
