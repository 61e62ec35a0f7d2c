// Reason ids (one byte each, see ../reasons.ts) under short names for the stages.

import { reasonId } from "../reasons";

export const R = {
  unknown: reasonId("unknown_hotspot"),
  unasserted: reasonId("unasserted_hotspot"),
  denied: reasonId("denylisted_hotspot"),
  deniedPair: reasonId("denylisted_pair"),
  entropy: reasonId("entropy_out_of_window"),
  tooFrequent: reasonId("beacon_too_frequent"),
  payload: reasonId("beacon_payload_mismatch"),
  notFound: reasonId("beacon_not_found"),
  duplicate: reasonId("duplicate_witness"),
  self: reasonId("self_witness"),
  late: reasonId("witness_too_late"),
  witnessPayload: reasonId("witness_payload_mismatch"),
  frequency: reasonId("frequency_mismatch"),
  plan: reasonId("outside_channel_plan"),
  close: reasonId("too_close"),
  far: reasonId("too_far"),
  strong: reasonId("signal_too_strong"),
  reciprocity: reasonId("no_reciprocity"),
  geometry: reasonId("geometry_inconsistent"),
  notSelected: reasonId("not_selected"),
  txPower: reasonId("nonstandard_tx_power"),
  belowSensitivity: reasonId("below_sensitivity"),
  snr: reasonId("snr_inconsistent"),
  strongerThanModel: reasonId("stronger_than_model"),
  contradicted: reasonId("radio_contradicts_claims"),
  notIndependent: reasonId("witness_not_independent"),
  unverified: reasonId("witness_unverified"),
};
