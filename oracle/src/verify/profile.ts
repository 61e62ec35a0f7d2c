// Rule profiles: which named stages an epoch runs, in order. A profile is data;
// each stage is one function in its own file under ./stages, and
// `PocVerifier.finish()` runs the profile's list. Parameters live in PocConfig
// (config.ts), which names its profile, so the bundle that carries the config
// says which rules produced the root.
//
// - "hexpin": coverage from evidence. Trust starts at zero and is earned by
//   beacons verified by independent, credible hotspots; radio is measured
//   (including where it was not heard); shared radios, closed clusters and
//   isolated groups earn nothing; witness selection is seeded by entropy
//   published after the reports.
// - "helium-derived": the rules hexpin started from (Helium's iot_verifier
//   constants plus path-loss geometry), with trust that starts full and is cut
//   by flags.
// - "helium": Helium's iot_verifier (helium/oracles@824f7724) decision for
//   decision — its check order, reasons, constants, 6-hour buckets, 48-hour
//   reciprocity over the canonical state, first-arrival selection — made
//   reproducible as docs/helium-profile.md §6 says (stages/helium-*.ts).

import { StageName } from "./stages";

export type ProfileName = "hexpin" | "helium-derived" | "helium";

export interface RuleProfile {
  name: ProfileName;
  /** which declared beacon powers are accepted at ingestion ("unchecked": any, as Helium). */
  beaconPower: "standard-eirp" | "at-most-max-eirp" | "unchecked";
  /** whether witness RSSI/SNR must be physically possible (sensitivity, SNR consistency) at ingestion. */
  witnessPhysics: boolean;
  stages: readonly StageName[];
  /**
   * "helium": ingestion keeps every report of a known hotspot as a row and decides
   * nothing that Helium decides later in its own order (stages/helium-order.ts).
   * Default: hexpin's ingestion rules (verifier.ts).
   */
  ingest?: "helium";
}

export const PROFILES: Readonly<Record<ProfileName, RuleProfile>> = {
  hexpin: {
    name: "hexpin",
    beaconPower: "standard-eirp",
    witnessPhysics: true,
    stages: [
      "schedule-beacons",
      "group-witness-rows",
      "link-rules",
      "calibrate-hardened",
      "model-ceiling",
      "beacon-geometry",
      "reciprocity",
      "link-table",
      "witness-graph",
      "shared-radios",
      "independence",
      "verify-beacons",
      "estimate-radios",
      "verify-beacons",
      "trust-from-evidence",
      "select-independent-witnesses",
      "verdicts",
      "next-state",
    ],
  },
  "helium-derived": {
    name: "helium-derived",
    beaconPower: "at-most-max-eirp",
    witnessPhysics: false,
    stages: [
      "schedule-beacons",
      "group-witness-rows",
      "link-rules",
      "calibrate-epoch",
      "beacon-geometry",
      "link-bias",
      "reciprocity",
      "select-witnesses",
      "verdicts",
      "trust-from-penalties",
      "next-state",
    ],
  },
  helium: {
    name: "helium",
    beaconPower: "unchecked",
    witnessPhysics: false,
    ingest: "helium",
    stages: ["helium-order", "helium-proofs", "helium-trust", "helium-density", "verdicts", "helium-next-state"],
  },
};

export function profileOf(name: ProfileName): RuleProfile {
  const p = PROFILES[name];
  if (!p) throw new RangeError(`unknown PoC rule profile ${String(name)}`);
  return p;
}
