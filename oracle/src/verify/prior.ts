// The previous epoch's PoC state, indexed by this epoch's registry: what the
// stages read about each hotspot's history. A hotspot the state does not know,
// or one whose asserted location changed since, starts fresh (trust 0, nothing
// measured) — moving re-earns trust — but keeps its beacon schedule.

import type { PathLossModel } from "./config";
import type { HotspotIndex } from "./registry";
import type { PocState } from "../state/poc-state";

export class PriorState {
  /** the epoch that produced the state, or null at genesis. */
  readonly epoch: number | null;
  readonly calibration: PathLossModel | null;
  /** 1 when the hotspot has a record made at its current location. */
  readonly known: Uint8Array;
  readonly trustBps: Int32Array;
  readonly txOffsetDb10: Int16Array;
  readonly txWeight10: Uint16Array;
  readonly rxOffsetDb10: Int16Array;
  readonly rxWeight10: Uint16Array;
  readonly reachM: Uint32Array;
  /** last accepted beacon, unix ms, −Infinity when none. */
  readonly lastBeaconMs: Float64Array;
  /** `helium` profile: Helium's last_beacon_recip and last_witness, unix ms, −Infinity when none. */
  readonly lastBeaconRecipMs: Float64Array;
  readonly lastWitnessMs: Float64Array;
  /** witness-graph edges in registry indices, lo < hi, sorted by (lo, hi). */
  readonly edgeLo: Uint32Array;
  readonly edgeHi: Uint32Array;
  readonly loHeardHi: Uint16Array;
  readonly hiHeardLo: Uint16Array;

  constructor(reg: HotspotIndex, state: PocState | null) {
    const n = reg.size;
    this.epoch = state ? state.epoch : null;
    const c = state?.calibration;
    this.calibration = c ? { interceptDb: c.interceptDb100 / 100, exponent: c.exponent1000 / 1000, sigmaDb: c.sigmaDb100 / 100 } : null;
    this.known = new Uint8Array(n);
    this.trustBps = new Int32Array(n);
    this.txOffsetDb10 = new Int16Array(n);
    this.txWeight10 = new Uint16Array(n);
    this.rxOffsetDb10 = new Int16Array(n);
    this.rxWeight10 = new Uint16Array(n);
    this.reachM = new Uint32Array(n);
    this.lastBeaconMs = new Float64Array(n).fill(-Infinity);
    this.lastBeaconRecipMs = new Float64Array(n).fill(-Infinity);
    this.lastWitnessMs = new Float64Array(n).fill(-Infinity);
    const stateToReg = new Int32Array(state?.hotspots.length ?? 0).fill(-1);
    state?.hotspots.forEach((r, k) => {
      const i = reg.indexOf(r.key);
      if (i < 0) return; // no longer registered
      if (r.lastBeaconMs > 0) this.lastBeaconMs[i] = r.lastBeaconMs;
      if ((r.lastBeaconRecipMs ?? 0) > 0) this.lastBeaconRecipMs[i] = r.lastBeaconRecipMs!;
      if ((r.lastWitnessMs ?? 0) > 0) this.lastWitnessMs[i] = r.lastWitnessMs!;
      if (r.location === null || r.location !== reg.infos[i].location) return; // moved: estimates reset
      stateToReg[k] = i;
      this.known[i] = 1;
      this.trustBps[i] = r.trustBps;
      this.txOffsetDb10[i] = r.txOffsetDb10;
      this.txWeight10[i] = r.txWeight10;
      this.rxOffsetDb10[i] = r.rxOffsetDb10;
      this.rxWeight10[i] = r.rxWeight10;
      this.reachM[i] = r.reachM;
    });
    // both lists are sorted by key, so a < b in the state stays lo < hi here.
    const e = state?.edges;
    const lo: number[] = [];
    const hi: number[] = [];
    const lh: number[] = [];
    const hl: number[] = [];
    if (e) {
      for (let k = 0; k < e.a.length; k++) {
        const a = stateToReg[e.a[k]];
        const b = stateToReg[e.b[k]];
        if (a < 0 || b < 0) continue;
        lo.push(a);
        hi.push(b);
        lh.push(e.aHeardB[k]);
        hl.push(e.bHeardA[k]);
      }
    }
    this.edgeLo = Uint32Array.from(lo);
    this.edgeHi = Uint32Array.from(hi);
    this.loHeardHi = Uint16Array.from(lh);
    this.hiHeardLo = Uint16Array.from(hl);
  }
}
