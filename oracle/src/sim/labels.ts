// Ground truth attached to every simulated report, so detection can be measured.

/** How a simulated hotspot behaves for the whole epoch. */
export type HotspotBehaviour =
  | "honest"
  /** asserts a location kilometres from where it really is. */
  | "spoofed_location"
  /** asserts a higher antenna gain than it has. */
  | "inflated_gain"
  /** re-sends other hotspots' beacon reports it picked up, later. */
  | "replayer"
  /** sends beacons whose payload was not derived from the current entropy. */
  | "precomputer"
  /** witnesses its own beacons. */
  | "self_witnesser"
  /** submits each witness report twice. */
  | "duplicator"
  /** member of a ring co-located in one place, asserting spread-out locations, relaying fabricated witnesses of each other. */
  | "collusion_ring";

/** What a single report does wrong (null: nothing). */
export type AttackClass =
  | "spoofed_location"
  | "inflated_gain"
  | "replayed_beacon"
  | "precomputed_beacon"
  | "self_witness"
  | "duplicate_witness"
  | "collusion_ring";

export interface ReportLabel {
  kind: "beacon" | "witness";
  /** index into the simulated fleet of the hotspot that signed the report. */
  actor: number;
  /** for witnesses, the fleet index of the beaconer named; -1 for beacons. */
  counterpart: number;
  /** the attack this report is part of, or null for an honest report. */
  attack: AttackClass | null;
  /**
   * an honest witness of an adversarial beacon: truthful, but expected to fall with
   * the beacon it witnessed. Excluded from the honest false-rejection rate.
   */
  collateral: boolean;
}

export const HOTSPOT_ATTACK: Readonly<Record<HotspotBehaviour, AttackClass | null>> = {
  honest: null,
  spoofed_location: "spoofed_location",
  inflated_gain: "inflated_gain",
  replayer: null,
  precomputer: null,
  self_witnesser: null,
  duplicator: null,
  collusion_ring: "collusion_ring",
};
