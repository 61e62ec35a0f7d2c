// The simulator's radio: log-distance path loss, a static shadowing term per pair
// of sites (the same path both ways, every time), fading per reception, site
// loss (mounting, walls, clutter) and a height gain. This is the "truth" the
// verifier never sees; it sees only the RSSIs it produces and the registry's
// claims. Shadowing and fading are hashes of site and beacon identities, not
// draws from a stream, so a link is the same whoever else is in the world.

export interface RadioEnvironment {
  /** path-loss exponent of the environment (free space 2, urban 2.7–4). */
  exponent: number;
  /** path loss at 1 m, dB (free-space value at 915 MHz ≈ 31.7). */
  interceptDb: number;
  /** standard deviation of the static shadowing of a pair of sites, dB. */
  shadowingSigmaDb: number;
  /** standard deviation of per-reception fading, dB. */
  fadingSigmaDb: number;
  /** per-site extra loss is uniform in [0, maxSiteLossDb]. */
  maxSiteLossDb: number;
  /** height gain per decade of antenna height above 10 m, dB (applied on transmit and receive, capped ±10 dB). */
  heightGainPerDecadeDb: number;
  /** weakest RSSI a hotspot demodulates, dBm. */
  sensitivityDbm: number;
  /** receiver noise floor for SNR, dBm (125 kHz LoRa: −174 + 51 + 6 ≈ −117). */
  noiseFloorDbm: number;
}

export const URBAN_915: RadioEnvironment = {
  exponent: 3.6,
  interceptDb: 31.7,
  shadowingSigmaDb: 6,
  fadingSigmaDb: 2,
  maxSiteLossDb: 6,
  heightGainPerDecadeDb: 10,
  sensitivityDbm: -120,
  noiseFloorDbm: -117,
};

/** Total per-reception spread (static + fading), dB. */
export function totalSigmaDb(env: RadioEnvironment): number {
  return Math.hypot(env.shadowingSigmaDb, env.fadingSigmaDb);
}

export function meanPathLossDb(env: RadioEnvironment, distanceM: number): number {
  return env.interceptDb + 10 * env.exponent * Math.log10(Math.max(1, distanceM));
}

export function heightGainTrueDb(env: RadioEnvironment, heightM: number): number {
  return Math.max(-10, Math.min(10, env.heightGainPerDecadeDb * Math.log10(Math.max(1, heightM) / 10)));
}

/** A standard normal from a 32-bit hash pair (Box–Muller on two hashed uniforms). */
function hashNormal(a: number, b: number, c: number): number {
  const u1 = (mix(a, b, c, 0x9e3779b9) + 1) / 4294967297;
  const u2 = mix(a, b, c, 0x85ebca6b) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function mix(a: number, b: number, c: number, salt: number): number {
  let h = (salt ^ Math.imul(a, 0xcc9e2d51)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x1b873593) ^ Math.imul(b, 0xe6546b64);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Static shadowing between two sites, dB (symmetric). */
export function linkShadowingDb(env: RadioEnvironment, seed: number, siteA: number, siteB: number): number {
  const lo = Math.min(siteA, siteB);
  const hi = Math.max(siteA, siteB);
  return env.shadowingSigmaDb * hashNormal(seed, lo, hi);
}

/** Fading of one reception (a beacon's serial at one receiving site), dB. */
export function fadingDb(env: RadioEnvironment, beaconSerial: number, site: number): number {
  return env.fadingSigmaDb * hashNormal(beaconSerial, site, 0x5bd1e995);
}
