// The `helium` profile's per-report check lists: Helium's `do_beacon_verifications`
// and `do_witness_verifications` (helium/oracles@824f7724, poc.rs:375-488), first
// failure wins, over the facts the verifier knows about one report. Every rule is
// the reference's pure function (../profiles/helium-reference.ts); this file only
// fixes their order and what hexpin's reports supply to them, and maps Helium's
// reasons onto hexpin's reason codes.
//
// Facts that hexpin decides differently by construction:
// - payload: hexpin derives payload and channel from (entropy, beaconer key, local
//   entropy) (sdk deriveBeacon) instead of Helium's ChaCha12 beacon; the decision is
//   Helium's: payload, channel and quoted entropy must follow, the declared power is
//   not checked, and an asserted gain above the region's max EIRP fails;
// - capability and region: hexpin has no data-only hotspots and one region per
//   network, so `isFullHotspot` is true and the regions are equal (both rules still run).

import type { ReasonCode } from "../../types";
import {
  HeliumReason,
  HeliumVerdict,
  verifyBeaconSchedule,
  verifyCapability,
  verifyEntropy,
  verifySelfWitness,
  verifyWitnessCellDistance,
  verifyWitnessDistance,
  verifyWitnessFrequency,
  verifyWitnessLag,
  verifyWitnessRegion,
  verifyWitnessRssi,
} from "../profiles/helium-reference";

export interface HeliumBeaconFacts {
  asserted: boolean;
  denied: boolean;
  /** the quoted entropy's publication time; null when the entropy is unknown (expired). */
  entropyStartMs: number | null;
  /** Helium: start + 180 s (its unit tests pass other ends). */
  entropyEndMs: number | null;
  receivedMs: number;
  isFullHotspot: boolean;
  /** Helium last_beacon (any beacon that reached this check list), null: none. */
  lastBeaconMs: number | null;
  beaconIntervalMs: number;
  payloadOk: boolean;
}

type Check<F> = readonly [name: string, check: (f: F) => HeliumVerdict];

const firstFailure = <F>(checks: readonly Check<F>[], f: F): HeliumVerdict => {
  for (const [, c] of checks) {
    const v = c(f);
    if (v !== "ok") return v;
  }
  return "ok";
};

/** Helium's beacon checks, in its order. */
export const HELIUM_BEACON_CHECKS: readonly Check<HeliumBeaconFacts>[] = [
  ["asserted", (f) => (f.asserted ? "ok" : "NotAsserted")],
  ["denylist", (f) => (f.denied ? "Denied" : "ok")],
  ["entropy", (f) => (f.entropyStartMs === null || f.entropyEndMs === null ? "EntropyExpired" : verifyEntropy(f.entropyStartMs, f.entropyEndMs, f.receivedMs))],
  ["capability", (f) => verifyCapability(f.isFullHotspot)],
  ["schedule", (f) => verifyBeaconSchedule(f.lastBeaconMs, f.receivedMs, f.beaconIntervalMs)],
  ["payload", (f) => (f.payloadOk ? "ok" : "InvalidPacket")],
];

/** Helium's beacon checks in order: asserted, denylist, entropy, capability, schedule, payload. */
export function heliumBeaconVerdict(f: HeliumBeaconFacts): HeliumVerdict {
  return firstFailure(HELIUM_BEACON_CHECKS, f);
}

export interface HeliumWitnessFacts {
  witnessKey: string;
  beaconerKey: string;
  /** the witness's asserted cell (null: not asserted) and the beaconer's. */
  witnessLocation: string | null;
  beaconerLocation: string | null;
  witnessDenied: boolean;
  edgeDenied: boolean;
  entropyStartMs: number;
  entropyEndMs: number;
  beaconReceivedMs: number;
  /** receive time of the first report in the beacon's witness list, whatever its outcome. */
  firstWitnessReceivedMs: number;
  receivedMs: number;
  payloadMatches: boolean;
  isFullHotspot: boolean;
  beaconFrequencyHz: number;
  frequencyHz: number;
  beaconerRegion: string;
  witnessRegion: string;
  rssiDbm10: number;
  /** the beacon's declared power in whole dBm (hexpin's tenths truncated toward zero). */
  txPowerDbm: number;
  beaconerGainDbi10: number;
  witnessGainDbi10: number;
}

/** Helium's witness checks, in its order (the duplicate rule, which needs the list, runs before them in helium-proofs). */
export const HELIUM_WITNESS_CHECKS: readonly Check<HeliumWitnessFacts>[] = [
  ["asserted", (f) => (f.witnessLocation === null || f.beaconerLocation === null ? "NotAsserted" : "ok")],
  ["denylist", (f) => (f.witnessDenied ? "Denied" : "ok")],
  ["edge_denylist", (f) => (f.edgeDenied ? "DeniedEdge" : "ok")],
  ["self", (f) => verifySelfWitness(f.beaconerKey, f.witnessKey)],
  ["entropy", (f) => verifyEntropy(f.entropyStartMs, f.entropyEndMs, f.receivedMs)],
  ["lag", (f) => verifyWitnessLag(f.beaconReceivedMs, f.firstWitnessReceivedMs, f.receivedMs)],
  ["payload", (f) => (f.payloadMatches ? "ok" : "InvalidPacket")],
  ["capability", (f) => verifyCapability(f.isFullHotspot)],
  ["frequency", (f) => verifyWitnessFrequency(f.beaconFrequencyHz, f.frequencyHz)],
  ["region", (f) => verifyWitnessRegion(f.beaconerRegion, f.witnessRegion)],
  ["cell_distance", (f) => verifyWitnessCellDistance(f.beaconerLocation!, f.witnessLocation!)],
  ["distance", (f) => verifyWitnessDistance(f.beaconerLocation!, f.witnessLocation!)],
  ["rssi", (f) => verifyWitnessRssi(f.rssiDbm10, f.frequencyHz, f.txPowerDbm, f.beaconerGainDbi10, f.witnessGainDbi10, f.beaconerLocation!, f.witnessLocation!)],
];

/**
 * Helium's witness checks in order (after the duplicate rule): asserted (witness,
 * beaconer), denylist, edge denylist, self, entropy, lag, payload, capability,
 * frequency, region, cell distance, distance, RSSI.
 */
export function heliumWitnessVerdict(f: HeliumWitnessFacts): HeliumVerdict {
  return firstFailure(HELIUM_WITNESS_CHECKS, f);
}

/**
 * Helium's reasons as hexpin reason codes, for a `report` whose reason blames `side`
 * (Helium's `InvalidParticipantSide`): a witness report invalid because of its beacon
 * carries the beacon's code (an unknown beaconer: beacon_not_found). InvalidCapability
 * and InvalidRegion cannot occur (see above); they map to the nearest hexpin code.
 */
export function heliumReasonCode(reason: HeliumReason | "Unselected", report: "beacon" | "witness", side: "beaconer" | "witness"): ReasonCode {
  switch (reason) {
    case "GatewayNotFound":
      return report === "witness" && side === "beaconer" ? "beacon_not_found" : "unknown_hotspot";
    case "NotAsserted":
    case "InvalidCapability":
      return "unasserted_hotspot";
    case "Denied":
      return "denylisted_hotspot";
    case "DeniedEdge":
      return "denylisted_pair";
    case "EntropyExpired":
      return "entropy_out_of_window";
    case "IrregularInterval":
      return "beacon_too_frequent";
    case "InvalidPacket":
      return side === "beaconer" ? "beacon_payload_mismatch" : "witness_payload_mismatch";
    case "SelfWitness":
      return "self_witness";
    case "TooLate":
      return "witness_too_late";
    case "InvalidFrequency":
      return "frequency_mismatch";
    case "InvalidRegion":
      return "outside_channel_plan";
    case "BelowMinDistance":
      return "too_close";
    case "MaxDistanceExceeded":
      return "too_far";
    case "BadRssi":
      return "signal_too_strong";
    case "Duplicate":
      return "duplicate_witness";
    case "GatewayNoValidWitnesses":
    case "GatewayNoValidBeacons":
      return "no_reciprocity";
    case "Unselected":
      return "not_selected";
  }
}
