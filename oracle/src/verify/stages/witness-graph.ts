// Stage "witness-graph": who validly witnesses whom, across epochs. Last epoch's
// graph (from the prior state) is decayed (weights >> edgeDecayShift) and this
// epoch's valid links are added (EDGE_WEIGHT_ONE per beacon heard), per unordered
// pair and direction. Pairs that witness each other in both directions with at
// least `mutualEdgeWeight` form the mutual adjacency the independence stage
// reads; the decayed graph goes to the next state. Writes nextEdges,
// mutualStart, mutualNeighbour.

import { EpochWork } from "../epoch-work";
import { EDGE_WEIGHT_MAX, EDGE_WEIGHT_ONE } from "../../state/poc-state";

export function updateWitnessGraph(w: EpochWork): void {
  const t = w.links!;
  const n = w.n;
  const ev = w.cfg.evidence;
  // this epoch's directed counts, encoded (pairKey·2 + direction)·256 + count so one numeric sort groups them.
  let m = 0;
  for (let p = 0; p < t.witness.length; p++) if (t.valid[p] > 0) m++;
  const enc = new Float64Array(m);
  m = 0;
  for (let b = 0; b < n; b++) {
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      if (t.valid[p] === 0) continue;
      const wi = t.witness[p];
      const lo = b < wi ? b : wi;
      const hi = b < wi ? wi : b;
      const dir = wi === hi ? 1 : 0; // 1: hi heard lo
      enc[m++] = ((lo * n + hi) * 2 + dir) * 256 + t.valid[p];
    }
  }
  enc.sort();
  const prior = w.prior;
  const shift = ev.edgeDecayShift;
  const outLo: number[] = [];
  const outHi: number[] = [];
  const outLH: number[] = [];
  const outHL: number[] = [];
  let i = 0; // prior edges
  let j = 0; // this epoch
  while (i < prior.edgeLo.length || j < m) {
    let lo: number, hi: number;
    const priorKey = i < prior.edgeLo.length ? prior.edgeLo[i] * n + prior.edgeHi[i] : Infinity;
    const epochKey = j < m ? Math.floor(enc[j] / 512) : Infinity;
    const key = Math.min(priorKey, epochKey);
    lo = Math.floor(key / n);
    hi = key - lo * n;
    let lh = 0;
    let hl = 0;
    if (priorKey === key) {
      lh = prior.loHeardHi[i] >> shift;
      hl = prior.hiHeardLo[i] >> shift;
      i++;
    }
    while (j < m && Math.floor(enc[j] / 512) === key) {
      const dir = Math.floor(enc[j] / 256) % 2;
      const count = enc[j] % 256;
      if (dir === 1) hl += count * EDGE_WEIGHT_ONE;
      else lh += count * EDGE_WEIGHT_ONE;
      j++;
    }
    if (lh < ev.edgeDropBelow && hl < ev.edgeDropBelow) continue;
    outLo.push(lo);
    outHi.push(hi);
    outLH.push(Math.min(EDGE_WEIGHT_MAX, lh));
    outHL.push(Math.min(EDGE_WEIGHT_MAX, hl));
  }
  w.nextEdges = { lo: Uint32Array.from(outLo), hi: Uint32Array.from(outHi), loHeardHi: Uint16Array.from(outLH), hiHeardLo: Uint16Array.from(outHL) };

  // mutual adjacency; edges are sorted by (lo, hi), so each hotspot's neighbours come out ascending.
  const e = w.nextEdges;
  const deg = new Uint32Array(n + 1);
  const mutual = (k: number) => e.loHeardHi[k] >= ev.mutualEdgeWeight && e.hiHeardLo[k] >= ev.mutualEdgeWeight;
  for (let k = 0; k < e.lo.length; k++) {
    if (!mutual(k)) continue;
    deg[e.lo[k] + 1]++;
    deg[e.hi[k] + 1]++;
  }
  for (let h = 0; h < n; h++) deg[h + 1] += deg[h];
  const nb = new Uint32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (let k = 0; k < e.lo.length; k++) {
    if (!mutual(k)) continue;
    nb[fill[e.lo[k]]++] = e.hi[k];
    nb[fill[e.hi[k]]++] = e.lo[k];
  }
  w.mutualStart = deg;
  w.mutualNeighbour = nb;
}
