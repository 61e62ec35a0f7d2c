// Per-network PoC rule parameters. Defaults follow Helium's IoT verifier
// (helium/oracles `iot_verifier`: settings.rs, poc.rs, entropy.rs) where Helium has
// a rule, and are marked "hexpin" where the rule is ours.

import { RegionName, RegionPlan, REGION_PLANS } from "@hexpin/sdk";

/** A log-distance path-loss model: PL(d) = interceptDb + 10·exponent·log10(d / 1 m). */
export interface PathLossModel {
  interceptDb: number;
  exponent: number;
  /** spread of observed path loss around the model (shadowing + site effects), dB. */
  sigmaDb: number;
}

export interface GeometryConfig {
  /** beacons with fewer surviving witnesses than this are not geometry-tested (hexpin: 3). */
  minWitnesses: number;
  /** witnesses needed before the per-beacon exponent fit is trusted (hexpin: 5). */
  slopeMinWitnesses: number;
  /** plausible path-loss exponents: free space is 2, dense urban clutter rarely exceeds 5 (bounds the calibration). */
  exponentMin: number;
  exponentMax: number;
  /**
   * Bounds for one beacon's own fitted exponent. The lower bound is far below
   * physics on purpose: a beacon's far witnesses are only heard when shadowing is
   * kind, so per-beacon fits flatten badly (honest beacons in the simulator, true
   * exponent 3.6, fit 0.1–0.8). Only a path loss that does not grow with asserted
   * distance at all (≤ 0) is evidence of a wrong location.
   */
  beaconExponentMin: number;
  beaconExponentMax: number;
  /**
   * `"calibrate"` fits the model to the epoch's own links (robust, per-bin medians);
   * a fixed model pins it (useful for small networks or tests).
   */
  model: "calibrate" | PathLossModel;
  /** used when calibration has fewer than `minCalibrationLinks` links. */
  fallbackModel: PathLossModel;
  minCalibrationLinks: number;
  /** calibration fits the nearest bins holding this fraction of links (far bins are censored by sensitivity). */
  calibrationQuantile: number;
  /** lower bound on the calibrated sigma, dB, so a very clean epoch does not make the tests brittle. */
  minSigmaDb: number;
  /** site-to-site variation (mounting, clutter) a beacon's median residual may show before any noise, dB. */
  beaconBiasAllowanceDb: number;
  /** two-sided z for the beacon tests (median offset, exponent interval). */
  beaconZ: number;
  /** a witness whose residual differs from its beacon's median by more than this many sigma is an outlier. */
  witnessOutlierSigmas: number;
  /** per-hotspot link-budget bias test over all its links (gain inflation, misplacement). */
  hotspotMinLinks: number;
  hotspotBiasAllowanceDb: number;
  hotspotZ: number;
}

export interface TrustConfig {
  /** basis points removed from a hotspot failing reciprocity. */
  reciprocityPenaltyBps: number;
  /** removed from a beaconer with at least one geometry-inconsistent beacon. */
  beaconGeometryPenaltyBps: number;
  /** removed from a hotspot whose links are biased beyond the allowance. */
  linkBiasPenaltyBps: number;
  /**
   * removed from a hotspot that signed a report no honest device produces: a witness of
   * its own beacon, or a beacon whose payload, channel, quoted entropy or power does not
   * follow from the entropy. Only the hotspot's key can sign these, so unlike replays or
   * duplicates (which anyone can resend to grief an honest hotspot) they are evidence
   * against it; the default forfeits the epoch's rewards.
   */
  signedFraudPenaltyBps: number;
}

export interface PocConfig {
  region: RegionPlan;
  /** Helium `beacon_interval`: 6 h. At most one beacon per interval per hotspot. */
  beaconIntervalMs: number;
  /** Helium `beacon_interval_tolerance`: 10 min of slack on the interval. */
  beaconIntervalToleranceMs: number;
  /** Helium `ENTROPY_LIFESPAN` / `poc_entropy_lifespan`: 180 s. */
  entropyLifespanMs: number;
  /** Helium `max_witnesses_per_poc`: 14. */
  maxWitnessesPerBeacon: number;
  /** Helium `POC_CELL_DISTANCE_MINIMUM`: 8 cells at `POC_CELL_PARENT_RES` 11. */
  minCellDistance: number;
  cellDistanceResolution: number;
  /** Helium `POC_DISTANCE_LIMIT`: 100 km. */
  maxDistanceM: number;
  /** Helium `verify_witness_freq`: 100 kHz. */
  frequencyToleranceHz: number;
  /** hexpin: a witness must reach the oracle within this long after the beacon. */
  witnessMaxAfterBeaconMs: number;
  /** hexpin: ... and within this long after the first witness of the same beacon. */
  witnessMaxAfterFirstWitnessMs: number;
  /** hexpin: extra dB (tenths) allowed above free-space before `signal_too_strong`; Helium uses 0. */
  fsplMarginDb10: number;
  geometry: GeometryConfig;
  trust: TrustConfig;
}

/** Free-space path loss at 1 m for 915 MHz, ≈ 31.7 dB: the physical intercept of the log-distance model. */
const FSPL_1M_915_DB = 20 * Math.log10((4 * Math.PI * 915e6) / 299_792_458);

export function defaultPocConfig(region: RegionName = "US915"): PocConfig {
  return {
    region: REGION_PLANS[region],
    beaconIntervalMs: 6 * 3600_000,
    beaconIntervalToleranceMs: 10 * 60_000,
    entropyLifespanMs: 180_000,
    maxWitnessesPerBeacon: 14,
    minCellDistance: 8,
    cellDistanceResolution: 11,
    maxDistanceM: 100_000,
    frequencyToleranceHz: 100_000,
    witnessMaxAfterBeaconMs: 20_000,
    witnessMaxAfterFirstWitnessMs: 10_000,
    fsplMarginDb10: 0,
    geometry: {
      minWitnesses: 3,
      slopeMinWitnesses: 5,
      exponentMin: 1.8,
      exponentMax: 5.5,
      beaconExponentMin: 0,
      beaconExponentMax: 8,
      model: "calibrate",
      fallbackModel: { interceptDb: Math.round(FSPL_1M_915_DB * 10) / 10, exponent: 3, sigmaDb: 8 },
      minCalibrationLinks: 200,
      calibrationQuantile: 0.5,
      minSigmaDb: 3,
      beaconBiasAllowanceDb: 8,
      beaconZ: 3.3,
      witnessOutlierSigmas: 3.5,
      hotspotMinLinks: 10,
      hotspotBiasAllowanceDb: 6,
      hotspotZ: 3.3,
    },
    trust: { reciprocityPenaltyBps: 5000, beaconGeometryPenaltyBps: 5000, linkBiasPenaltyBps: 5000, signedFraudPenaltyBps: 10_000 },
  };
}
