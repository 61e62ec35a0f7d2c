// Stage "shared-radios": several keys behind one radio. Two keys asserted within
// `maxSpacingM` of each other are one radio when the signals of their beacons at
// their common witnesses differ by almost the same amount everywhere (transmit
// side), or the beacons they both report arrive at almost the same strength
// (receive side): distinct sites see independent shadowing, one site sees the same.
// Per pair, D = mean residual of key A − mean residual of key B at each common
// witness (or beaconer), residuals taken relative to their beacon's median so a
// per-beacon power change cancels. Only links heard at least `clearMarginDb`
// above sensitivity on both sides count: near the sensitivity floor only the
// lucky receptions are heard, and that censoring alone shrinks the spread. With
// ≥ minCommon terms, a standard deviation of D below maxSpreadDb10 joins the
// two keys. Groups are joined transitively;
// the most senior key (onboardedAt, then key) keeps its radio, the others are
// `duplicate_radio` with their beacons and reports.
// Writes radioGroup, secondaryRadio; updates bFinal, rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork, LinkTable } from "../epoch-work";
import { SpatialGrid } from "../spatial-grid";
import { R } from "./reason-ids";

export function detectSharedRadios(w: EpochWork): void {
  const t = w.links!;
  const n = w.n;
  const cfg = w.cfg.sharedRadio;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const limit = cfg.maxSpreadDb10 * cfg.maxSpreadDb10;
  const floor10 = w.cfg.receiver.sensitivityDbm10 + cfg.clearMarginDb10;

  // transmit side: beaconers compared at their common witnesses.
  const beaconers: number[] = [];
  for (let b = 0; b < n; b++) if (t.start[b + 1] > t.start[b]) beaconers.push(b);
  const txGrid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, beaconers);
  for (const a of beaconers) {
    txGrid.near(a, cfg.maxSpacingM, (b) => {
      if (b > a && sameSpread(t.start, t.witness, t.valid, t.sumN10, t.sumRssi10, floor10, a, b, cfg.minCommon) < limit) join(a, b);
    });
  }

  // receive side: witnesses compared over the beaconers both heard.
  const rx = transpose(t, n);
  const witnesses: number[] = [];
  for (let h = 0; h < n; h++) if (rx.start[h + 1] > rx.start[h]) witnesses.push(h);
  const rxGrid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, witnesses);
  for (const a of witnesses) {
    rxGrid.near(a, cfg.maxSpacingM, (b) => {
      if (b > a && sameSpread(rx.start, rx.beaconer, rx.valid, rx.sumN10, rx.sumRssi10, floor10, a, b, cfg.minCommon) < limit) join(a, b);
    });
  }

  // groups: the most senior member keeps its radio.
  const primary = new Int32Array(n).fill(-1);
  const senior = (x: number, y: number) => w.reg.infos[x].onboardedAt < w.reg.infos[y].onboardedAt || (w.reg.infos[x].onboardedAt === w.reg.infos[y].onboardedAt && x < y);
  for (let h = 0; h < n; h++) {
    const r = find(h);
    if (primary[r] < 0 || senior(h, primary[r])) primary[r] = h;
  }
  w.radioGroup = new Int32Array(n);
  w.secondaryRadio = new Uint8Array(n);
  for (let h = 0; h < n; h++) {
    const p = primary[find(h)];
    w.radioGroup[h] = p;
    if (p !== h) w.secondaryRadio[h] = 1;
  }
  const wHot = w.wHot.view();
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0) continue;
    const beaconSecondary = w.secondaryRadio[w.bHot[bi]] === 1 && w.bFinal[bi] === ACCEPTED;
    if (beaconSecondary) w.bFinal[bi] = R.duplicateRadio;
    for (const r of w.rowsOf(g)) {
      if (w.rowReason[r] !== ACCEPTED) continue;
      if (beaconSecondary || w.secondaryRadio[wHot[r]]) w.rowReason[r] = R.duplicateRadio;
    }
  }
}

/**
 * (n−1)·variance of D over the common entries of lists a and b (valid ones only),
 * in tenths of dB squared per term — i.e. the sample variance; Infinity with
 * fewer than `minCommon` terms. Lists are sorted by counterpart; the two keys
 * themselves are skipped.
 */
function sameSpread(
  start: Uint32Array, other: Uint32Array, valid: Uint8Array, sumN10: Int32Array, sumRssi10: Int32Array, floor10: number, a: number, b: number, minCommon: number,
): number {
  let i = start[a];
  let j = start[b];
  const ie = start[a + 1];
  const je = start[b + 1];
  let k = 0;
  let s = 0;
  let s2 = 0;
  while (i < ie && j < je) {
    const x = other[i];
    const y = other[j];
    if (x < y) i++;
    else if (y < x) j++;
    else {
      if (x !== a && x !== b && valid[i] > 0 && valid[j] > 0 && sumRssi10[i] >= floor10 * valid[i] && sumRssi10[j] >= floor10 * valid[j]) {
        const d = sumN10[i] / valid[i] - sumN10[j] / valid[j];
        k++;
        s += d;
        s2 += d * d;
      }
      i++;
      j++;
    }
  }
  if (k < minCommon) return Infinity;
  return (s2 - (s * s) / k) / (k - 1);
}

/** The link table by witness: for each witness, the beaconers it validly heard, ascending. */
function transpose(t: LinkTable, n: number): { start: Uint32Array; beaconer: Uint32Array; valid: Uint8Array; sumN10: Int32Array; sumRssi10: Int32Array } {
  const start = new Uint32Array(n + 1);
  for (let p = 0; p < t.witness.length; p++) start[t.witness[p] + 1]++;
  for (let h = 0; h < n; h++) start[h + 1] += start[h];
  const fill = start.slice(0, n);
  const beaconer = new Uint32Array(t.witness.length);
  const valid = new Uint8Array(t.witness.length);
  const sumN10 = new Int32Array(t.witness.length);
  const sumRssi10 = new Int32Array(t.witness.length);
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      const q = fill[t.witness[p]]++;
      beaconer[q] = b;
      valid[q] = t.valid[p];
      sumN10[q] = t.sumN10[p];
      sumRssi10[q] = t.sumRssi10[p];
    }
  }
  return { start, beaconer, valid, sumN10, sumRssi10 };
}
