// Stage "next-state": the PocState the next epoch takes as input. One record per
// registered hotspot that has anything to remember (or is an endpoint of the
// witness graph): its current asserted location, this epoch's trust
// (absentees keep absentTrustKeepBps of theirs), measured radio (carried, with
// decayed weight, when not measured), reach (the larger of this epoch's and the
// decayed previous one), and last kept beacon. Also the decayed witness graph
// and the calibration used. Writes reachM, nextState.

import { EpochWork } from "../epoch-work";
import { HotspotRecord, POC_STATE_VERSION, PocState } from "../../state/poc-state";

export function buildNextState(w: EpochWork): void {
  const n = w.n;
  const prior = w.prior;
  const rc = w.cfg.radio;
  const ev = w.cfg.evidence;
  const keepReach = (h: number) => Math.floor((prior.reachM[h] * rc.reachKeepBps) / 10_000);
  w.reachM = new Uint32Array(n);
  const include = new Uint8Array(n);
  const edges = w.nextEdges;
  if (edges) for (let k = 0; k < edges.lo.length; k++) include[edges.lo[k]] = include[edges.hi[k]] = 1;
  const records: (HotspotRecord | null)[] = new Array(n).fill(null);
  for (let h = 0; h < n; h++) {
    const here = w.participant[h] === 1;
    const reach = Math.max(here ? w.reachEpochM[h] : 0, keepReach(h));
    w.reachM[h] = reach;
    const trust = here ? Math.max(0, w.trust[h]) : Math.floor((prior.trustBps[h] * ev.absentTrustKeepBps) / 10_000);
    const r: HotspotRecord = {
      key: w.reg.keys[h],
      location: w.reg.infos[h].location,
      trustBps: trust,
      txOffsetDb10: w.radioEstimated ? w.txOffsetDb10[h] : prior.txOffsetDb10[h],
      txWeight10: w.radioEstimated ? w.txWeight10[h] : prior.txWeight10[h],
      rxOffsetDb10: w.radioEstimated ? w.rxOffsetDb10[h] : prior.rxOffsetDb10[h],
      rxWeight10: w.radioEstimated ? w.rxWeight10[h] : prior.rxWeight10[h],
      reachM: reach,
      lastBeaconMs: w.lastBeaconMs[h] > 0 ? w.lastBeaconMs[h] : 0,
    };
    const remembers = r.trustBps !== 0 || r.txWeight10 !== 0 || r.rxWeight10 !== 0 || r.reachM !== 0 || r.lastBeaconMs !== 0;
    if (remembers || include[h]) records[h] = r;
  }
  const stateIndex = new Int32Array(n).fill(-1);
  const hotspots: HotspotRecord[] = [];
  records.forEach((r, h) => {
    if (!r) return;
    stateIndex[h] = hotspots.length;
    hotspots.push(r);
  });
  const m = edges ? edges.lo.length : 0;
  const state: PocState = {
    version: POC_STATE_VERSION,
    epoch: w.epoch,
    calibration: w.model ? { interceptDb100: Math.round(w.model.interceptDb * 100), exponent1000: Math.round(w.model.exponent * 1000), sigmaDb100: Math.round(w.model.sigmaDb * 100) } : null,
    hotspots,
    edges: {
      a: edges ? Uint32Array.from(edges.lo, (x) => stateIndex[x]) : new Uint32Array(0),
      b: edges ? Uint32Array.from(edges.hi, (x) => stateIndex[x]) : new Uint32Array(0),
      aHeardB: edges ? edges.loHeardHi : new Uint16Array(0),
      bHeardA: edges ? edges.hiHeardLo : new Uint16Array(0),
    },
  };
  if (m !== state.edges.a.length) throw new Error("edge remap lost edges");
  w.nextState = state;
}
