// Ground truth attached to every simulated key and report, so detection and
// rewards can be measured per attack.
//
// A *family* is an attack as a whole (what gets measured: its keys' share of
// rewards against what the same hardware earns honestly); a *behaviour* is one
// key's role in it. Report-level attack classes label individual reports.

/** What an attack family is, for measurement. "honest" is everyone else. */
export type AttackFamily =
  | "honest"
  // report-level cheats by otherwise real, correctly placed radios
  | "replayer"
  | "precomputer"
  | "self_witnesser"
  | "duplicator"
  // location and radio claims
  | "spoofed_location"
  /** claims 100 m elevation and 6–12 dB more gain, declaring tx power lowered by the gain claim but sending at its usual power. */
  | "overclaim"
  // fabricated proof of coverage
  /** keys with no radio at all claiming maximal gain and elevation in an empty area, witnessing each other from the model, one junk witness a day. */
  | "radioless_empty"
  /** radio-less keys asserted among honest hotspots, witnessing each other (a random DAG) with RSSI written from the public model. */
  | "model_ring"
  /** real radios in one room asserting spots kilometres apart, reporting each other (and what they hear) with RSSI from the model for the asserted geometry. */
  | "collusion_ring"
  /** one radio behind several keys asserted a few hundred metres apart (beacon power and reported RSSI jittered to look independent). */
  | "shared_radio"
  /** radio-less keys fed by unregistered receivers standing at their asserted spots; they "beacon" but nothing transmits. */
  | "unregistered_feed"
  /** a remote real radio whose beacons a relay in the city re-transmits and whose reports are what the relay hears. */
  | "wormhole"
  /** throwaway radio-less keys injecting far links with wide spread into the calibration, for location spoofers a few km off. */
  | "calibration_poison"
  /** a beaconer grinding its local entropy so that its friends win witness selection. */
  | "selection_steer"
  // classes of our own
  /** real radios at the city's edge vouching for radio-less keys asserted beyond it. */
  | "bridged_sybil"
  /** a geometric "town" of radio-less keys in an empty area, each witnessing its neighbours from the model. */
  | "fabricated_town"
  /** real radios near honest hotspots that never report those hotspots' beacons (negative-evidence griefing). */
  | "silent_neighbour";

export const ATTACK_FAMILIES: readonly Exclude<AttackFamily, "honest">[] = [
  "replayer", "precomputer", "self_witnesser", "duplicator", "spoofed_location", "overclaim", "radioless_empty", "model_ring",
  "collusion_ring", "shared_radio", "unregistered_feed", "wormhole", "calibration_poison", "selection_steer", "bridged_sybil",
  "fabricated_town", "silent_neighbour",
];

/** Families whose keys have no radio of their own: their hardware earns nothing honestly. */
export const RADIOLESS_FAMILIES: ReadonlySet<AttackFamily> = new Set(["radioless_empty", "model_ring", "unregistered_feed", "fabricated_town"]);

/** How one key behaves for the whole run. */
export type HotspotBehaviour =
  | "honest"
  | "replayer"
  | "precomputer"
  | "self_witnesser"
  | "duplicator"
  | "spoofed_location"
  | "elevation_overclaim"
  | "radioless"
  | "model_writer"
  | "collusion_ring"
  | "shared_radio"
  | "fed_key"
  | "wormhole"
  | "poisoner"
  | "poison_beneficiary"
  | "steering_beaconer"
  | "steering_friend"
  | "bridge_radio"
  | "bridged_key"
  | "town_key"
  | "silent_neighbour";

/** What a single report does wrong (null: nothing). */
export type AttackClass =
  | "spoofed_location"
  | "inflated_gain"
  | "replayed_beacon"
  | "precomputed_beacon"
  | "self_witness"
  | "duplicate_witness"
  | "collusion_ring"
  | "fabricated_witness"
  | "radioless_beacon"
  | "shared_radio"
  | "relayed"
  | "poisoned_link";

export const ATTACK_CLASSES: readonly AttackClass[] = [
  "spoofed_location", "inflated_gain", "replayed_beacon", "precomputed_beacon", "self_witness", "duplicate_witness", "collusion_ring",
  "fabricated_witness", "radioless_beacon", "shared_radio", "relayed", "poisoned_link",
];

/** Classes judged by the author's trust as well as by rejection: the lie is in the key's claims, not in one report. */
export const HOTSPOT_LEVEL_CLASSES: ReadonlySet<AttackClass> = new Set(["spoofed_location", "inflated_gain", "collusion_ring", "shared_radio", "relayed"]);

export interface ReportLabel {
  kind: "beacon" | "witness";
  /** index into the simulated fleet of the key that signed the report. */
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

/** The report-level class of a key's ordinary (beacon / real witness) reports. */
export const HOTSPOT_ATTACK: Readonly<Record<HotspotBehaviour, AttackClass | null>> = {
  honest: null,
  replayer: null,
  precomputer: null,
  self_witnesser: null,
  duplicator: null,
  spoofed_location: "spoofed_location",
  elevation_overclaim: "inflated_gain",
  radioless: "radioless_beacon",
  model_writer: "radioless_beacon",
  collusion_ring: "collusion_ring",
  shared_radio: "shared_radio",
  fed_key: "radioless_beacon",
  wormhole: "relayed",
  poisoner: "poisoned_link",
  poison_beneficiary: "spoofed_location",
  steering_beaconer: null,
  steering_friend: null,
  bridge_radio: null,
  bridged_key: "radioless_beacon",
  town_key: "radioless_beacon",
  silent_neighbour: null,
};
