// ed25519 hardware keys on node:crypto (OpenSSL), which signs and verifies several
// times faster than pure-JS implementations. Raw 32-byte keys are wrapped into
// KeyObjects through their fixed DER prefixes (RFC 8410).

import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";

// bs58 4.x ships no types; it is the same codec @solana/web3.js uses.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const bs58: { encode(bytes: Uint8Array): string; decode(text: string): Uint8Array } = require("bs58");

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface HardwareKeypair {
  /** raw 32-byte ed25519 public key: the hotspot key. */
  publicKey: Uint8Array;
  /** base58 of `publicKey`, as `HotspotInfo.key` spells it. */
  address: string;
  privateKey: KeyObject;
}

/** Deterministic keypair from a 32-byte seed (RFC 8032 private key). */
export function keypairFromSeed(seed: Uint8Array): HardwareKeypair {
  if (seed.length !== 32) throw new RangeError(`ed25519 seed must be 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  const publicKey = new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
  return { publicKey, address: bs58.encode(publicKey), privateKey };
}

/** Wraps a raw 32-byte public key for `crypto.verify`. */
export function publicKeyObject(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new RangeError(`ed25519 public key must be 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
}

/**
 * Caches public KeyObjects by raw key: building one costs about as much as a
 * verification, and a fleet's keys repeat across millions of reports.
 */
export class PublicKeyCache {
  private readonly map = new Map<string, KeyObject>();
  get(raw: Uint8Array): KeyObject {
    const id = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
    let k = this.map.get(id);
    if (!k) {
      k = publicKeyObject(raw);
      this.map.set(id, k);
    }
    return k;
  }
  get size(): number {
    return this.map.size;
  }
}

export function keyToBase58(raw: Uint8Array): string {
  return bs58.encode(raw);
}

export function keyFromBase58(text: string): Uint8Array {
  return new Uint8Array(decodeKey58(text));
}

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BASE58_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58_ALPHABET.length; i++) BASE58_DIGIT[BASE58_ALPHABET.charCodeAt(i)] = i;
const TWO_32 = 0x1_0000_0000;

/**
 * Decodes a base58 32-byte key with eight 32-bit limbs instead of a generic
 * big-number loop: ~10× faster than bs58, which dominated building a 100k-leaf
 * tree and loading a 100k-hotspot registry. Accepts exactly the strings bs58 would decode to 32 bytes.
 */
export function decodeKey58(text: string): Buffer {
  const limbs = [0, 0, 0, 0, 0, 0, 0, 0]; // little-endian
  let ones = 0;
  while (ones < text.length && text.charCodeAt(ones) === 49 /* "1" */) ones++;
  for (let i = ones; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? BASE58_DIGIT[c] : -1;
    if (d < 0) throw new RangeError(`invalid base58 character in ${text}`);
    let carry = d;
    for (let k = 0; k < 8; k++) {
      const x = limbs[k] * 58 + carry; // < 2^38, exact in a double
      carry = Math.floor(x / TWO_32);
      limbs[k] = x - carry * TWO_32;
    }
    if (carry !== 0) throw new RangeError(`base58 key ${text} is longer than 32 bytes`);
  }
  const out = Buffer.allocUnsafe(32);
  for (let k = 0; k < 8; k++) out.writeUInt32BE(limbs[k], 28 - 4 * k);
  let zeros = 0;
  while (zeros < 32 && out[zeros] === 0) zeros++;
  if (ones + (32 - zeros) !== 32) throw new RangeError(`hotspot key must be 32 bytes, ${text} is not`);
  return out;
}

