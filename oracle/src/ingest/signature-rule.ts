// The one signature rule of the epoch function: ZIP-215 ed25519 over
// `REPORT_SIGNING_DOMAIN ‖ body`, by the key the report names (bytes 2..34).
//
// ZIP-215 (cofactored equation [8]sB = [8]R + [8]kA, s < L, any on-curve encoding of A
// and R accepted, k hashed over the bytes as given) is the rule under which single and
// batch verification agree on every input. RFC 8032's cofactorless check, which
// node:crypto (OpenSSL) applies, would let a key holder craft signatures (a small-order
// R, a key with a torsion component) that batch verification accepts or refuses by
// chance — and then two honest verifiers would compute different roots. Every path
// therefore decides by ZIP-215:
//   - the native addon (oracle/native), single and batch;
//   - here: node:crypto first (whatever OpenSSL accepts, ZIP-215 accepts too: its
//     check is the stricter one), and for what it refuses the exact ZIP-215 equation on
//     @noble/curves points (only adversarial or corrupt reports ever take that path).

import { createHash, verify as edVerify } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519";
// deep imports: workers load this file, and the SDK index pulls in web3.js and Anchor
import { REPORT_SIGNING_DOMAIN, signingMessage, SIGNATURE_LEN } from "@hexpin/sdk/src/reports/encoding";
import { PublicKeyCache } from "@hexpin/sdk/src/reports/keys";

const KEY_OFFSET = 2;
const KEY_LEN = 32;
const MIN_SIGNED_LEN = KEY_OFFSET + KEY_LEN + SIGNATURE_LEN;
const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const P = 2n ** 255n - 19n;

function le(bytes: Uint8Array): bigint {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
  return x;
}

/** Decodes as curve25519-dalek does: any y (taken mod p) whose x exists; null if none. */
function decodePoint(enc: Uint8Array): InstanceType<typeof Point> | null {
  const sign = enc[31] & 0x80;
  let y = le(enc) & ((1n << 255n) - 1n);
  if (y >= P) y -= P;
  const canonical = new Uint8Array(32);
  for (let i = 0, v = y; i < 32; i++, v >>= 8n) canonical[i] = Number(v & 0xffn);
  canonical[31] |= sign;
  try {
    return Point.fromBytes(canonical, true);
  } catch {
    return null;
  }
}

/** The ZIP-215 equation on a (key, signature, message) triple; never throws. */
export function zip215Verify(key: Uint8Array, signature: Uint8Array, message: Uint8Array): boolean {
  if (key.length !== 32 || signature.length !== 64) return false;
  const s = le(signature.subarray(32));
  if (s >= L) return false;
  const A = decodePoint(key);
  const R = decodePoint(signature.subarray(0, 32));
  if (!A || !R) return false;
  const k = le(createHash("sha512").update(signature.subarray(0, 32)).update(key).update(message).digest()) % L;
  const sB = s === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(s);
  const kA = k === 0n ? Point.ZERO : A.multiplyUnsafe(k);
  return sB.subtract(kA).subtract(R).clearCofactor().is0();
}

/**
 * Whether an encoded report carries a valid signature by the key it names (ZIP-215).
 * Reports too short to hold a key and a signature are not validly signed.
 */
export function reportSignatureValid(bytes: Uint8Array, keys: PublicKeyCache = new PublicKeyCache()): boolean {
  if (bytes.length < MIN_SIGNED_LEN) return false;
  const key = bytes.subarray(KEY_OFFSET, KEY_OFFSET + KEY_LEN);
  const sig = bytes.subarray(bytes.length - SIGNATURE_LEN);
  const message = signingMessage(bytes.subarray(0, bytes.length - SIGNATURE_LEN));
  try {
    if (edVerify(null, message, keys.get(key), sig)) return true;
  } catch {
    // a key OpenSSL cannot load may still be a ZIP-215 point: decided below
  }
  return zip215Verify(key, sig, message);
}

export { REPORT_SIGNING_DOMAIN };
