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
//   by flags. Kept as data so that a decision-exact "helium" profile can be added
//   beside it.

import { StageName } from "./stages";

export type ProfileName = "hexpin" | "helium-derived";

export interface RuleProfile {
  name: ProfileName;
  /** which declared beacon powers are accepted at ingestion. */
  beaconPower: "standard-eirp" | "at-most-max-eirp";
  /** whether witness RSSI/SNR must be physically possible (sensitivity, SNR consistency) at ingestion. */
  witnessPhysics: boolean;
  stages: readonly StageName[];
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
};

export function profileOf(name: ProfileName): RuleProfile {
  const p = PROFILES[name];
  if (!p) throw new RangeError(`unknown PoC rule profile ${String(name)}`);
  return p;
}
