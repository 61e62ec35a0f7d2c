// Stage "estimate-radios": each hotspot's radio as independent hotspots measured
// it — including where it was *not* heard — kept across epochs, and whether it
// can be where it claims to be.
//
// Transmit offset δ of beaconer B (dB against a typical hotspot at the standard
// EIRP, as the calibrated model predicts it). Observations are credible
// listeners L in an anchored group, of another owner and radio, asserted at
// least listenMinDistanceM away, one per listener (per pair, not per beacon: a
// listener's misses of one beaconer share their shadowing). With the hearing
// floor F (EpochWork.hearingFloorDbm10) and L's predicted mean RSSI
// μ_L = EIRP + gain_L + ρ_L − PL(d):
//   heard with valid links:  mean RSSI − μ_L = δ + ε,      ε ~ N(0, σ²)
//   heard, links rejected:   δ + ε > F − μ_L
//   not heard:               δ + ε < F − μ_L   (negative evidence)
// Every listener within listenMaxDistanceM whose μ_L ≥ F − listenMarginSigmas·σ
// is observed, heard or not. δ maximises this censored (Tobit) likelihood plus a
// Gaussian prior: last epoch's estimate with its weight × weightKeepBps, or
// priorOffsetDb with priorWeight for a hotspot without history. Weight = the
// observations' Fisher information × σ² (≈ count of clean observations).
//
// The radio contradicts its claims (`radio_contradicts_claims` for its beacons,
// trust 0) when, with a calibrated model:
//   - δ is more than contradictedDb below min(0, claimed height gain) on at least
//     minContradictionWeight of this epoch's evidence: the hotspots around its
//     asserted spot should have heard it and did not;
//   - δ is more than txStrongAllowanceDb above max(0, claimed height gain), with
//     weight ≥ minStrongWeight: it is heard far stronger than it can be from
//     there; or
//   - the fit is wrong in shape: at least misfitMinCount and misfitShareBps of the
//     observations lie more than misfitSigmas·σ on the wrong side (heard much
//     stronger than δ allows, or not heard where δ says it surely would be) — what
//     a radio somewhere else produces: too strong on one side, silent on the other.
//     Valid links from listeners beyond the window whose μ_L is more than
//     misfitSigmas·σ below F count as such surprises too, and so does every
//     credible listener whose links were rejected as stronger than free space or
//     the model allow: heard where it can hardly be heard from its asserted spot,
//     as a relay's far listeners are.
//
// Receive offset ρ of witness W: from its valid links of estimated, credible,
// uncontradicted beaconers whose predicted signal is ≥ 1σ above the floor
// (little censoring), ρ = mean(RSSI − (EIRP + gain_W − PL(d) + δ_B)), shrunk to
// the prior, then all shifted so the median credible receiver has ρ = 0 (a
// common shift of all δ against all ρ fits the same data). Far above
// rxStrongAllowanceDb: it reports hearing more than it can (flagged; the trust
// stage removes tooStrongPenaltyBps).
// Writes txOffsetDb10, txWeight10, txEvidence, rxOffsetDb10, rxWeight10,
// contradicted, tooStrong; updates bFinal, rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { SpatialGrid } from "../spatial-grid";
import { logNormalCdf, millsLower, millsUpper } from "../normal";
import { greatCircleM } from "../geodesy";
import { R } from "./reason-ids";
import { pairIndex } from "./link-table";
import { heightGainDb } from "../../score/propagation";

const OFFSET_LIMIT_DB = 40;

export interface TobitObservations {
  /** heard with valid links: observed offset of the mean RSSI, dB. */
  heard: number[];
  /** the listener of each heard observation, and its mean RSSI (dBm), for the location test. */
  heardBy?: number[];
  heardRssi?: number[];
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

/** Observations lying more than k·σ on the wrong side of δ: heard far too strong, or silent where hearing was near certain. */
export function surprises(o: TobitObservations, sigma: number, offsetDb: number, k: number): number {
  let n = 0;
  for (const s of o.heard) if (s - offsetDb > k * sigma) n++;
  for (const c of o.above) if (c - offsetDb > k * sigma) n++;
  for (const c of o.below) if (c - offsetDb < -k * sigma) n++;
  return n;
}

/** The censored log-likelihood (without prior) at offset δ, up to a constant. */
export function tobitLogLik(o: TobitObservations, sigma: number, offsetDb: number): number {
  let ll = 0;
  for (const s of o.heard) ll -= ((s - offsetDb) * (s - offsetDb)) / (2 * sigma * sigma);
  for (const c of o.above) ll += logNormalCdf(-(c - offsetDb) / sigma);
  for (const c of o.below) ll += logNormalCdf((c - offsetDb) / sigma);
  return ll;
}

/**
 * A listener's receive level over the standard EIRP, dB: its asserted gain plus
 * its measured receive offset; until that is measured, an asserted gain counts
 * only up to maxUnmeasuredGainDb (a gain claimed high must not make neighbours
 * look unheard).
 */
export function receiveLevelDb(w: EpochWork, l: number): number {
  const p = w.prior;
  if (p.known[l] && p.rxWeight10[l] > 0) return w.reg.gainDbi10[l] / 10 + p.rxOffsetDb10[l] / 10;
  return Math.min(w.reg.gainDbi10[l] / 10, w.cfg.radio.maxUnmeasuredGainDb);
}

export function estimateRadios(w: EpochWork): void {
  const n = w.n;
  const t = w.links!;
  const m = w.pathLoss;
  const rc = w.cfg.radio;
  const sigma = m.sigmaDb;
  const floor = w.hearingFloorDbm10 / 10;
  const eirp = w.cfg.beaconEirpDbm10 / 10;
  const prior = w.prior;
  const keep = rc.weightKeepBps / 10_000;
  const pl = (d: number) => m.interceptDb + m.exponent * 10 * Math.log10(Math.max(1, d));
  const rxLevel = (l: number) => receiveLevelDb(w, l);
  const claimDb = (h: number) => heightGainDb(w.reg.infos[h].elevationM, rc.referenceHeightM, rc.maxClaimedHeightGainDb);

  const active = new Uint8Array(n);
  const wHot = w.wHot.view();
  for (let r = 0; r < wHot.length; r++) active[wHot[r]] = 1;
  const listener = new Uint8Array(n);
  const listeners: number[] = [];
  for (let h = 0; h < n; h++) {
    if (!(w.credible[h] && w.anchored[h] && active[h])) continue;
    listener[h] = 1;
    listeners.push(h);
  }
  const grid = new SpatialGrid(w.reg.latRad, w.reg.lngRad, listeners);
  // the farthest any listener can be inside the window (the best gain and receive offset among them).
  let bestRx = 0;
  for (const l of listeners) bestRx = Math.max(bestRx, rxLevel(l));
  const windowM = Math.min(rc.listenMaxDistanceM, Math.ceil(Math.pow(10, (eirp + bestRx - floor + rc.listenMarginSigmas * sigma - m.interceptDb) / (10 * m.exponent))));
  // the location test's neighbourhood: where a generous listener (6 dBi, +5 dB receiver) is inside the window.
  const reachM = Math.min(windowM, Math.pow(10, (eirp + 11 - floor + rc.listenMarginSigmas * sigma - m.interceptDb) / (10 * m.exponent)));

  w.txOffsetDb10 = new Int16Array(n);
  w.txWeight10 = new Uint16Array(n);
  w.txEvidence = new Float64Array(n);
  w.contradicted = new Uint8Array(n);
  w.tooStrong = new Uint8Array(n);
  const estimated = new Uint8Array(n);
  const obs: TobitObservations = { heard: [], above: [], below: [], heardBy: [], heardRssi: [] };
  const seen = new Int32Array(n).fill(-1);
  const locBy: number[] = [];
  const locRssi: number[] = [];
  for (let b = 0; b < n; b++) {
    const known = prior.known[b] === 1 && prior.txWeight10[b] > 0;
    const pDb = known ? prior.txOffsetDb10[b] / 10 : rc.priorOffsetDb;
    const pW = known ? (prior.txWeight10[b] / 10) * keep : rc.priorWeight;
    if (t.beacons[b] === 0 || !w.reg.asserted[b]) {
      w.txOffsetDb10[b] = Math.round(pDb * 10);
      w.txWeight10[b] = known ? Math.round(pW * 10) : 0;
      continue;
    }
    obs.heard.length = obs.above.length = obs.below.length = obs.heardBy!.length = obs.heardRssi!.length = 0;
    const eligible = (l: number, d: number) => d >= rc.listenMinDistanceM && w.ownerId[l] !== w.ownerId[b] && w.radioGroup[l] !== w.radioGroup[b];
    const observe = (l: number, d: number, p: number) => {
      const mu = eirp + rxLevel(l) - pl(d);
      if (p < 0 || t.heard[p] === 0) obs.below.push(floor - mu);
      else if (t.valid[p] > 0) {
        obs.heard.push(t.sumRssi10[p] / t.valid[p] / 10 - mu);
        obs.heardBy!.push(l);
        obs.heardRssi!.push(t.sumRssi10[p] / t.valid[p] / 10);
      }
      else obs.above.push(floor - mu);
    };
    grid.near(b, windowM, (l, d) => {
      if (!eligible(l, d)) return;
      const mu = eirp + rxLevel(l) - pl(d);
      if (floor - mu > rc.listenMarginSigmas * sigma) return; // out of the window
      seen[l] = b;
      observe(l, d, pairIndex(t, b, l));
    });
    // heard beyond the window: where it can hardly be heard from its asserted spot
    // (what relays produce) counts as a surprise, and any of them may show where it stands.
    let impossible = 0;
    locBy.length = locRssi.length = 0;
    locBy.push(...obs.heardBy!);
    locRssi.push(...obs.heardRssi!);
    for (let p = t.start[b]; p < t.start[b + 1]; p++) {
      const l = t.witness[p];
      if (t.strong[p] > 0 && listener[l]) impossible++; // rejected as stronger than its distance allows
      if (seen[l] === b || !listener[l] || t.valid[p] === 0 || !eligible(l, t.distM[p])) continue;
      const mu = eirp + rxLevel(l) - pl(t.distM[p]);
      if (floor - mu > rc.misfitSigmas * sigma) impossible++;
      locBy.push(l);
      locRssi.push(t.sumRssi10[p] / t.valid[p] / 10);
    }
    const est = solveTobit(obs, sigma, pDb, pW);
    estimated[b] = 1;
    w.txOffsetDb10[b] = Math.round(est.offsetDb * 10);
    w.txWeight10[b] = Math.min(0xffff, Math.round(Math.min(rc.maxWeight, pW + est.weight) * 10));
    w.txEvidence[b] = est.weight;
    if (!w.modelCalibrated) continue;
    const claimed = claimDb(b);
    const offset = w.txOffsetDb10[b] / 10;
    const total = obs.heard.length + obs.above.length + obs.below.length + impossible;
    const odd = surprises(obs, sigma, est.offsetDb, rc.misfitSigmas) + impossible;
    if (
      (offset < Math.min(0, claimed) - rc.contradictedDb && est.weight >= rc.minContradictionWeight) ||
      (offset > Math.max(0, claimed) + rc.txStrongAllowanceDb && pW + est.weight >= rc.minStrongWeight) ||
      (odd >= rc.misfitMinCount && odd * 10_000 >= rc.misfitShareBps * total)
    ) {
      w.contradicted[b] = 1;
      continue;
    }
    const gain = locationLikelihoodGain(w, b, locBy, locRssi, est.offsetDb, grid, reachM);
    if (gain >= rc.locationGainNats) w.contradicted[b] = 1;
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
      if (mu < floor + sigma) continue;
      rxSum[wi] += -t.sumR10[p] / t.valid[p] / 10 - tx;
      rxN[wi]++;
    }
  }
  w.rxOffsetDb10 = new Int16Array(n);
  w.rxWeight10 = new Uint16Array(n);
  // a shift of every δ up and every ρ down fits the same data: the typical
  // credible receiver is pinned to ρ = 0 (median), so δ carries what differs.
  const rhos: number[] = [];
  const rhoOf = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    const known = prior.known[h] === 1 && prior.rxWeight10[h] > 0;
    const pDb = known ? prior.rxOffsetDb10[h] / 10 : 0;
    const pW = known ? (prior.rxWeight10[h] / 10) * keep : rc.priorWeight;
    rhoOf[h] = (pW * pDb + rxSum[h]) / (pW + rxN[h]);
    if (w.credible[h] && rxN[h] >= 3) rhos.push(rhoOf[h]);
  }
  rhos.sort((x, y) => x - y);
  const centre = rhos.length > 0 ? rhos[rhos.length >> 1] : 0;
  for (let h = 0; h < n; h++) {
    const known = prior.known[h] === 1 && prior.rxWeight10[h] > 0;
    const pW = known ? (prior.rxWeight10[h] / 10) * keep : rc.priorWeight;
    const weight = Math.min(rc.maxWeight, pW + rxN[h]);
    const rho = rhoOf[h] - centre;
    w.rxOffsetDb10[h] = Math.max(-400, Math.min(400, Math.round(rho * 10)));
    w.rxWeight10[h] = rxN[h] > 0 || known ? Math.round(weight * 10) : 0;
    if (rho > rc.rxStrongAllowanceDb && weight >= rc.minStrongWeight && rxN[h] > 0) w.tooStrong[h] = 1;
  }

  // a beaconer whose radio contradicts its claims: its beacons and their witnesses go.
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0 || w.bFinal[bi] !== ACCEPTED || !w.contradicted[w.bHot[bi]]) continue;
    w.bFinal[bi] = R.contradicted;
    for (const r of w.rowsOf(g)) if (w.rowReason[r] === ACCEPTED) w.rowReason[r] = R.contradicted;
  }
  w.radioEstimated = true;
}

/**
 * The location test: how much better (log-likelihood, nats) the epoch's
 * observations fit a radio standing at one of its strongest listeners than at
 * its asserted spot. A radio heard where it claims to be gains little by moving;
 * one standing kilometres away (a spoofed spot, a room of radios asserted apart)
 * is heard far too strongly near where it really is and not at all around its
 * claim, and gains a lot. Run only when a listener heard it more than
 * locationTriggerSigmas·σ above its claimed level. The same listeners are
 * scored everywhere: those around the asserted spot and every candidate (a
 * listener within listenMinDistanceM of a candidate counts at that distance),
 * plus every listener that heard it; δ is re-fitted (without prior) for each.
 */
function locationLikelihoodGain(w: EpochWork, b: number, heardBy: number[], heardRssiList: number[], offsetDb: number, grid: SpatialGrid, reachM: number): number {
  const rc = w.cfg.radio;
  const m = w.pathLoss;
  const t = w.links!;
  const sigma = m.sigmaDb;
  const floor = w.hearingFloorDbm10 / 10;
  const eirp = w.cfg.beaconEirpDbm10 / 10;
  const reg = w.reg;
  const prior = w.prior;
  const muAt = (c: number, l: number) => {
    const d = Math.max(rc.listenMinDistanceM, greatCircleM(reg.latRad[c], reg.lngRad[c], reg.latRad[l], reg.lngRad[l]));
    return eirp + receiveLevelDb(w, l) - (m.interceptDb + m.exponent * 10 * Math.log10(d));
  };
  const excess = heardBy.map((l, k) => heardRssiList[k] - muAt(b, l));
  const order = heardBy.map((_, k) => k).filter((k) => excess[k] > rc.locationTriggerSigmas * sigma);
  if (order.length === 0) return 0;
  order.sort((x, y) => excess[y] - excess[x] || heardBy[x] - heardBy[y]);
  const candidates = order.slice(0, rc.locationCandidates).map((k) => heardBy[k]);
  // the listeners scored: within reach of the claim or of a candidate, or heard (grid members are credible and anchored).
  const listeners = new Set<number>(heardBy);
  for (const c of [b, ...candidates]) {
    const visit = (l: number) => {
      if (l !== b && w.ownerId[l] !== w.ownerId[b] && w.radioGroup[l] !== w.radioGroup[b]) listeners.add(l);
    };
    if (c === b) grid.near(b, reachM, visit);
    else {
      visit(c);
      grid.near(c, reachM, visit);
    }
  }
  const scored = [...listeners].sort((x, y) => x - y);
  const heardRssi = new Map<number, number>();
  heardBy.forEach((l, k) => heardRssi.set(l, heardRssiList[k]));
  const score = (c: number): number => {
    const o: TobitObservations = { heard: [], above: [], below: [] };
    for (const l of scored) {
      const mu = muAt(c, l);
      const rssi = heardRssi.get(l);
      if (rssi !== undefined) o.heard.push(rssi - mu);
      else {
        const p = pairIndex(t, b, l);
        if (p >= 0 && t.heard[p] > 0) o.above.push(floor - mu);
        else o.below.push(floor - mu);
      }
    }
    const fit = solveTobit(o, sigma, offsetDb, 0);
    return tobitLogLik(o, sigma, fit.offsetDb);
  };
  const atClaim = score(b);
  let best = -Infinity;
  for (const c of candidates) best = Math.max(best, score(c));
  return best - atClaim;
}
