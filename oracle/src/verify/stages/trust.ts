// Stages "trust-from-penalties" and "trust-from-evidence": each participant's
// PoC trust for this epoch, in basis points (non-participants: −1, i.e. absent).
//
// - trust-from-penalties (helium-derived): participants start at 10000 and each
//   kind of flag removes its penalty (reciprocity, geometry, link bias, signed
//   fraud).
// - trust-from-evidence (hexpin): trust is earned. This epoch's evidence is
//   min(1, verified beacons / requiredVerifiedBeacons) (0 outside anchored
//   groups) × min(1, strong vouchers / thinVouchers) (evidence from radios that
//   are themselves well vouched for); a radio that contradicts its claims makes it 0 and signed fraud
//   removes its penalty (all of it by default); a geometry-inconsistent beacon,
//   failed reciprocity or a receiver hearing far more than it can each remove
//   their penalty; keys sharing one radio share one hotspot's trust. The epoch's value is then smoothed with the prior trust: it
//   rises by trustRiseBps of the gap and falls at once.
// Writes trust.

import { EpochWork } from "../epoch-work";

export function trustFromPenalties(w: EpochWork): void {
  const t = w.cfg.trust;
  w.trust = new Int32Array(w.n).fill(-1);
  for (let h = 0; h < w.n; h++) {
    if (!w.participant[h]) continue;
    let v = 10_000;
    if (w.recipFail[h]) v -= t.reciprocityPenaltyBps;
    if (w.geoFlag[h]) v -= t.beaconGeometryPenaltyBps;
    if (w.biasFlag[h]) v -= t.linkBiasPenaltyBps;
    if (w.signedFraud[h]) v -= t.signedFraudPenaltyBps;
    w.trust[h] = Math.max(0, v);
  }
}

export function trustFromEvidence(w: EpochWork): void {
  const t = w.cfg.trust;
  const ev = w.cfg.evidence;
  w.trust = new Int32Array(w.n).fill(-1);
  const cut = (v: number, bps: number) => Math.floor((v * Math.max(0, 10_000 - bps)) / 10_000);
  for (let h = 0; h < w.n; h++) {
    if (!w.participant[h]) continue;
    let v = Math.floor((10_000 * Math.min(w.verified[h], ev.requiredVerifiedBeacons)) / ev.requiredVerifiedBeacons);
    v = Math.floor((v * Math.min(w.strongVouchers[h], ev.thinVouchers)) / ev.thinVouchers);
    if (w.contradicted[h]) v = 0;
    v = Math.floor(v / w.radioGroupSize[h]);
    if (w.signedFraud[h]) v = cut(v, t.signedFraudPenaltyBps);
    if (w.geoFlag[h]) v = cut(v, t.beaconGeometryPenaltyBps);
    if (w.recipFail[h]) v = cut(v, t.reciprocityPenaltyBps);
    if (w.tooStrong[h]) v = cut(v, t.tooStrongPenaltyBps);
    const before = w.prior.trustBps[h];
    w.trust[h] = v <= before ? v : before + Math.ceil(((v - before) * ev.trustRiseBps) / 10_000);
  }
}
