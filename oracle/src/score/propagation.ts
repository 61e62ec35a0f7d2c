// Predicted received signal of a hotspot's beacon at a distance: a
// log-distance path-loss link budget with an antenna-height term.
//
//   RSSI(d) = txPower + gain + 20·log10(max(elevation, 1) / referenceHeight)
//             − referenceLoss − 10·n·log10(max(d, 1 m) / 1 m)
//
// Defaults are for US915 LoRa outdoors in a built-up area: 27 dBm conducted
// power, free-space loss at 1 m of 31.7 dB (20·log10(4π/λ) at 915 MHz),
// n = 3.5, and a 10 m reference height (the two-ray model's 20·log10(h) gain
// relative to a typical rooftop). With a 1.2 dBi antenna at 10 m this gives
// ≈ 1.6 km to −120 dBm, which matches the few-km urban ranges LoRa hotspots
// see. All inputs are integers (tenths of dB, whole metres).
//
// Determinism: log10 and the great-circle distance are floats. The distance
// comes from h3-js's WebAssembly build (IEEE-754 semantics are fixed in wasm,
// and its libm is compiled in), log10 from V8's fdlibm port; on identical
// inputs both are reproducible across machines. The result is floored to
// tenths of a dBm before anything compares it, so only that integer matters.
//
// Measured radio (the hexpin PoC profile): every beacon is sent at the standard
// EIRP, and the verifier measures each hotspot's offset against a typical
// hotspot; the budget is then
//   eirp + min(claimed height gain, measured offset) − referenceLoss,
// so neither a claim nor a measurement alone can raise it.

export interface LinkBudgetConfig {
  /** conducted power of the claims-only budget (the registry's gain is added). */
  txPowerDbm: number;
  /** the standard EIRP beacons are sent at, for measured budgets (PocConfig.beaconEirpDbm10 / 10). */
  eirpDbm: number;
  /** cap on the claimed height gain of a measured budget, dB. */
  maxHeightGainDb: number;
  /** path-loss exponent n, in tenths (35 = 3.5). */
  pathLossExponent10: number;
  /** loss at the 1 m reference distance, tenths of dB. */
  referenceLossDb10: number;
  /** height at which the height term is 0 dB, metres. */
  referenceHeightM: number;
}

export const DEFAULT_LINK_BUDGET: LinkBudgetConfig = {
  txPowerDbm: 27,
  eirpDbm: 30,
  maxHeightGainDb: 20,
  pathLossExponent10: 35,
  referenceLossDb10: 317,
  referenceHeightM: 10,
};

export interface Transmitter {
  gainDbi10: number;
  elevationM: number;
}

/** Everything but the distance term, in dB (float). */
export function effectiveBudgetDb(tx: Transmitter, c: LinkBudgetConfig): number {
  const heightGain = 20 * Math.log10(Math.max(tx.elevationM, 1) / c.referenceHeightM);
  return c.txPowerDbm + tx.gainDbi10 / 10 + heightGain - c.referenceLossDb10 / 10;
}

/** Claimed height gain of an elevation: 20·log10(max(h, 1) / reference), dB, capped at `maxDb`. */
export function heightGainDb(elevationM: number, referenceHeightM: number, maxDb = Infinity): number {
  return Math.min(maxDb, 20 * Math.log10(Math.max(elevationM, 1) / referenceHeightM));
}

/** Everything but the distance term for a measured radio: the smaller of claimed height gain and measured offset. */
export function measuredBudgetDb(tx: Transmitter, measuredOffsetDb10: number, c: LinkBudgetConfig): number {
  const claimed = heightGainDb(tx.elevationM, c.referenceHeightM, c.maxHeightGainDb);
  return c.eirpDbm + Math.min(claimed, measuredOffsetDb10 / 10) - c.referenceLossDb10 / 10;
}

/** Predicted RSSI at `distanceM`, floored to tenths of a dBm. */
export function predictedRssiDbm10(budgetDb: number, distanceM: number, c: LinkBudgetConfig): number {
  const d = Math.max(distanceM, 1);
  return Math.floor((budgetDb - c.pathLossExponent10 * Math.log10(d)) * 10);
}

/** Distance at which the prediction falls to `rssiDbm10`; only used to bound enumeration. */
export function rangeForRssiM(budgetDb: number, rssiDbm10: number, c: LinkBudgetConfig): number {
  return Math.pow(10, (budgetDb - rssiDbm10 / 10) / c.pathLossExponent10);
}
