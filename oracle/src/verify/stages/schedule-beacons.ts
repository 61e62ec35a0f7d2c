// Stage "schedule-beacons": at most one beacon per interval per hotspot. Per
// hotspot, beacons still accepted after ingestion are taken in (receive time,
// beacon id) order; one arriving less than `beaconInterval − tolerance` after the
// last kept one (or after last epoch's last beacon) is `beacon_too_frequent`.
// Writes bFinal, bIdHex, lastBeaconMs (each hotspot's last kept beacon, for the next state).

import { ACCEPTED } from "../reasons";
import { EpochWork, cmp } from "../epoch-work";
import { R } from "./reason-ids";

export function scheduleBeacons(w: EpochWork): void {
  const nB = w.bSeq.length;
  w.bFinal = Int32Array.from(w.bReason);
  w.bIdHex = w.bId.map((x) => (x ? Buffer.from(x).toString("hex") : ""));
  const perHot = new Map<number, number[]>();
  for (let i = 0; i < nB; i++) {
    if (w.bFinal[i] !== ACCEPTED) continue;
    let l = perHot.get(w.bHot[i]);
    if (!l) perHot.set(w.bHot[i], (l = []));
    l.push(i);
  }
  const minGap = w.cfg.beaconIntervalMs - w.cfg.beaconIntervalToleranceMs;
  w.lastBeaconMs = Float64Array.from(w.lastBeaconBefore);
  for (const [h, list] of perHot) {
    list.sort((i, j) => w.bRecv[i] - w.bRecv[j] || cmp(w.bIdHex[i], w.bIdHex[j]));
    let last = w.lastBeaconBefore[h];
    for (const i of list) {
      if (w.bRecv[i] - last < minGap) w.bFinal[i] = R.tooFrequent;
      else last = w.bRecv[i];
    }
    if (last > w.lastBeaconMs[h]) w.lastBeaconMs[h] = last;
  }
}
