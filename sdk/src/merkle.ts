// The epoch reward commitment: a sha256 Merkle tree over one leaf per *life* of
// a hotspot — (hardware key, onboarding serial, cumulative amount). The on-chain
// claim verifier must reproduce these bytes exactly;
// `tests/fixtures/merkle-vectors.json` pins them.
//
//   leaf = sha256(0x00 ‖ hardware key (32) ‖ serial (u64 LE) ‖ cumulative (u64 LE))
//   node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))      (bytewise comparison)
//
// Distinct leaf/node prefixes (and preimage lengths, 49 against 65 bytes) stop a
// node from posing as a leaf (the second-preimage trick); sorted pairs mean a
// proof is a plain list of sibling hashes with no left/right flags. The serial
// (the program's `Hotspot.serial`) makes a re-onboarded hardware key a new leaf
// that starts from zero, so it can never claim again what an earlier life was paid.
//
// Shape: leaves are ordered by key bytes ascending, then serial (so the root does
// not depend on the order the caller supplied them in) and paired left to right
// level by level. When a level has an odd count, its last node is promoted to
// the next level unchanged (no self-pairing, no hashing) and contributes no
// proof element at that level; proofs can therefore be shorter than
// ceil(log2(n)) for the last leaves. A one-leaf tree's root is the leaf hash
// and its proof is empty. An empty tree has no root.

import * as nodeCrypto from "node:crypto";
import { decodeKey58, keyToBase58 } from "./reports/keys";

export const MERKLE_LEAF_PREFIX = 0x00;
export const MERKLE_NODE_PREFIX = 0x01;
export const HASH_BYTES = 32;
export const U64_MAX = (1n << 64n) - 1n;

/** One hotspot life's entry in the epoch commitment. */
export interface MerkleLeafInput {
  /** 32-byte hardware key, raw bytes or base58. */
  key: Uint8Array | string;
  /** the life's onboarding serial (`Hotspot.serial`), 0 ≤ serial < 2^64. */
  serial: bigint | number;
  /** cumulative reward in base units, 0 ≤ amount < 2^64. */
  amount: bigint;
}

/**
 * The oracle's name for one life of a hotspot: `"<base58 hardware key>:<serial>"`.
 * Cumulative amounts are keyed by it, so two lives of one key never share a balance.
 */
export function rewardId(key: string, serial: bigint | number): string {
  return `${key}:${BigInt(serial)}`;
}

export function parseRewardId(id: string): { key: string; serial: bigint } {
  const colon = id.lastIndexOf(":");
  if (colon <= 0 || !/^\d+$/.test(id.slice(colon + 1))) throw new RangeError(`not a reward id: ${id}`);
  return { key: id.slice(0, colon), serial: BigInt(id.slice(colon + 1)) };
}

function u64(value: bigint | number, what: string): bigint {
  const v = BigInt(value);
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what} ${v} does not fit in u64`);
  return v;
}

export function keyBytes(key: Uint8Array | string): Buffer {
  const bytes = typeof key === "string" ? decodeKey58(key) : Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  if (bytes.length !== 32) throw new RangeError(`hotspot key must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

export const LEAF_PREIMAGE_BYTES = 1 + 32 + 8 + 8;

/** The 49-byte leaf preimage: 0x00 ‖ key ‖ serial u64 LE ‖ amount u64 LE. */
export function leafPreimage(key: Uint8Array | string, serial: bigint | number, amount: bigint): Buffer {
  const buf = Buffer.allocUnsafe(LEAF_PREIMAGE_BYTES);
  buf[0] = MERKLE_LEAF_PREFIX;
  keyBytes(key).copy(buf, 1);
  buf.writeBigUInt64LE(u64(serial, "serial"), 33);
  buf.writeBigUInt64LE(u64(amount, "amount"), 41);
  return buf;
}

export function hashLeaf(key: Uint8Array | string, serial: bigint | number, amount: bigint): Buffer {
  return sha256(leafPreimage(key, serial, amount));
}

/** sha256(0x01 ‖ min(a, b) ‖ max(a, b)). */
export function hashNode(a: Uint8Array, b: Uint8Array): Buffer {
  const [lo, hi] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  return sha256(Buffer.concat([NODE_PREFIX_BYTE, lo, hi]));
}

const NODE_PREFIX_BYTE = Buffer.from([MERKLE_NODE_PREFIX]);

/** One-shot native sha256; `crypto.hash` (Node ≥ 20.12) skips the Hash object. */
const sha256: (data: Uint8Array) => Buffer =
  typeof (nodeCrypto as { hash?: unknown }).hash === "function"
    ? (data) => (nodeCrypto as unknown as { hash(alg: string, d: Uint8Array, enc: "buffer"): Buffer }).hash("sha256", data, "buffer")
    : (data) => nodeCrypto.createHash("sha256").update(data).digest();

/** Folds a proof onto a leaf hash and compares with the root. */
export function verifyMerkleProof(leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  let acc: Uint8Array = leaf;
  for (const sibling of proof) {
    if (sibling.length !== HASH_BYTES) return false;
    acc = hashNode(acc, sibling);
  }
  return Buffer.compare(acc, root) === 0;
}

/** Convenience: verifies a (key, serial, amount) claim against a root. */
export function verifyClaim(key: Uint8Array | string, serial: bigint | number, amount: bigint, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  return verifyMerkleProof(hashLeaf(key, serial, amount), proof, root);
}

/**
 * A built tree. Each level is one contiguous buffer of 32-byte hashes, so
 * proofs are zero-copy views and 100k leaves cost ~200k sha256 calls.
 */
export class MerkleTree {
  /** levels[0] = leaf hashes in key order; the last level holds the root. */
  private readonly levels: Buffer[];
  /** leaf keys (32 bytes each, ascending), parallel to levels[0]. */
  readonly keys: Buffer[];
  /** each leaf's life serial, parallel to `keys`. */
  readonly serials: bigint[];
  readonly amounts: bigint[];
  private indexById: Map<string, number> | null = null;

  private constructor(keys: Buffer[], serials: bigint[], amounts: bigint[], levels: Buffer[]) {
    this.keys = keys;
    this.serials = serials;
    this.amounts = amounts;
    this.levels = levels;
  }

  /** Builds the tree; rejects an empty input and duplicate (key, serial) leaves. */
  static build(leaves: readonly MerkleLeafInput[]): MerkleTree {
    if (leaves.length === 0) throw new RangeError("a Merkle tree needs at least one leaf");
    // A 48-bit big-endian prefix decides almost every comparison without
    // crossing into Buffer.compare, which dominates sorting 100k keys.
    const entries = leaves.map((l) => {
      const key = keyBytes(l.key);
      return { key, serial: u64(l.serial, "serial"), amount: u64(l.amount, "amount"), prefix: key.readUIntBE(0, 6) };
    });
    entries.sort((a, b) => a.prefix - b.prefix || Buffer.compare(a.key, b.key) || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
    for (let i = 1; i < entries.length; i++) {
      if (entries[i - 1].key.equals(entries[i].key) && entries[i - 1].serial === entries[i].serial) {
        throw new RangeError(`duplicate leaf ${rewardId(keyToBase58(entries[i].key), entries[i].serial)}`);
      }
    }
    const n = entries.length;
    const leafLevel = Buffer.allocUnsafe(n * HASH_BYTES);
    const pre = Buffer.allocUnsafe(LEAF_PREIMAGE_BYTES);
    pre[0] = MERKLE_LEAF_PREFIX;
    for (let i = 0; i < n; i++) {
      const { key, serial, amount } = entries[i];
      key.copy(pre, 1);
      pre.writeBigUInt64LE(serial, 33);
      pre.writeBigUInt64LE(amount, 41);
      sha256(pre).copy(leafLevel, i * HASH_BYTES);
    }
    const levels = [leafLevel];
    let level = leafLevel;
    const node = Buffer.allocUnsafe(65);
    node[0] = MERKLE_NODE_PREFIX;
    while (level.length > HASH_BYTES) {
      const count = level.length / HASH_BYTES;
      const next = Buffer.allocUnsafe(Math.ceil(count / 2) * HASH_BYTES);
      for (let i = 0; i + 1 < count; i += 2) {
        const a = level.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
        const b = level.subarray((i + 1) * HASH_BYTES, (i + 2) * HASH_BYTES);
        const aFirst = Buffer.compare(a, b) <= 0;
        (aFirst ? a : b).copy(node, 1);
        (aFirst ? b : a).copy(node, 33);
        sha256(node).copy(next, (i / 2) * HASH_BYTES);
      }
      if (count % 2 === 1) level.copy(next, (count >> 1) * HASH_BYTES, (count - 1) * HASH_BYTES);
      levels.push(next);
      level = next;
    }
    return new MerkleTree(
      entries.map((e) => e.key),
      entries.map((e) => e.serial),
      entries.map((e) => e.amount),
      levels,
    );
  }

  get size(): number {
    return this.keys.length;
  }

  get root(): Buffer {
    return this.levels[this.levels.length - 1];
  }

  leaf(index: number): Buffer {
    return this.levels[0].subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** Position of a hotspot life in leaf order, or -1. */
  indexOf(key: Uint8Array | string, serial: bigint | number): number {
    if (this.indexById === null) {
      this.indexById = new Map();
      this.keys.forEach((k, i) => this.indexById!.set(`${k.toString("hex")}:${this.serials[i]}`, i));
    }
    return this.indexById.get(`${keyBytes(key).toString("hex")}:${BigInt(serial)}`) ?? -1;
  }

  /** Sibling hashes from the leaf up; views into the tree, do not mutate. */
  proof(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf at index ${index}`);
    const out: Buffer[] = [];
    let i = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const count = this.levels[l].length / HASH_BYTES;
      const sibling = i ^ 1;
      if (sibling < count) out.push(this.levels[l].subarray(sibling * HASH_BYTES, (sibling + 1) * HASH_BYTES));
      i >>= 1;
    }
    return out;
  }

  /** The tree over cumulative amounts keyed by reward id `"<key>:<serial>"`, as the oracle keeps them. */
  static fromRewards(cumulative: Iterable<[string, bigint]>): MerkleTree {
    return MerkleTree.build([...cumulative].map(([id, amount]) => ({ ...parseRewardId(id), amount })));
  }

  /** The proof of the life named by a reward id. */
  proofForReward(id: string): Buffer[] {
    const { key, serial } = parseRewardId(id);
    return this.proofFor(key, serial);
  }

  proofFor(key: Uint8Array | string, serial: bigint | number): Buffer[] {
    const i = this.indexOf(key, serial);
    if (i < 0) throw new RangeError("this hotspot life is not a leaf of this tree");
    return this.proof(i);
  }
}
