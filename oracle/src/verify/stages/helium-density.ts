// Stage "helium-density" (helium profile): each asserted hotspot's transmit scale
// by HIP-104 hex density, as Helium's density scaler computes it (tx_scaler.rs,
// hex_density.rs; docs/helium-profile.md §4.8): the population is every asserted
// hotspot whose last_beacon_recip is at most 60 h + 60 min before the epoch's end
// (the state as helium-proofs leaves it; Helium recomputes the map whenever its
// gateway cache refreshes, the profile once per epoch at its end), counted with
// the reference's `heliumHexDensity` (HIP-104 parameters, rust_decimal products
// rounded half-even to 4 dp); a hotspot whose hex is not in the map scales 0.2.
// Scoring weighs beacons and witnesses by these scales (witnesses at the
// beaconer's, as Helium does) instead of hexpin's HIP-17 computation.
// Writes txScale (UNIT = 10000 = 1.0).

import { EpochWork } from "../epoch-work";
import { HELIUM, HeliumDecimal, heliumHexDensity, heliumTxScale } from "../profiles/helium-reference";

/** A rust_decimal of at most 4 decimals in UNIT (10000 = 1.0, score/fixed-point.ts), exactly. */
export function decimalToUnit(d: HeliumDecimal): number {
  if (d.scale > 4) throw new RangeError(`transmit scale ${d.toString()} has more than 4 decimals`);
  return Number(d.mantissa * 10n ** BigInt(4 - d.scale));
}

export function heliumDensity(w: EpochWork): void {
  const hw = w.helium;
  if (!hw) throw new Error("helium-density runs only under the helium profile (helium ingestion)");
  const cutoff = w.window.endMs - (HELIUM.densityInteractivityMs + 3_600_000);
  const counted: string[] = [];
  for (let h = 0; h < w.n; h++) {
    const loc = w.reg.infos[h].location;
    if (loc !== null && hw.lastBeaconRecip[h] >= cutoff) counted.push(loc);
  }
  const density = heliumHexDensity(counted);
  const scale: Record<string, number> = {};
  for (let h = 0; h < w.n; h++) {
    const loc = w.reg.infos[h].location;
    if (loc !== null) scale[w.reg.keys[h]] = decimalToUnit(heliumTxScale(density, loc));
  }
  w.txScale = scale;
}
