// Stages "calibrate-epoch" and "calibrate-hardened": the path-loss model the
// geometry stages test against (see ../geometry.ts for the robust fit).
//
// - calibrate-epoch fits every valid link of the epoch.
// - calibrate-hardened counts what was not heard as well (../censored-calibration.ts)
//   and resists poisoning (CalibrationHardening): every beacon is paired with the
//   hotspots listening between minDistanceM and maxDistanceM of its beaconer,
//   nearest first, at most `linksPerHotspot` opportunities per hotspot; between
//   hotspots trusted last epoch only (all while that gives no fit); bounded, and
//   moved at most a step from last epoch's calibration; quantised (0.01 dB,
//   0.001) so the state carries it exactly.
// A fixed `geometry.model` bypasses both. Writes model.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { PathLossCalibrator } from "../geometry";
import { CensoredCalibrator } from "../censored-calibration";
import { SpatialGrid } from "../spatial-grid";
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
  // beacons per beaconer in canonical order, and who was listening at all this epoch.
  const beaconsOf: number[][] = Array.from({ length: w.n }, () => []);
  for (const gi of w.acceptedGroupsById()) beaconsOf[w.bHot[w.gAccepted[gi]]].push(gi);
  const listening = new Uint8Array(w.n);
  for (let r = 0; r < wHot.length; r++) listening[wHot[r]] = 1;
  const collect = (onlyTrusted: boolean): CensoredCalibrator => {
    const ok = (h: number) => w.reg.asserted[h] === 1 && (!onlyTrusted || trusted(h));
    const listeners: number[] = [];
    for (let h = 0; h < w.n; h++) if (listening[h] && ok(h)) listeners.push(h);
    const grid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, listeners);
    const used = new Uint16Array(w.n);
    const cal = new CensoredCalibrator();
    const near: [number, number][] = [];
    for (let b = 0; b < w.n; b++) {
      const gs = beaconsOf[b];
      if (gs.length === 0 || !ok(b)) continue;
      near.length = 0;
      grid.near(b, hard.maxDistanceM, (l, d) => {
        if (d >= hard.minDistanceM) near.push([d, l]);
      });
      near.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      for (const [d, l] of near) {
        if (used[b] + gs.length > hard.linksPerHotspot) break;
        if (used[l] + gs.length > hard.linksPerHotspot) continue;
        used[b] += gs.length;
        used[l] += gs.length;
        const x = 10 * Math.log10(d);
        for (const gi of gs) {
          const r = rowOf(w, gi, l, wHot);
          if (r < 0) cal.add(x, null);
          else if (w.rowReason[r] === ACCEPTED) cal.add(x, w.rowY10[r]);
          // heard but its link rejected for other reasons: not an opportunity either way.
        }
      }
    }
    return cal;
  };
  let fitted: PathLossModel | null = null;
  if (prior.calibration) fitted = collect(true).fit(g, g.minCalibrationLinks, hard.minHeardShare);
  if (!fitted) fitted = collect(false).fit(g, g.minCalibrationLinks, hard.minHeardShare);
  if (fitted) fitted = { ...fitted, interceptDb: Math.min(hard.interceptMaxDb, Math.max(hard.interceptMinDb, fitted.interceptDb)), sigmaDb: Math.min(hard.maxSigmaDb, fitted.sigmaDb) };
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
  w.modelCalibrated = fitted !== null || prior.calibration !== null;
}

/** The first row of hotspot `l` among group gi's rows (sorted by witness), or −1. */
function rowOf(w: EpochWork, gi: number, l: number, wHot: Uint32Array): number {
  const rs = w.rowsOf(gi);
  let lo = 0;
  let hi = rs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (wHot[rs[mid]] < l) lo = mid + 1;
    else hi = mid;
  }
  return lo < rs.length && wHot[rs[lo]] === l ? rs[lo] : -1;
}

/** The model as the state stores it: 0.01 dB, 0.001 exponent. */
export function quantiseModel(m: PathLossModel): PathLossModel {
  return { interceptDb: Math.round(m.interceptDb * 100) / 100, exponent: Math.round(m.exponent * 1000) / 1000, sigmaDb: Math.round(m.sigmaDb * 100) / 100 };
}
