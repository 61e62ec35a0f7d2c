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
import { loadNative } from "../ingest/native";

const WITNESS_SELECTION_DOMAIN = Buffer.from("hexpin-witness-selection-v1");
const LATER_SELECTION_DOMAIN = Buffer.from("hexpin-witness-selection-v2");
const CLOSING_SEED_DOMAIN = Buffer.from("hexpin-selection-closing-seed-v1");

export function selectionScore(entropyValue: Uint8Array, beaconId: Uint8Array, witnessKey: Uint8Array): string {
  return createHash("sha256").update(WITNESS_SELECTION_DOMAIN).update(entropyValue).update(beaconId).update(witnessKey).digest("hex");
}

export function laterSelectionScore(seed: Uint8Array, beaconerKey: Uint8Array, entropyId: number, witnessKey: Uint8Array): string {
  const out = Buffer.alloc(32);
  laterSelectionDigests(seed, beaconerKey, entropyId, witnessKey, Uint32Array.of(0), out);
  return out.toString("hex");
}

const oneShotSha256: ((data: Uint8Array) => Buffer) | null =
  typeof (cryptoHash as unknown) === "function" ? (data) => cryptoHash("sha256", data, "buffer") as unknown as Buffer : null;

/**
 * The "later-entropy" digests of the witnesses `keys[rows[k]]` (32-byte keys packed in
 * `keys`), written 32 bytes each in `rows` order into `out`. With the native addon one
 * call hashes a beacon's witnesses from a cloned prefix state; without it one message
 * buffer has its tail rewritten per witness. Both write the same bytes.
 */
export function laterSelectionDigests(seed: Uint8Array, beaconerKey: Uint8Array, entropyId: number, keys: Uint8Array, rows: Uint32Array, out: Uint8Array): void {
  const id = Buffer.alloc(8);
  id.writeUInt32LE(entropyId % 0x1_0000_0000, 0);
  id.writeUInt32LE(Math.floor(entropyId / 0x1_0000_0000), 4);
  const prefix = Buffer.concat([LATER_SELECTION_DOMAIN, seed, beaconerKey, id]);
  const native = loadNative();
  if (native && typeof native.sha256Suffixed === "function") native.sha256Suffixed(prefix, keys, rows, 32, out);
  else sha256Suffixed(prefix, keys, rows, 32, out);
}

/** The addon's `sha256Suffixed` in JavaScript: sha256(prefix ‖ table row) for each row, 32 bytes each into `out`. */
export function sha256Suffixed(prefix: Uint8Array, table: Uint8Array, rows: Uint32Array, width: number, out: Uint8Array): void {
  if (width <= 0 || table.length % width !== 0) throw new RangeError("table length must be a positive multiple of width");
  if (out.length < 32 * rows.length) throw new RangeError(`output of ${out.length} bytes cannot hold ${rows.length} digests`);
  const count = table.length / width;
  const t = Buffer.from(table.buffer, table.byteOffset, table.byteLength);
  const msg = Buffer.alloc(prefix.length + width);
  msg.set(prefix);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    if (i >= count) throw new RangeError(`row ${i} outside a table of ${count}`);
    t.copy(msg, prefix.length, i * width, (i + 1) * width);
    out.set(oneShotSha256 ? oneShotSha256(msg) : createHash("sha256").update(msg).digest(), 32 * k);
  }
}

/** Positions of the `cap` lowest of the first `n` 32-byte digests packed in `digests` (bytewise, ties by position). */
export function lowestPackedDigests(digests: Uint8Array, n: number, cap: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  const d = Buffer.from(digests.buffer, digests.byteOffset, digests.byteLength);
  // a 48-bit big-endian prefix decides all but ~n²/2⁴⁹ comparisons
  const prefix = new Float64Array(n);
  for (let i = 0; i < n; i++) prefix[i] = d.readUIntBE(32 * i, 6);
  all.sort((i, j) => prefix[i] - prefix[j] || Buffer.compare(d.subarray(32 * i, 32 * i + 32), d.subarray(32 * j, 32 * j + 32)) || i - j);
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
