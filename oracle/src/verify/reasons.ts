import { ReasonCode } from "../types";

/**
 * Every ReasonCode in `types.ts` order, so a verdict fits in one byte (index + 1;
 * 0 means accepted). Append-only, like the type it mirrors.
 */
export const REASON_CODES: readonly ReasonCode[] = [
  "bad_signature", "malformed", "unknown_hotspot", "unasserted_hotspot", "denylisted_hotspot",
  "denylisted_pair", "entropy_out_of_window", "beacon_too_frequent", "beacon_payload_mismatch",
  "beacon_not_found", "duplicate_witness", "self_witness", "witness_too_late",
  "witness_payload_mismatch", "frequency_mismatch", "outside_channel_plan", "too_close", "too_far",
  "signal_too_strong", "no_reciprocity", "geometry_inconsistent", "not_selected",
  "nonstandard_tx_power", "below_sensitivity", "snr_inconsistent", "stronger_than_model",
  "radio_contradicts_claims", "witness_not_independent", "witness_unverified",
];

export const ACCEPTED = 0;
const INDEX = new Map<ReasonCode, number>(REASON_CODES.map((r, i) => [r, i + 1]));

export function reasonId(r: ReasonCode): number {
  return INDEX.get(r)!;
}

export function reasonOf(id: number): ReasonCode | null {
  return id === ACCEPTED ? null : REASON_CODES[id - 1];
}
