// Stage "beacon-geometry": does each accepted beacon's witnesses' path loss fit
// its beaconer's asserted location? (../geometry.ts testBeaconGeometry.) A
// beacon whose median residual or exponent is implausible is
// `geometry_inconsistent` with all its witnesses, and flags its beaconer; in a
// consistent beacon, witnesses far off the others are `geometry_inconsistent`.
// Beacons with fewer than `minWitnesses` valid links are not tested.
// Writes geoFlag; updates bFinal, rowReason.

import { ACCEPTED } from "../reasons";
import { EpochWork } from "../epoch-work";
import { testBeaconGeometry } from "../geometry";
import { R } from "./reason-ids";

export function checkBeaconGeometry(w: EpochWork): void {
  const gcfg = w.cfg.geometry;
  const model = w.pathLoss;
  w.geoFlag = new Uint8Array(w.n);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0) continue;
    const live = Array.from(w.rowsOf(g)).filter((r) => w.rowReason[r] === ACCEPTED);
    if (live.length < gcfg.minWitnesses) continue;
    const xs = live.map((r) => 10 * Math.log10(w.rowDist[r]));
    const ys = live.map((r) => w.rowY10[r] / 10);
    const t = testBeaconGeometry(xs, ys, model, gcfg);
    if (t.beaconInconsistent) {
      w.bFinal[bi] = R.geometry;
      w.geoFlag[w.bHot[bi]] = 1;
      for (const r of live) w.rowReason[r] = R.geometry;
    } else {
      live.forEach((r, k) => {
        if (t.outlier[k]) w.rowReason[r] = R.geometry;
      });
    }
  }
}
