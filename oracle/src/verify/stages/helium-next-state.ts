// Stage "helium-next-state" (helium profile): the PocState the next epoch takes
// as input holds Helium's cross-epoch facts, per registered hotspot that has any:
// last_beacon (`lastBeaconMs`), last_beacon_recip and last_witness, as
// helium-proofs left them (docs/helium-profile.md §6: the state is part of the
// next epoch's canonical inputs, so verify-epoch recomputes every root from public
// data). Nothing else is learnt: no trust, radio, graph or calibration.
// Writes nextState.

import { EpochWork } from "../epoch-work";
import { HotspotRecord, POC_STATE_VERSION, emptyEdges } from "../../state/poc-state";

export function heliumNextState(w: EpochWork): void {
  const hw = w.helium;
  if (!hw) throw new Error("helium-next-state runs only under the helium profile (helium ingestion)");
  const ms = (t: number) => (Number.isFinite(t) && t > 0 ? t : 0);
  const hotspots: HotspotRecord[] = [];
  for (let h = 0; h < w.n; h++) {
    const lastBeaconMs = ms(hw.lastBeacon[h]);
    const lastBeaconRecipMs = ms(hw.lastBeaconRecip[h]);
    const lastWitnessMs = ms(hw.lastWitness[h]);
    if (lastBeaconMs === 0 && lastBeaconRecipMs === 0 && lastWitnessMs === 0) continue;
    const r: HotspotRecord = {
      key: w.reg.keys[h], location: w.reg.infos[h].location, trustBps: 0,
      txOffsetDb10: 0, txWeight10: 0, rxOffsetDb10: 0, rxWeight10: 0, reachM: 0, lastBeaconMs,
    };
    if (lastBeaconRecipMs !== 0) r.lastBeaconRecipMs = lastBeaconRecipMs;
    if (lastWitnessMs !== 0) r.lastWitnessMs = lastWitnessMs;
    hotspots.push(r);
  }
  w.nextState = { version: POC_STATE_VERSION, epoch: w.epoch, calibration: null, hotspots, edges: emptyEdges() };
}
