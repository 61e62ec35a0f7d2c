// Per-network PoC rule parameters. Defaults follow Helium's IoT verifier
// (helium/oracles `iot_verifier`: settings.rs, poc.rs, entropy.rs) where Helium has
// a rule, and are marked "hexpin" where the rule is ours. Which stages run is the
// rule profile's business (profile.ts); these are its numbers.

import { RegionName, RegionPlan, REGION_PLANS } from "@hexpin/sdk";
import type { ProfileName } from "./profile";

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
  /** used when calibration has fewer than `minCalibrationLinks` links (and no previous calibration exists). */
  fallbackModel: PathLossModel;
  minCalibrationLinks: number;
  /** calibration fits the nearest bins holding this fraction of links (far bins are censored by sensitivity). */
  calibrationQuantile: number;
  /** lower bound on the calibrated sigma, dB, so a very clean epoch does not make the tests brittle. */
  minSigmaDb: number;
  /**
   * whether a beacon whose median residual is off is inconsistent. The hexpin
   * profile measures each radio with censoring and negative evidence instead
   * (estimate-radios): heard links alone are biased strong wherever far listeners
   * missed the beacon, and a good site is not a lie.
   */
  beaconMedianTest: boolean;
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

/**
 * hexpin: a calibration that counts what was not heard and that throwaway keys
 * cannot poison. Listening opportunities between hotspots that were trusted
 * last epoch feed it (all while too few such exist), nearest first, each hotspot
 * contributing at most `linksPerHotspot`; a distance bin is used only where most
 * opportunities were heard, so its median is known (censored-calibration.ts);
 * the result is bounded and moves at most a step per epoch from last epoch's
 * calibration.
 */
export interface CalibrationHardening {
  /** listening opportunities (beacon × listener) per hotspot, as beaconer and listener together. */
  linksPerHotspot: number;
  /** listeners are paired with a beacon between these asserted distances. */
  minDistanceM: number;
  maxDistanceM: number;
  /** a distance bin is fitted only when at least this share of its opportunities was heard. */
  minHeardShare: number;
  /** both ends of a link need at least this prior trust (bps) once enough such links exist. */
  minTrustBps: number;
  maxSigmaDb: number;
  interceptMinDb: number;
  interceptMaxDb: number;
  /** largest change per epoch against the previous calibration. */
  maxInterceptStepDb: number;
  maxExponentStep: number;
  maxSigmaStepDb: number;
}

/** hexpin: what a receiver can physically report. */
export interface ReceiverConfig {
  /** weakest RSSI a receiver demodulates, tenths of dBm; weaker witness reports are impossible. */
  sensitivityDbm10: number;
  /** thermal + typical site noise for the beacon bandwidth, tenths of dBm (SNR ≈ RSSI − noise floor). */
  noiseFloorDbm10: number;
  /** SNR range a LoRa receiver reports, tenths of dB (below the minimum nothing demodulates). */
  snrMinDb10: number;
  snrMaxDb10: number;
  /** how far a reported SNR may sit from RSSI − noise floor (site noise varies), tenths of dB. */
  snrToleranceDb10: number;
}

/**
 * hexpin: a link much stronger than the calibrated model allows at the asserted
 * distance (relays, wormholes, writers of far links) is rejected outright:
 * residual below −(sigmas × σ + allowance).
 */
export interface ModelCeilingConfig {
  sigmas: number;
  allowanceDb: number;
}

/** hexpin: who counts as independent evidence, and how trust is earned. */
export interface EvidenceConfig {
  /** verified beacons (≥ minIndependentOwners independent owners among credible witnesses) an epoch needs for full evidence. */
  requiredVerifiedBeacons: number;
  minIndependentOwners: number;
  /**
   * a witness W of beaconer B is inside B's closed cluster when W and B witness each
   * other and fewer than this many of W's mutual partners lie outside B's own
   * mutual partners: its witnessing stays inside the group.
   */
  clusterMinOutsidePartners: number;
  /** an edge direction counts as witnessing when its decayed weight reaches this (EDGE_WEIGHT_ONE = one beacon). */
  mutualEdgeWeight: number;
  /** each epoch the graph's weights are shifted right by this (1 = halved). */
  edgeDecayShift: number;
  /** edges whose both weights fall below this are dropped from the state. */
  edgeDropBelow: number;
  /** a hotspot with at least this prior trust may vouch even without a verified beacon this epoch. */
  credibleTrustBps: number;
  credibilityRounds: number;
  /** a hotspot vouched for by this many radios is strong (the seeds of strength; thinness applies once there are minSeeds) ... */
  seedVouchers: number;
  minSeeds: number;
  /** ... so is one vouched for by this many strong radios; the others are thin ... */
  thinVouchers: number;
  /** ... and a radio vouching for more than this many thin beaconers vouches for none of them. */
  maxThinPerVoucher: number;
  /** coverage is scored only for hotspots with at least this many strong vouchers this epoch (outcome.radio). */
  coverageMinVouchers: number;
  /**
   * Connected groups of mutually verifying hotspots smaller than
   * max(minComponentHotspots, minComponentShareBps × credible hotspots) earn nothing
   * (the largest group always counts): an isolated group's evidence is only its own.
   */
  minComponentHotspots: number;
  minComponentShareBps: number;
  /** trust moves up by this share of the gap per epoch; it falls to the epoch's evidence at once. */
  trustRiseBps: number;
  /** absent hotspots keep this share of their trust. */
  absentTrustKeepBps: number;
}

/** hexpin: estimating each hotspot's radio from what independent hotspots heard (and did not hear). */
export interface RadioEstimateConfig {
  /** listeners closer than this are not used (the min-distance rule rejects their reports anyway). */
  listenMinDistanceM: number;
  listenMaxDistanceM: number;
  /** a listener is expected to have a chance of hearing when its predicted mean RSSI ≥ hearing floor − this × σ. */
  listenMarginSigmas: number;
  /** the hearing floor is this quantile of valid links' RSSI ... */
  floorQuantile: number;
  /** ... at most this far above receiver.sensitivityDbm10, dB. */
  maxFloorAboveSensitivityDb: number;
  /** an asserted antenna gain counts only up to this (dBi) in a listener's predicted signal until its receive offset is measured. */
  maxUnmeasuredGainDb: number;
  /** prior for a hotspot without history, dB below a typical hotspot, and its weight in observations. */
  priorOffsetDb: number;
  priorWeight: number;
  /** the previous epochs' estimate keeps this share of its weight (bps). */
  weightKeepBps: number;
  maxWeight: number;
  /** measured more than this far below its claim (with ≥ minContradictionWeight of this epoch's evidence): not heard where it claims to be. */
  contradictedDb: number;
  minContradictionWeight: number;
  /** heard this much stronger than its claims allow (weight ≥ minStrongWeight): contradicted. */
  txStrongAllowanceDb: number;
  /**
   * the location test (estimate-radios): when a listener heard the radio more than
   * locationTriggerSigmas·σ above its claimed level, standing at one of its
   * locationCandidates strongest listeners may not fit better by locationGainNats
   * of log-likelihood.
   */
  locationTriggerSigmas: number;
  locationCandidates: number;
  locationGainNats: number;
  /** a fit with this many (and this share, bps) of observations beyond misfitSigmas on the wrong side is contradicted. */
  misfitSigmas: number;
  misfitMinCount: number;
  misfitShareBps: number;
  rxStrongAllowanceDb: number;
  minStrongWeight: number;
  /** the heard reach keeps this share per epoch without new evidence (bps). */
  reachKeepBps: number;
  /** claimed height gain is 20·log10(elevation / reference), capped at this, dB. */
  referenceHeightM: number;
  maxClaimedHeightGainDb: number;
}

/** hexpin: several keys behind one radio. */
export interface SharedRadioConfig {
  /** keys asserted within this distance of each other are compared. */
  maxSpacingM: number;
  /** common clear witnesses (transmit side) or beaconers (receive side) needed ... */
  minCommon: number;
  /** ... or this many for keys asserted within nearWithinM of each other. */
  minCommonNear: number;
  nearWithinM: number;
  /** spread (standard deviation, tenths of dB) of the per-witness signal difference below which two keys are one radio. */
  maxSpreadDb10: number;
  /** only links predicted at least this many σ above the hearing floor (and heard on every beacon) are compared. */
  clearSigmas: number;
  /** keys asserted closer than this share a radio unless ≥ minDistinctCommon clear common witnesses show a spread ≥ distinctSpreadDb10. */
  presumeSharedWithinM: number;
  minDistinctCommon: number;
  distinctSpreadDb10: number;
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
  /** hexpin: removed from a hotspot heard (or hearing) far stronger than its claims allow. */
  tooStrongPenaltyBps: number;
}

export type SelectionSeed =
  /** sha256(entropy ‖ beacon id ‖ witness): the beacon id contains fields the beaconer chooses. */
  | "beacon"
  /** hexpin: seeded by the first entropy published after the beacon's witness deadline, which nobody knew while reporting. */
  | "later-entropy";

export interface PocConfig {
  /** which stages run (profile.ts). */
  profile: ProfileName;
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
  /**
   * hexpin: the EIRP every beacon is sent at, tenths of dBm: a beacon declares
   * txPower = beaconEirpDbm10 − asserted gain exactly, so a gain claim cannot be
   * traded against declared power.
   */
  beaconEirpDbm10: number;
  selectionSeed: SelectionSeed;
  receiver: ReceiverConfig;
  modelCeiling: ModelCeilingConfig;
  geometry: GeometryConfig;
  calibration: CalibrationHardening;
  evidence: EvidenceConfig;
  radio: RadioEstimateConfig;
  sharedRadio: SharedRadioConfig;
  trust: TrustConfig;
}

/** Free-space path loss at 1 m for 915 MHz, ≈ 31.7 dB: the physical intercept of the log-distance model. */
const FSPL_1M_915_DB = 20 * Math.log10((4 * Math.PI * 915e6) / 299_792_458);

export function defaultPocConfig(region: RegionName = "US915", profile: ProfileName = "hexpin"): PocConfig {
  const plan = REGION_PLANS[region];
  return {
    profile,
    region: plan,
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
    beaconEirpDbm10: Math.min(plan.maxEirpDbm10, 300),
    selectionSeed: profile === "hexpin" ? "later-entropy" : "beacon",
    receiver: { sensitivityDbm10: -1250, noiseFloorDbm10: -1170, snrMinDb10: -200, snrMaxDb10: 300, snrToleranceDb10: 80 },
    modelCeiling: { sigmas: 3.5, allowanceDb: 6 },
    geometry: {
      minWitnesses: 3,
      slopeMinWitnesses: 5,
      exponentMin: 1.8,
      exponentMax: 5.5,
      beaconExponentMin: 0,
      beaconExponentMax: 8,
      beaconMedianTest: profile !== "hexpin",
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
    calibration: {
      linksPerHotspot: 96,
      minDistanceM: 400,
      maxDistanceM: 4_000,
      minHeardShare: 0.6,
      minTrustBps: 5_000,
      maxSigmaDb: 12,
      interceptMinDb: 20,
      interceptMaxDb: 70,
      maxInterceptStepDb: 3,
      maxExponentStep: 0.2,
      maxSigmaStepDb: 1.5,
    },
    evidence: {
      requiredVerifiedBeacons: 2,
      minIndependentOwners: 2,
      clusterMinOutsidePartners: 1,
      mutualEdgeWeight: 16,
      edgeDecayShift: 1,
      edgeDropBelow: 4,
      credibleTrustBps: 2_500,
      credibilityRounds: 4,
      seedVouchers: 8,
      minSeeds: 20,
      thinVouchers: 4,
      maxThinPerVoucher: 1,
      coverageMinVouchers: 4,
      minComponentHotspots: 10,
      minComponentShareBps: 100,
      trustRiseBps: 5_000,
      absentTrustKeepBps: 5_000,
    },
    radio: {
      listenMinDistanceM: 400,
      listenMaxDistanceM: 15_000,
      listenMarginSigmas: 1,
      floorQuantile: 0.01,
      maxFloorAboveSensitivityDb: 12,
      maxUnmeasuredGainDb: 6,
      priorOffsetDb: -3,
      priorWeight: 1,
      weightKeepBps: 5_000,
      maxWeight: 200,
      contradictedDb: 15,
      minContradictionWeight: 3,
      txStrongAllowanceDb: 10,
      locationTriggerSigmas: 1.5,
      locationCandidates: 3,
      locationGainNats: 12,
      misfitSigmas: 3,
      misfitMinCount: 5,
      misfitShareBps: 1_500,
      rxStrongAllowanceDb: 15,
      minStrongWeight: 5,
      reachKeepBps: 7_500,
      referenceHeightM: 10,
      maxClaimedHeightGainDb: 20,
    },
    sharedRadio: { maxSpacingM: 1_500, minCommon: 10, minCommonNear: 5, nearWithinM: 700, maxSpreadDb10: 17, clearSigmas: 0, presumeSharedWithinM: 300, minDistinctCommon: 4, distinctSpreadDb10: 40 },
    trust: {
      reciprocityPenaltyBps: 5000,
      beaconGeometryPenaltyBps: 5000,
      linkBiasPenaltyBps: 5000,
      signedFraudPenaltyBps: 10_000,
      tooStrongPenaltyBps: 5000,
    },
  };
}
