// The contract between the oracle's stages: ingest → verify (PoC rules) → score
// (coverage, reward units) → epoch (allocation, Merkle commitment).
//
// Every type here is plain data so that an epoch's inputs can be written to a
// canonical bundle and recomputed anywhere. Keys are base58 strings of 32-byte
// ed25519 public keys; H3 cells are h3-js hex strings; times are integer unix
// seconds (or milliseconds where the name says so); money is bigint base units.

import type { PocState } from "./state/poc-state";

/** A hotspot as the registry (on-chain `Hotspot` accounts) knows it. */
export interface HotspotInfo {
  /** base58 ed25519 hardware key; the hotspot's identity everywhere. */
  key: string;
  /** base58 owner wallet. */
  owner: string;
  /** asserted location as an H3 resolution-12 cell, or null while unasserted. */
  location: string | null;
  /** antenna gain in tenths of dBi (e.g. 12 = 1.2 dBi), as stored on-chain. */
  gainDbi10: number;
  /** antenna elevation above ground in whole metres, as stored on-chain. */
  elevationM: number;
  /** unix seconds of onboarding; older is more senior (coverage tie-break). */
  onboardedAt: number;
  /**
   * onboarding serial of this life of the hotspot (`Hotspot.serial` on-chain, ≥ 1):
   * rewards accrue to the reward id `"<key>:<serial>"`, so a re-onboarded hardware key
   * starts a new cumulative amount and cannot claim its earlier life's.
   */
  serial: number;
}

/** Why a report, or a hotspot's share of one, did not count. Append-only. */
export type ReasonCode =
  | "bad_signature"
  | "malformed"
  | "unknown_hotspot"
  | "unasserted_hotspot"
  | "denylisted_hotspot"
  | "denylisted_pair"
  | "entropy_out_of_window"
  | "beacon_too_frequent"
  | "beacon_payload_mismatch"
  | "beacon_not_found"
  | "duplicate_witness"
  | "self_witness"
  | "witness_too_late"
  | "witness_payload_mismatch"
  | "frequency_mismatch"
  | "outside_channel_plan"
  | "too_close"
  | "too_far"
  | "signal_too_strong"
  | "no_reciprocity"
  | "geometry_inconsistent"
  | "not_selected"
  /** hexpin: a beacon's declared tx power is not the region's standard EIRP minus its asserted gain. */
  | "nonstandard_tx_power"
  /** hexpin: an RSSI below what any receiver demodulates. */
  | "below_sensitivity"
  /** hexpin: an SNR that does not follow from the RSSI and the noise floor. */
  | "snr_inconsistent"
  /** hexpin: a link far stronger than the calibrated model allows at the asserted distance. */
  | "stronger_than_model"
  /** hexpin: the beaconer's radio, as independent hotspots heard (and did not hear) it, contradicts its asserted location or power. */
  | "radio_contradicts_claims"
  /** hexpin: a valid witness from the beaconer's owner, shared radio or closed cluster: not independent evidence. */
  | "witness_not_independent"
  /** hexpin: a valid, independent witness that has earned no trust (its own radio is unverified). */
  | "witness_unverified";

/** A beacon that passed every rule, with the witnesses chosen for reward. */
export interface ValidBeacon {
  /** base58 key of the beaconer. */
  beaconer: string;
  /** hex sha256 of the beacon report's canonical bytes: its stable identity. */
  beaconId: string;
  /** oracle receive time of the beacon, unix milliseconds. */
  receivedAtMs: number;
  /** keys of every witness that passed all rules (sorted), before selection. */
  validWitnesses: string[];
  /** keys of the witnesses selected for reward (sorted), at most the cap. */
  selectedWitnesses: string[];
  /**
   * helium profile: the HIP-15 reward units Helium gives this beacon (rounded half
   * to even, UNIT = 10000 = 1.0); scoring uses them instead of its own (floored) table.
   */
  units?: { beaconer: number; perWitness: number };
}

/** The verify stage's whole output for one epoch; the score stage's input. */
export interface PocOutcome {
  /** valid beacons, sorted by beaconId. */
  beacons: ValidBeacon[];
  /** count of rejected reports (or witness entries) per reason. */
  reasonCounts: Partial<Record<ReasonCode, number>>;
  /**
   * per-hotspot PoC trust in basis points (0..10000): 10000 for a hotspot whose
   * beacons and witnesses are consistent, lower for one flagged by
   * reciprocity or geometry rules. Hotspots absent from the map have 0.
   */
  trustBps: Record<string, number>;
  /**
   * hexpin profile: each trusted hotspot's radio as measured by independent hotspots,
   * for coverage scoring. Absent when the PoC stage measures nothing (coverage then
   * follows the registry's claims).
   */
  radio?: Record<string, MeasuredRadio>;
  /** the state the next epoch takes as its `previousState` (oracle/src/state); absent for stand-in stages. */
  nextState?: PocState;
  /**
   * helium profile: each asserted hotspot's transmit scale (HIP-104 density, UNIT =
   * 10000 = 1.0), which scoring then uses instead of its own HIP-17 computation.
   */
  txScale?: Record<string, number>;
}

/** What independent hotspots measured of one hotspot's radio. */
export interface MeasuredRadio {
  /** transmit offset against a typical hotspot at the standard EIRP, tenths of dB. */
  offsetDb10: number;
  /** how far away it was verifiably heard, metres (coverage reach is bounded by it). */
  reachM: number;
}
