// Stage "shared-radios": several keys behind one radio. Two keys asserted within
// `maxSpacingM` of each other are one radio when their beacons reach their
// common witnesses with signal differences too small for distinct sites: the
// static shadowing of a path is the site's, so one antenna seen from a witness
// has one signal level, whatever key it beacons for and wherever the keys claim
// to be. Per pair, D = mean observed path loss of key A − that of key B at each
// common witness (raw, not against the asserted distances: one radio's keys
// differ by nothing, two sites by their distances and their shadowing), its
// spread taken around its mean (a constant power difference cancels, and so
// does per-beacon power jitter, since only witnesses that heard each of a key's
// beacons count).
// Only witnesses the model predicts to hear the key clearly count — predicted
// mean RSSI at the asserted distance ≥ hearing floor + clearSigmas·σ — and that
// did hear each of its beacons: chosen by geometry, not by the signal observed,
// because near the floor only the lucky receptions are heard and that censoring
// alone would shrink the spread. With at least minCommon such witnesses, a
// standard deviation of D below maxSpreadDb10 joins the two keys (transitively).
// Only distinct witnesses are evidence — static shadowing repeats every epoch,
// so the test is per epoch, not pooled. The same test on what keys report
// hearing (common beaconers) joins them too, though an attacker can add noise
// to its own reports. Where a radio has fewer clear witnesses than minCommon
// (sparse areas), the variance test cannot tell — unless they are asserted within
// nearWithinM, where minCommonNear witnesses suffice (keys that close are rarely
// distinct radios with identical signals); keys asserted closer than
// presumeSharedWithinM are then presumed to share a radio unless at least
// minDistinctCommon clear common witnesses see them differ by a spread of
// distinctSpreadDb10 or more. Keys sharing a radio asserted farther apart than
// that in sparse areas go unnoticed: a known limit.
//
// A joined group is one radio: it counts as one owner when vouching, its members
// are not independent of each other, and its trust is shared (each member's
// trust divided by the group's size), so n keys on one radio earn what one would.
// Nothing is rejected: a false join costs two honest keys half their trust for
// an epoch, not their reports. Writes radioGroup, radioGroupSize.

import { EpochWork, LinkTable } from "../epoch-work";
import { SpatialGrid } from "../spatial-grid";

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
  const m = w.pathLoss;
  const eirp10 = w.cfg.beaconEirpDbm10;
  /** a link predicted to be heard clearly, and heard on every beacon. */
  const clearLink = (b: number, p: number): boolean => {
    if (t.valid[p] !== t.beacons[b] || t.distM[p] === 0) return false;
    const mu10 = eirp10 + w.reg.gainDbi10[t.witness[p]] - 10 * (m.interceptDb + m.exponent * 10 * Math.log10(t.distM[p]));
    return mu10 >= w.hearingFloorDbm10 + 10 * cfg.clearSigmas * m.sigmaDb;
  };

  // mean observed path loss per pair, tenths of dB.
  const y10 = new Float64Array(t.witness.length);
  for (let p = 0; p < y10.length; p++) if (t.valid[p] > 0) y10[p] = t.sumR10[p] / t.valid[p] + 10 * (m.interceptDb + m.exponent * 10 * Math.log10(t.distM[p]));
  // transmit side: beaconers compared at common witnesses that heard every beacon clearly.
  const txClear = new Uint8Array(t.witness.length);
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) txClear[p] = clearLink(b, p) ? 1 : 0;
  }
  const beaconers: number[] = [];
  for (let b = 0; b < n; b++) if (t.start[b + 1] > t.start[b]) beaconers.push(b);
  const txGrid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, beaconers);
  const distinct = cfg.distinctSpreadDb10 * cfg.distinctSpreadDb10;
  for (const a of beaconers) {
    txGrid.near(a, cfg.maxSpacingM, (b, d) => {
      if (b <= a) return;
      const [ss, df] = deviations(t.start, t.witness, txClear, y10, a, b);
      const common = df + 1;
      if ((common >= cfg.minCommon || (d < cfg.nearWithinM && common >= cfg.minCommonNear)) && ss / df < limit) join(a, b);
      // keys asserted this close must show distinct sites: enough common witnesses seeing them differ.
      else if (d < cfg.presumeSharedWithinM && !(df + 1 >= cfg.minDistinctCommon && ss / df >= distinct)) join(a, b);
    });
  }

  // receive side: witnesses compared over the beaconers both heard clearly.
  const rx = transpose(t, n, txClear, y10);
  const witnesses: number[] = [];
  for (let h = 0; h < n; h++) if (rx.start[h + 1] > rx.start[h]) witnesses.push(h);
  const rxGrid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, witnesses);
  for (const a of witnesses) {
    rxGrid.near(a, cfg.maxSpacingM, (b) => {
      if (b <= a) return;
      const [ss, df] = deviations(rx.start, rx.beaconer, rx.clear, rx.y10, a, b);
      if (df + 1 >= cfg.minCommon && ss / df < limit) join(a, b);
    });
  }

  // a group is named by its most senior member (onboardedAt, then key).
  const primary = new Int32Array(n).fill(-1);
  const size = new Int32Array(n);
  const senior = (x: number, y: number) => w.reg.infos[x].onboardedAt < w.reg.infos[y].onboardedAt || (w.reg.infos[x].onboardedAt === w.reg.infos[y].onboardedAt && x < y);
  for (let h = 0; h < n; h++) {
    const r = find(h);
    size[r]++;
    if (primary[r] < 0 || senior(h, primary[r])) primary[r] = h;
  }
  w.radioGroup = new Int32Array(n);
  w.radioGroupSize = new Int32Array(n);
  for (let h = 0; h < n; h++) {
    w.radioGroup[h] = primary[find(h)];
    w.radioGroupSize[h] = size[find(h)];
  }
}

/**
 * [Σ (D − mean D)², degrees of freedom] over the common clear entries of lists
 * a and b, tenths of dB; [0, 0] with fewer than two. Lists are sorted by
 * counterpart; the two keys themselves are skipped.
 */
function deviations(start: Uint32Array, other: Uint32Array, clear: Uint8Array, y10: Float64Array, a: number, b: number): [number, number] {
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
      if (x !== a && x !== b && clear[i] && clear[j]) {
        const d = y10[i] - y10[j];
        k++;
        s += d;
        s2 += d * d;
      }
      i++;
      j++;
    }
  }
  if (k < 2) return [0, 0];
  return [Math.max(0, s2 - (s * s) / k), k - 1];
}

/** The link table by witness: for each witness, the beaconers it heard, ascending, with the clear flag. */
function transpose(t: LinkTable, n: number, txClear: Uint8Array, pathLoss10: Float64Array) {
  const m = t.witness.length;
  const start = new Uint32Array(n + 1);
  for (let p = 0; p < m; p++) start[t.witness[p] + 1]++;
  for (let h = 0; h < n; h++) start[h + 1] += start[h];
  const fill = start.slice(0, n);
  const beaconer = new Uint32Array(m);
  const clear = new Uint8Array(m);
  const y10 = new Float64Array(m);
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      const q = fill[t.witness[p]]++;
      beaconer[q] = b;
      clear[q] = txClear[p];
      y10[q] = pathLoss10[p];
    }
  }
  return { start, beaconer, clear, y10 };
}
