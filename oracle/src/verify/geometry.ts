// Geometric consistency: do the RSSIs a beacon's witnesses report fit the
// beaconer's asserted location under a log-distance path-loss model?
//
// For a link of d metres the observed path loss is
//   y = txPower + beaconerGain + witnessGain − RSSI          (dB, all as declared/asserted)
// and the model predicts a + 10·n·log10(d). We write x = 10·log10(d), so y ≈ a + n·x.
//
// 1. Calibration: (a, n, sigma) are fitted to the whole epoch's links, robustly:
//    x is binned to whole dB, each bin contributes its median y (from an integer
//    histogram of y in tenths of dB, so the medians are exact), and a count-weighted
//    least-squares line through the medians gives (a, n), with n clamped to the
//    plausible range. sigma is 1.4826 × the pooled per-bin median absolute deviation.
//    Medians keep a minority of liars from dragging the model.
// 2. Per beacon (≥ minWitnesses links), residuals r_i = y_i − (a + n·x_i):
//    - a witness is an outlier when its residual is more than k sigma from the
//      beacon's median residual (its claimed signal does not fit its location);
//    - the beacon is inconsistent when its median residual is further from 0 than
//      the site allowance plus z standard errors (a wrong beaconer location or gain
//      moves every witness the same way), or, with ≥ slopeMinWitnesses inliers, when
//      the exponent least-squares-fitted to the inliers is confidently outside
//      [beaconExponentMin, beaconExponentMax] (by default: path loss that does not
//      grow with asserted distance; see the config for why the floor is so low).
//      An inconsistent beacon's witnesses are all rejected, so no outliers are kept.
// Both tests are on quantised inputs (whole metres, tenths of dB) and use only
// reproducible float operations.

import { CalibrationHardening, GeometryConfig, PathLossModel } from "./config";

const X_BINS = 80; // x = 10·log10(d) < 80 ⇔ d < 10^8 m
const Y10_MAX = 4000; // path loss below 400 dB
const MIN_BIN_COUNT = 5;

/** Accumulates links for the epoch calibration; memory is fixed (X_BINS × Y10_MAX counters). */
export class PathLossCalibrator {
  private readonly hist = new Uint32Array(X_BINS * Y10_MAX);
  private readonly binCount = new Uint32Array(X_BINS);
  private total = 0;

  add(x: number, y10: number): void {
    const b = Math.round(x);
    if (b < 0 || b >= X_BINS || y10 < 0 || y10 >= Y10_MAX) return;
    this.hist[b * Y10_MAX + y10]++;
    this.binCount[b]++;
    this.total++;
  }

  get links(): number {
    return this.total;
  }

  /** The epoch calibration as first written: spread pooled over every bin with links. */
  fit(cfg: GeometryConfig): PathLossModel {
    return this.fitBins(cfg, false) ?? cfg.fallbackModel;
  }

  /**
   * The hardened fit: spread measured only in the bins the line is fitted on (far
   * bins hold only the links shadowing favoured, and links an attacker adds
   * there must not widen every test), intercept and sigma bounded. Null when
   * there are too few links to fit.
   */
  fitHardened(cfg: GeometryConfig, hard: CalibrationHardening): PathLossModel | null {
    const m = this.fitBins(cfg, true);
    if (!m) return null;
    return {
      interceptDb: Math.min(hard.interceptMaxDb, Math.max(hard.interceptMinDb, m.interceptDb)),
      exponent: m.exponent,
      sigmaDb: Math.min(hard.maxSigmaDb, m.sigmaDb),
    };
  }

  private fitBins(cfg: GeometryConfig, spreadFromFittedBins: boolean): PathLossModel | null {
    if (this.total < cfg.minCalibrationLinks) return null;
    const xs: number[] = [];
    const meds: number[] = [];
    const ws: number[] = [];
    const mads: number[] = [];
    for (let b = 0; b < X_BINS; b++) {
      const c = this.binCount[b];
      if (c < MIN_BIN_COUNT) continue;
      const row = this.hist.subarray(b * Y10_MAX, (b + 1) * Y10_MAX);
      const med10 = histMedian(row, c);
      // median absolute deviation from the histogram: count how many fall within ±k.
      let k = 0;
      let within = row[med10];
      while (within * 2 < c) {
        k++;
        within += (med10 - k >= 0 ? row[med10 - k] : 0) + (med10 + k < Y10_MAX ? row[med10 + k] : 0);
      }
      xs.push(b);
      meds.push(med10 / 10);
      ws.push(c);
      mads.push(k / 10);
    }
    if (xs.length < 3) return null;
    let allW = 0;
    let allMad = 0;
    for (let i = 0; i < xs.length; i++) {
      allW += ws[i];
      allMad += mads[i] * ws[i];
    }
    // fit only the nearer bins holding the first `calibrationQuantile` of links: far
    // links are heard only when shadowing is kind, so far-bin medians flatten the line.
    let keep = 0;
    for (let i = 0, acc = 0; i < xs.length; i++) {
      keep = i + 1;
      acc += ws[i];
      if (acc >= cfg.calibrationQuantile * allW && keep >= 3) break;
    }
    xs.length = meds.length = ws.length = mads.length = keep;
    let sw = 0, sx = 0, sy = 0, madSum = 0;
    for (let i = 0; i < xs.length; i++) {
      sw += ws[i];
      sx += ws[i] * xs[i];
      sy += ws[i] * meds[i];
      madSum += mads[i] * ws[i];
    }
    const mx = sx / sw;
    const my = sy / sw;
    let sxx = 0, sxy = 0;
    for (let i = 0; i < xs.length; i++) {
      sxx += ws[i] * (xs[i] - mx) * (xs[i] - mx);
      sxy += ws[i] * (xs[i] - mx) * (meds[i] - my);
    }
    let n = sxx > 0 ? sxy / sxx : cfg.fallbackModel.exponent;
    n = Math.min(cfg.exponentMax, Math.max(cfg.exponentMin, n));
    const a = my - n * mx;
    const mad = spreadFromFittedBins ? madSum / sw : allMad / allW;
    const sigma = Math.max(cfg.minSigmaDb, 1.4826 * mad);
    return { interceptDb: a, exponent: n, sigmaDb: sigma };
  }
}

function histMedian(row: Uint32Array, count: number): number {
  const half = Math.floor((count - 1) / 2); // lower median, 0-based rank
  let acc = 0;
  for (let i = 0; i < row.length; i++) {
    acc += row[i];
    if (acc > half) return i;
  }
  return row.length - 1;
}

export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface BeaconGeometryResult {
  /** the beaconer's asserted location/gain does not explain its witnesses. */
  beaconInconsistent: boolean;
  /** per link: 1 when that witness is an outlier (only meaningful when the beacon is consistent). */
  outlier: Uint8Array;
  medianResidualDb: number;
  /** the beacon's own least-squares exponent, NaN when not fitted. */
  fittedExponent: number;
}

/**
 * Tests one beacon's links. `x[i] = 10·log10(distance_i)`, `y[i]` the observed
 * path loss in dB. Callers skip beacons with fewer than `cfg.minWitnesses` links.
 */
export function testBeaconGeometry(x: ArrayLike<number>, y: ArrayLike<number>, model: PathLossModel, cfg: GeometryConfig): BeaconGeometryResult {
  const n = x.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = y[i] - (model.interceptDb + model.exponent * x[i]);
  const m = median(r);
  const sigma = model.sigmaDb;
  // standard error of a median ≈ 1.2533·sigma/√n
  let inconsistent = cfg.beaconMedianTest !== false && Math.abs(m) > cfg.beaconBiasAllowanceDb + (cfg.beaconZ * 1.2533 * sigma) / Math.sqrt(n);
  const outlier = new Uint8Array(n);
  const lim = cfg.witnessOutlierSigmas * sigma;
  let inliers = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(r[i] - m) > lim) outlier[i] = 1;
    else inliers++;
  }
  // the exponent is fitted on inliers only: one lying witness far away has enough
  // leverage to tilt a least-squares line, and is judged on its own above.
  let fitted = NaN;
  if (inliers >= cfg.slopeMinWitnesses) {
    let mx = 0, my = 0;
    for (let i = 0; i < n; i++) {
      if (outlier[i]) continue;
      mx += x[i];
      my += y[i];
    }
    mx /= inliers;
    my /= inliers;
    let sxx = 0, sxy = 0;
    for (let i = 0; i < n; i++) {
      if (outlier[i]) continue;
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    if (sxx > 0) {
      fitted = sxy / sxx;
      const se = sigma / Math.sqrt(sxx);
      if (fitted + cfg.beaconZ * se < cfg.beaconExponentMin || fitted - cfg.beaconZ * se > cfg.beaconExponentMax) inconsistent = true;
    }
  }
  if (inconsistent) outlier.fill(0);
  return { beaconInconsistent: inconsistent, outlier, medianResidualDb: m, fittedExponent: fitted };
}
