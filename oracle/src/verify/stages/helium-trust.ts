// Stage "helium-trust" (helium profile): Helium has no trust; a report counts or
// it does not. Every participant (a hotspot that sent a report while asserted
// and not denylisted) gets 10000 bps, so scoring weighs its valid beacons and
// selected witnesses exactly as Helium's shares do; there are no penalties
// (Helium drops a self-witness and goes on). Writes trust.

import { EpochWork } from "../epoch-work";

export function heliumTrust(w: EpochWork): void {
  w.trust = new Int32Array(w.n).fill(-1);
  for (let h = 0; h < w.n; h++) if (w.participant[h]) w.trust[h] = 10_000;
}
