// The simulator's radio: log-distance path loss with log-normal shadowing and a
// per-site loss (mounting, walls, clutter). This is the "truth" the verifier never
// sees; it sees only the RSSIs it produces and the registry's claims.

export interface RadioEnvironment {
  /** path-loss exponent of the environment (free space 2, urban 2.7–4). */
  exponent: number;
  /** path loss at 1 m, dB (free-space value at 915 MHz ≈ 31.7). */
  interceptDb: number;
  /** standard deviation of per-reception shadowing, dB. */
  shadowingSigmaDb: number;
  /** per-site extra loss is uniform in [0, maxSiteLossDb]. */
  maxSiteLossDb: number;
  /** weakest RSSI a hotspot demodulates, dBm. */
  sensitivityDbm: number;
  /** receiver noise floor for SNR, dBm (125 kHz LoRa: −174 + 51 + 6 ≈ −117). */
  noiseFloorDbm: number;
}

export const URBAN_915: RadioEnvironment = {
  exponent: 3.6,
  interceptDb: 31.7,
  shadowingSigmaDb: 6,
  maxSiteLossDb: 6,
  sensitivityDbm: -120,
  noiseFloorDbm: -117,
};

export function meanPathLossDb(env: RadioEnvironment, distanceM: number): number {
  return env.interceptDb + 10 * env.exponent * Math.log10(Math.max(1, distanceM));
}
