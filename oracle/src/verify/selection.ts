// Fair witness selection: when a beacon has more eligible witnesses than the
// reward cap, the rewarded ones are those with the smallest score — a lottery
// everybody can recompute and nobody can steer — rather than "first to arrive",
// which rewards fast uplinks.
//
// Two seeds (PocConfig.selectionSeed):
// - "beacon": sha256(WITNESS_SELECTION_DOMAIN ‖ entropyValue ‖ beaconId ‖ witnessKey).
//   The beacon id hashes the whole beacon report, including the device timestamp
//   and local entropy the beaconer chooses, so a beaconer can grind them until its
//   friends win the draw.
// - "later-entropy" (hexpin): sha256(LATER_SELECTION_DOMAIN ‖ seed ‖ beaconerKey ‖
//   u64le entropyId ‖ witnessKey), where seed is the value of the first entropy
//   record published strictly after the beacon's witness deadline (receive time +
//   witnessMaxAfterBeaconMs): nobody — beaconer or witness — knew it while
//   reporting. An epoch whose entropy ends earlier falls back to the closing seed
//   sha256(CLOSING_SEED_DOMAIN ‖ every entropy value in id order).

import { createHash, hash as cryptoHash } from "node:crypto";
import type { EntropyRecord } from "@hexpin/sdk";

const WITNESS_SELECTION_DOMAIN = Buffer.from("hexpin-witness-selection-v1");
const LATER_SELECTION_DOMAIN = Buffer.from("hexpin-witness-selection-v2");
const CLOSING_SEED_DOMAIN = Buffer.from("hexpin-selection-closing-seed-v1");

export function selectionScore(entropyValue: Uint8Array, beaconId: Uint8Array, witnessKey: Uint8Array): string {
  return createHash("sha256").update(WITNESS_SELECTION_DOMAIN).update(entropyValue).update(beaconId).update(witnessKey).digest("hex");
}

export function laterSelectionScore(seed: Uint8Array, beaconerKey: Uint8Array, entropyId: number, witnessKey: Uint8Array): string {
  return laterSelectionDigests(seed, beaconerKey, entropyId, [witnessKey]).toString("hex");
}

const oneShotSha256: ((data: Uint8Array) => Buffer) | null =
  typeof (cryptoHash as unknown) === "function" ? (data) => cryptoHash("sha256", data, "buffer") as unknown as Buffer : null;

/**
 * The "later-entropy" digest of every witness key, 32 bytes each in `keys` order:
 * one message buffer whose tail is rewritten per key, hashed in one call each
 * (a Hash object per witness costs more than the hash at 10M+ witnesses an epoch).
 */
export function laterSelectionDigests(seed: Uint8Array, beaconerKey: Uint8Array, entropyId: number, keys: readonly Uint8Array[]): Buffer {
  const id = Buffer.alloc(8);
  id.writeUInt32LE(entropyId % 0x1_0000_0000, 0);
  id.writeUInt32LE(Math.floor(entropyId / 0x1_0000_0000), 4);
  const head = LATER_SELECTION_DOMAIN.length + seed.length + beaconerKey.length + 8;
  const out = Buffer.allocUnsafe(32 * keys.length);
  let msg: Buffer | null = null;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (msg === null || msg.length !== head + key.length) msg = Buffer.concat([LATER_SELECTION_DOMAIN, seed, beaconerKey, id, key]);
    else msg.set(key, head);
    const d = oneShotSha256 ? oneShotSha256(msg) : createHash("sha256").update(msg).digest();
    d.copy(out, 32 * k);
  }
  return out;
}

/** Positions of the `cap` lowest 32-byte digests packed in `digests` (bytewise, ties by position). */
export function lowestPackedDigests(digests: Buffer, cap: number): number[] {
  const n = digests.length / 32;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  // a 48-bit big-endian prefix decides all but ~n²/2⁴⁹ comparisons
  const prefix = new Float64Array(n);
  for (let i = 0; i < n; i++) prefix[i] = digests.readUIntBE(32 * i, 6);
  all.sort((i, j) => prefix[i] - prefix[j] || Buffer.compare(digests.subarray(32 * i, 32 * i + 32), digests.subarray(32 * j, 32 * j + 32)) || i - j);
  return all.slice(0, cap);
}

/** The seed of a beacon received at `beaconRecvMs`: first entropy published after the witness deadline, else the closing seed. */
export function laterEntropySeed(byTime: readonly EntropyRecord[], beaconRecvMs: number, witnessWindowMs: number, closing: Uint8Array): Uint8Array {
  const deadline = beaconRecvMs + witnessWindowMs;
  let lo = 0;
  let hi = byTime.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTime[mid].publishedAtMs <= deadline) lo = mid + 1;
    else hi = mid;
  }
  return lo < byTime.length ? byTime[lo].value : closing;
}

export function closingSeed(entropy: readonly EntropyRecord[]): Uint8Array {
  const h = createHash("sha256").update(CLOSING_SEED_DOMAIN);
  for (const e of [...entropy].sort((a, b) => a.id - b.id)) h.update(e.value);
  return new Uint8Array(h.digest());
}

/** Positions of the `cap` lowest scores (ties by position), or all positions when there are at most `cap`. */
export function lowestScores(scores: readonly string[], cap: number): number[] {
  const all = scores.map((_, i) => i);
  if (scores.length <= cap) return all;
  all.sort((i, j) => (scores[i] < scores[j] ? -1 : scores[i] > scores[j] ? 1 : i - j));
  return all.slice(0, cap);
}

/**
 * Returns the positions (into `witnessKeys`) of the selected witnesses, at most
 * `cap`, chosen by lowest "beacon"-seeded score.
 */
export function selectWitnesses(entropyValue: Uint8Array, beaconId: Uint8Array, witnessKeys: readonly Uint8Array[], cap: number): number[] {
  if (witnessKeys.length <= cap) return witnessKeys.map((_, i) => i);
  return lowestScores(witnessKeys.map((k) => selectionScore(entropyValue, beaconId, k)), cap);
}
