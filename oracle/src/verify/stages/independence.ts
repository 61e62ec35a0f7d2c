// Stage "independence": which witnesses are independent evidence about a
// beaconer. A witness is not when it has the beaconer's owner, shares its radio
// (shared-radios), or sits in the beaconer's closed cluster: the two witness
// each other (mutual edge in the cross-epoch graph) and fewer than
// `clusterMinOutsidePartners` of either one's mutual partners lie outside the
// other's — their witnessing stays inside the group. In a city, a
// neighbour's partners reach beyond one's own; in a ring, they do not.
// Writes links.independent.

import { EpochWork } from "../epoch-work";

export function classifyIndependence(w: EpochWork): void {
  const t = w.links!;
  const ms = w.mutualStart;
  const mn = w.mutualNeighbour;
  const minOutside = w.cfg.evidence.clusterMinOutsidePartners;
  const isMutual = (a: number, b: number): boolean => {
    let lo = ms[a];
    let hi = ms[a + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (mn[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    return lo < ms[a + 1] && mn[lo] === b;
  };
  /** |M(x) \ (M(b) ∪ {b})| by merging the sorted lists, stopping once `enough` is reached. */
  const outside = (x: number, b: number, enough: number): number => {
    let i = ms[x];
    let j = ms[b];
    const ie = ms[x + 1];
    const je = ms[b + 1];
    let out = 0;
    while (i < ie) {
      const v = mn[i];
      while (j < je && mn[j] < v) j++;
      if (v !== b && (j >= je || mn[j] !== v) && ++out >= enough) return out;
      i++;
    }
    return out;
  };
  for (let b = 0; b < w.n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      const wi = t.witness[p];
      let ok = w.ownerId[wi] !== w.ownerId[b] && w.radioGroup[wi] !== w.radioGroup[b];
      if (ok && isMutual(b, wi) && outside(wi, b, minOutside) < minOutside && outside(b, wi, minOutside) < minOutside) ok = false;
      t.independent[p] = ok ? 1 : 0;
    }
  }
}
