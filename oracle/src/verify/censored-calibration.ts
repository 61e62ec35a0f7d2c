// Calibration that accounts for what was not heard. Far links are heard only
// when shadowing is kind, so the median path loss of the links that were heard
// at a distance is too low — and the fitted line too flat — wherever some
// listeners heard nothing. Counting the listening opportunities at each distance
// (pairs of a beacon and a hotspot that was listening that far away) gives the
// rank of the true median among the heard links: with O opportunities and more
// than O/2 of them heard, the median of all O is the ⌈O/2⌉-th smallest heard
// path loss, whatever the unheard ones would have measured. The lower quartile
// gives the spread the same way (σ = (Q50 − Q25) / 0.6745), from the uncensored
// half only.
//
// Bins are whole dB of x = 10·log10(d); a bin is used when it has at least
// MIN_OPPORTUNITIES opportunities and at least `minHeardShare` of them heard;
// the line is the opportunity-weighted least-squares fit of the bins' medians.

import type { GeometryConfig, PathLossModel } from "./config";

const X_BINS = 80;
const Y10_MAX = 4000;
const MIN_OPPORTUNITIES = 20;

export class CensoredCalibrator {
  private readonly hist = new Uint32Array(X_BINS * Y10_MAX);
  private readonly heard = new Uint32Array(X_BINS);
  private readonly opportunities = new Uint32Array(X_BINS);
  private total = 0;

  /** One listening opportunity at distance x = 10·log10(d); y10 = observed path loss (tenths of dB) when heard, else null. */
  add(x: number, y10: number | null): void {
    const b = Math.round(x);
    if (b < 0 || b >= X_BINS) return;
    this.opportunities[b]++;
    this.total++;
    if (y10 === null || y10 < 0 || y10 >= Y10_MAX) return;
    this.hist[b * Y10_MAX + y10]++;
    this.heard[b]++;
  }

  get count(): number {
    return this.total;
  }

  /** Null when fewer than three bins are usable or too few opportunities were seen. */
  fit(cfg: GeometryConfig, minOpportunities: number, minHeardShare: number): PathLossModel | null {
    if (this.total < minOpportunities) return null;
    const xs: number[] = [];
    const meds: number[] = [];
    const sds: number[] = [];
    const ws: number[] = [];
    for (let b = 0; b < X_BINS; b++) {
      const o = this.opportunities[b];
      if (o < MIN_OPPORTUNITIES || this.heard[b] < minHeardShare * o || this.heard[b] * 2 <= o) continue;
      const row = this.hist.subarray(b * Y10_MAX, (b + 1) * Y10_MAX);
      const q50 = rankValue(row, Math.ceil(o / 2) - 1);
      const q25 = rankValue(row, Math.floor(o / 4));
      xs.push(b);
      meds.push(q50 / 10);
      sds.push((q50 - q25) / 10 / 0.6745);
      ws.push(o);
    }
    if (xs.length < 3) return null;
    let sw = 0, sx = 0, sy = 0, ss = 0;
    for (let i = 0; i < xs.length; i++) {
      sw += ws[i];
      sx += ws[i] * xs[i];
      sy += ws[i] * meds[i];
      ss += ws[i] * sds[i];
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
    return { interceptDb: my - n * mx, exponent: n, sigmaDb: Math.max(cfg.minSigmaDb, ss / sw) };
  }
}

/** The value (index) at 0-based rank `k` of a histogram. */
function rankValue(row: Uint32Array, k: number): number {
  let acc = 0;
  for (let i = 0; i < row.length; i++) {
    acc += row[i];
    if (acc > k) return i;
  }
  return row.length - 1;
}
