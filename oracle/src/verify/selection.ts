// Fair witness selection: when a beacon has more valid witnesses than the reward
// cap, the rewarded ones are those with the smallest
//   sha256(WITNESS_SELECTION_DOMAIN ‖ entropyValue ‖ beaconId ‖ witnessKey),
// a lottery nobody can steer (entropy postdates the witnesses' commitments) and
// everybody can recompute — unlike "first to arrive", which rewards fast uplinks.

import { createHash } from "node:crypto";

const WITNESS_SELECTION_DOMAIN = Buffer.from("hexpin-witness-selection-v1");

export function selectionScore(entropyValue: Uint8Array, beaconId: Uint8Array, witnessKey: Uint8Array): string {
  return createHash("sha256").update(WITNESS_SELECTION_DOMAIN).update(entropyValue).update(beaconId).update(witnessKey).digest("hex");
}

/**
 * Returns the positions (into `witnessKeys`) of the selected witnesses, at most
 * `cap`, chosen by lowest selection score.
 */
export function selectWitnesses(entropyValue: Uint8Array, beaconId: Uint8Array, witnessKeys: readonly Uint8Array[], cap: number): number[] {
  const all = witnessKeys.map((_, i) => i);
  if (witnessKeys.length <= cap) return all;
  const scores = witnessKeys.map((k) => selectionScore(entropyValue, beaconId, k));
  all.sort((i, j) => (scores[i] < scores[j] ? -1 : scores[i] > scores[j] ? 1 : 0));
  return all.slice(0, cap);
}
