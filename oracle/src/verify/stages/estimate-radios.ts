// Stage "estimate-radios": each hotspot's radio as independent hotspots measured
// it — including where it was *not* heard — and kept across epochs.
//
// Transmit offset δ of beaconer B (dB against a typical hotspot at the standard
// EIRP): every credible listener L in an anchored group, of another owner and
// radio, asserted between listenMinDistanceM and listenMaxDistanceM away, whose
// predicted mean RSSI μ_L = EIRP + gain_L + ρ_L − PL(d) is at least
// sensitivity − listenMarginSigmas·σ, is one observation (per pair, not per
// beacon: a listener's misses of one beaconer share their shadowing):
//   heard with valid links:  mean RSSI − μ_L = δ + ε,      ε ~ N(0, σ²)
//   heard, links rejected:   δ + ε > sensitivity − μ_L
//   not heard:               δ + ε < sensitivity − μ_L   (negative evidence)
// δ maximises this censored (Tobit) likelihood plus a Gaussian prior: last
// epoch's estimate with its weight × weightKeepBps, or priorOffsetDb with
// priorWeight for a hotspot without history. Weight = the observations' Fisher
// information × σ² (≈ count of clean observations).
//
// Consequences: δ more than contradictedDb below what the hotspot claims
// (min(0, claimed height gain)), on at least minContradictionWeight of this
// epoch's evidence, means the hotspots around its asserted location should have
// heard it and did not: `not_heard_where_claimed` for its beacons, trust 0. A δ
// far above its claims (heard stronger than it can be from there) flags it.
//
// Receive offset ρ of witness W: from its valid links of estimated, credible
// beaconers whose predicted signal is ≥ 1σ above sensitivity (little censoring),
// ρ = mean(RSSI − (EIRP + gain_W − PL(d) + δ_B)), shrunk to the prior. Far above
// rxStrongAllowanceDb: it reports hearing more than it can.
// Writes txOffsetDb10, txWeight10, txEvidence, rxOffsetDb10, rxWeight10,
// contradicted, tooStrong; updates bFinal, rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { SpatialGrid } from "../spatial-grid";
import { millsLower, millsUpper } from "../normal";
import { R } from "./reason-ids";
import { pairIndex } from "./link-table";

const OFFSET_LIMIT_DB = 40;

/** Claimed height gain of an elevation, dB: 20·log10(h / reference), capped. */
export function claimedHeightGainDb(elevationM: number, referenceHeightM: number, maxDb: number): number {
  return Math.min(maxDb, 20 * Math.log10(Math.max(elevationM, 1) / referenceHeightM));
}

export interface TobitObservations {
  /** heard with valid links: observed offset of the mean RSSI, dB. */
  heard: number[];
  /** heard but no valid link: censoring point c (the signal was above it). */
  above: number[];
  /** not heard: censoring point c (the signal was below it). */
  below: number[];
}

/**
 * Maximises Σ log φ((s−δ)/σ) + Σ log(1 − Φ((c−δ)/σ)) + Σ log Φ((c−δ)/σ) − w(δ−δp)²/2σ²
 * by bracketed Newton steps (the likelihood is log-concave). Returns δ and the
 * observations' information × σ².
 */
export function solveTobit(o: TobitObservations, sigma: number, priorDb: number, priorWeight: number): { offsetDb: number; weight: number } {
  const s2 = sigma * sigma;
  const grad = (d: number): [number, number, number] => {
    let g = priorWeight * (priorDb - d);
    let info = o.heard.length;
    for (const s of o.heard) g += s - d;
    for (const c of o.above) {
      const z = (c - d) / sigma;
      const m = millsUpper(z);
      g += sigma * m;
      info += m * (m - z);
    }
    for (const c of o.below) {
      const z = (c - d) / sigma;
      const m = millsLower(z);
      g -= sigma * m;
      info += m * (z + m);
    }
    return [g / s2, -(info + priorWeight) / s2, info];
  };
  let lo = -OFFSET_LIMIT_DB;
  let hi = OFFSET_LIMIT_DB;
  let d = Math.min(hi, Math.max(lo, priorDb));
  let info = 0;
  for (let it = 0; it < 60; it++) {
    const [g, h, i] = grad(d);
    info = i;
    if (g > 0) lo = d;
    else hi = d;
    let next = d - g / h;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - d) < 1e-4 || hi - lo < 1e-4) {
      d = next;
      break;
    }
    d = next;
  }
  return { offsetDb: d, weight: info };
}

export function estimateRadios(w: EpochWork): void {
  const n = w.n;
  const t = w.links!;
  const m = w.pathLoss;
  const rc = w.cfg.radio;
  const sigma = m.sigmaDb;
  const sens = w.cfg.receiver.sensitivityDbm10 / 10;
  const eirp = w.cfg.beaconEirpDbm10 / 10;
  const prior = w.prior;
  const keep = rc.weightKeepBps / 10_000;
  const pl = (d: number) => m.interceptDb + m.exponent * 10 * Math.log10(Math.max(1, d));
  const priorRx = (h: number) => (prior.known[h] ? prior.rxOffsetDb10[h] / 10 : 0);
  const claimDb = (h: number) => claimedHeightGainDb(w.reg.infos[h].elevationM, rc.referenceHeightM, rc.maxClaimedHeightGainDb);

  const active = new Uint8Array(n);
  const wHot = w.wHot.view();
  for (let r = 0; r < wHot.length; r++) active[wHot[r]] = 1;
  const listeners: number[] = [];
  for (let h = 0; h < n; h++) if (w.credible[h] && w.anchored[h] && active[h]) listeners.push(h);
  const grid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, listeners);

  w.txOffsetDb10 = new Int16Array(n);
  w.txWeight10 = new Uint16Array(n);
  w.txEvidence = new Float64Array(n);
  w.contradicted = new Uint8Array(n);
  w.tooStrong = new Uint8Array(n);
  const estimated = new Uint8Array(n);
  const obs: TobitObservations = { heard: [], above: [], below: [] };
  for (let b = 0; b < n; b++) {
    const known = prior.known[b] === 1 && prior.txWeight10[b] > 0;
    const pDb = known ? prior.txOffsetDb10[b] / 10 : rc.priorOffsetDb;
    const pW = known ? (prior.txWeight10[b] / 10) * keep : rc.priorWeight;
    if (t.beacons[b] === 0 || w.secondaryRadio[b] || !w.reg.asserted[b]) {
      w.txOffsetDb10[b] = Math.round(pDb * 10);
      w.txWeight10[b] = known ? Math.round(pW * 10) : 0;
      continue;
    }
    obs.heard.length = obs.above.length = obs.below.length = 0;
    grid.near(b, rc.listenMaxDistanceM, (l, d) => {
      if (d < rc.listenMinDistanceM || w.ownerId[l] === w.ownerId[b] || w.radioGroup[l] === w.radioGroup[b]) return;
      const mu = eirp + w.reg.gainDbi10[l] / 10 + priorRx(l) - pl(d);
      const c = sens - mu;
      if (c > rc.listenMarginSigmas * sigma) return;
      const p = pairIndex(t, b, l);
      if (p < 0 || t.heard[p] === 0) obs.below.push(c);
      else if (t.valid[p] > 0) obs.heard.push(-t.sumR10[p] / t.valid[p] / 10 - priorRx(l));
      else obs.above.push(c);
    });
    const est = solveTobit(obs, sigma, pDb, pW);
    estimated[b] = 1;
    w.txOffsetDb10[b] = Math.round(est.offsetDb * 10);
    w.txWeight10[b] = Math.min(0xffff, Math.round(Math.min(rc.maxWeight, pW + est.weight) * 10));
    w.txEvidence[b] = est.weight;
    const claimed = claimDb(b);
    const offset = w.txOffsetDb10[b] / 10;
    if (offset < Math.min(0, claimed) - rc.contradictedDb && est.weight >= rc.minContradictionWeight) w.contradicted[b] = 1;
    if (offset > Math.max(0, claimed) + rc.txStrongAllowanceDb && pW + est.weight >= rc.minStrongWeight) w.tooStrong[b] = 1;
  }

  // receive offsets, from valid links of estimated, credible beaconers heard with little censoring.
  const rxSum = new Float64Array(n);
  const rxN = new Uint32Array(n);
  for (let b = 0; b < n; b++) {
    if (!estimated[b] || !w.credible[b] || !w.anchored[b] || w.contradicted[b]) continue;
    const tx = w.txOffsetDb10[b] / 10;
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      if (t.valid[p] === 0 || !t.independent[p]) continue;
      const wi = t.witness[p];
      const mu = eirp + w.reg.gainDbi10[wi] / 10 - pl(t.distM[p]) + tx;
      if (mu < sens + sigma) continue;
      rxSum[wi] += -t.sumR10[p] / t.valid[p] / 10 - tx;
      rxN[wi]++;
    }
  }
  w.rxOffsetDb10 = new Int16Array(n);
  w.rxWeight10 = new Uint16Array(n);
  for (let h = 0; h < n; h++) {
    const known = prior.known[h] === 1 && prior.rxWeight10[h] > 0;
    const pDb = known ? prior.rxOffsetDb10[h] / 10 : 0;
    const pW = known ? (prior.rxWeight10[h] / 10) * keep : rc.priorWeight;
    const weight = Math.min(rc.maxWeight, pW + rxN[h]);
    const rho = (pW * pDb + rxSum[h]) / (pW + rxN[h]);
    w.rxOffsetDb10[h] = Math.max(-400, Math.min(400, Math.round(rho * 10)));
    w.rxWeight10[h] = rxN[h] > 0 || known ? Math.round(weight * 10) : 0;
    if (rho > rc.rxStrongAllowanceDb && weight >= rc.minStrongWeight && rxN[h] > 0) w.tooStrong[h] = 1;
  }

  // a beaconer not heard where it claims to be: its beacons and their witnesses go.
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED || !w.contradicted[w.bHot[bi]]) continue;
    w.bFinal[bi] = R.notHeard;
    for (const r of w.rowsOf(g)) if (w.rowReason[r] === ACCEPTED) w.rowReason[r] = R.notHeard;
  }
  w.radioEstimated = true;
}
