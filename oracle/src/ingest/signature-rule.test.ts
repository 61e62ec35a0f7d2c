import assert from "node:assert/strict";
import { createHash, verify as edVerify } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519";
import { encodeReport, keypairFromSeed, publicKeyObject, signingMessage, signReport, UnsignedWitnessReport, REPORT_SIGNING_DOMAIN } from "@hexpin/sdk";
import { reportSignatureValid, zip215Verify } from "./signature-rule";
import { loadNative, NativeReportVerifier } from "./native";
import { ReportBatch, SignatureVerifierPool } from "./signature-pool";
import { ReportAdmitter } from "./admit";

// Signatures an adversary who holds its own key can craft so that RFC 8032's
// cofactorless check (node:crypto) and the cofactored one disagree. Every path the
// epoch function may take must give the same verdict on each of them.
const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const P = 2n ** 255n - 19n;
const le = (b: Uint8Array) => b.reduceRight((x, v) => (x << 8n) | BigInt(v), 0n);
const bytes32 = (x: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
const scalar = (label: string) => le(createHash("sha512").update(label).digest()) % L;
const hashK = (r: Uint8Array, a: Uint8Array, m: Uint8Array) => le(createHash("sha512").update(r).update(a).update(m).digest()) % L;
// an order-8 point (libsodium's small-order list); the test below checks its order.
const T8 = Point.fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

function witness(key: Uint8Array, i: number): UnsignedWitnessReport {
  return { kind: "witness", witnessKey: key, beaconerKey: new Uint8Array(32).fill(7), payload: new Uint8Array(32).fill(i), frequencyHz: 903_900_000, rssiDbm10: -900 - i, snrDb10: 40, timestampMs: 1000 + i };
}

/** A report by key bytes `keyBytes`, signed as (R bytes, s) chosen by `sign(k, message)`. */
function craft(keyBytes: Uint8Array, i: number, sign: (message: Uint8Array) => { r: Uint8Array; s: bigint }): Uint8Array {
  const bytes = encodeReport(witness(keyBytes, i));
  const message = signingMessage(bytes.subarray(0, bytes.length - 64));
  const { r, s } = sign(message);
  bytes.set(r, bytes.length - 64);
  bytes.set(bytes32(s), bytes.length - 32);
  return bytes;
}

const a = scalar("adversary key");
const A = Point.BASE.multiply(a);
const Abytes = A.toBytes();

const cases: { name: string; bytes: Uint8Array; zip215: boolean; openssl: boolean }[] = [];
// 1. an honest signature
{
  const kp = keypairFromSeed(new Uint8Array(32).fill(3));
  cases.push({ name: "honest signature", bytes: signReport(witness(kp.publicKey, 1), kp).bytes, zip215: true, openssl: true });
}
// 2. R = the identity, encoded non-canonically (y = 1 + p), s = k·a: sB − kA − R = 0 exactly,
//    but OpenSSL compares R's bytes with the canonical encoding and refuses.
{
  const R = bytes32(P + 1n);
  cases.push({ name: "non-canonical identity R", bytes: craft(Abytes, 2, (m) => ({ r: R, s: (hashK(R, Abytes, m) * a) % L })), zip215: true, openssl: false });
}
// 3. a key with an order-8 component: sB − kA' − R = −k·T8, zero only after ×8.
{
  const Ax = A.add(T8).toBytes();
  let i = 3;
  let bytes: Uint8Array;
  for (;; i++) {
    const r = scalar(`nonce ${i}`);
    const Rb = Point.BASE.multiply(r).toBytes();
    let k = 0n;
    bytes = craft(Ax, i, (m) => {
      k = hashK(Rb, Ax, m);
      return { r: Rb, s: (r + k * a) % L };
    });
    if (k % 8n !== 0n) break; // else the torsion term vanishes and both rules accept
  }
  cases.push({ name: "mixed-torsion key", bytes, zip215: true, openssl: false });
}
// 4. s not reduced (s + L): refused by both rules
{
  const kp = keypairFromSeed(new Uint8Array(32).fill(4));
  const bytes = signReport(witness(kp.publicKey, 4), kp).bytes;
  bytes.set(bytes32(le(bytes.subarray(146)) + L), 146);
  cases.push({ name: "s ≥ L", bytes, zip215: false, openssl: false });
}
// 5. one flipped byte
{
  const kp = keypairFromSeed(new Uint8Array(32).fill(5));
  const bytes = signReport(witness(kp.publicKey, 5), kp).bytes;
  bytes[40] ^= 1;
  cases.push({ name: "flipped byte", bytes, zip215: false, openssl: false });
}
// 6. R not on the curve
{
  const bytes = craft(Abytes, 6, () => ({ r: bytes32(2n), s: 1n }));
  cases.push({ name: "R off the curve", bytes, zip215: false, openssl: false });
}

function opensslVerdict(bytes: Uint8Array): boolean {
  try {
    return edVerify(null, signingMessage(bytes.subarray(0, bytes.length - 64)), publicKeyObject(bytes.subarray(2, 34)), bytes.subarray(bytes.length - 64));
  } catch {
    return false;
  }
}

function asBatch(list: Uint8Array[]): ReportBatch {
  const total = list.reduce((n, b) => n + b.length, 0);
  const data = new Uint8Array(new ArrayBuffer(total));
  const offsets = new Uint32Array(list.length);
  const lengths = new Uint32Array(list.length);
  let o = 0;
  list.forEach((b, i) => {
    data.set(b, o);
    offsets[i] = o;
    lengths[i] = b.length;
    o += b.length;
  });
  return { data, offsets, lengths };
}

describe("report signature rule (ZIP-215, one verdict on every path)", () => {
  it("the torsion point used is of order 8", () => {
    assert.ok(T8.multiply(8n).is0() && !T8.multiply(4n).is0());
  });

  for (const c of cases) {
    it(`${c.name}: ${c.zip215 ? "valid" : "invalid"} under ZIP-215 (node:crypto alone says ${c.openssl ? "valid" : "invalid"})`, () => {
      assert.equal(opensslVerdict(c.bytes), c.openssl, "node:crypto's own verdict");
      assert.equal(reportSignatureValid(c.bytes), c.zip215, "reportSignatureValid");
      assert.equal(zip215Verify(c.bytes.subarray(2, 34), c.bytes.subarray(c.bytes.length - 64), signingMessage(c.bytes.subarray(0, c.bytes.length - 64))), c.zip215, "zip215Verify");
      const admitted = new ReportAdmitter().admit(c.bytes, 1);
      assert.equal(admitted.ok, c.zip215, "ReportAdmitter");
    });
  }

  it("the native addon agrees one by one and in batches, whatever the grouping", function () {
    const native = loadNative();
    if (!native) throw new Error("native addon missing: npm run setup builds it");
    // honest reports around each crafted one, so every batch size mixes them
    const kp = keypairFromSeed(new Uint8Array(32).fill(9));
    const list: Uint8Array[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 40; i++) {
      const c = cases[i % cases.length];
      list.push(c.bytes, signReport(witness(kp.publicKey, 100 + i), kp).bytes);
      expected.push(c.zip215 ? 1 : 0, 1);
    }
    const b = asBatch(list);
    for (const size of [1, 2, 3, 7, 64, 1024]) {
      const v: NativeReportVerifier = new native.ReportVerifier(REPORT_SIGNING_DOMAIN);
      assert.deepEqual([...v.verify(b.data, b.offsets, b.lengths, size)], expected, `batch size ${size}`);
    }
  });

  it("the worker pool gives the same verdicts on both backends and hands the batch back intact", async () => {
    const list = cases.map((c) => c.bytes);
    const expected = cases.map((c) => (c.zip215 ? 1 : 0));
    for (const backend of ["native", "node"] as const) {
      const pool = new SignatureVerifierPool({ backend, threads: 2, batchSize: 4 });
      try {
        const b = asBatch(list);
        const copy = new Uint8Array(b.data);
        const { verdicts, batch } = await pool.verify(b);
        assert.deepEqual([...verdicts], expected, backend);
        assert.deepEqual(new Uint8Array(batch.data), copy);
      } finally {
        await pool.close();
      }
    }
  });

  it("a pool refuses a batch that does not own its buffer, with a clear error", async () => {
    const pool = new SignatureVerifierPool({ backend: "node", threads: 1 });
    try {
      const shared = new Uint8Array(400);
      await assert.rejects(pool.verify({ data: shared.subarray(10, 188), offsets: new Uint32Array([0]), lengths: new Uint32Array([178]) }), /own its whole ArrayBuffer/);
    } finally {
      await pool.close();
    }
  });

  it("the native addon refuses spans outside its buffer instead of reading past it", () => {
    const native = loadNative()!;
    const v = new native.ReportVerifier(REPORT_SIGNING_DOMAIN);
    assert.throws(() => v.verify(new Uint8Array(100), new Uint32Array([50]), new Uint32Array([178]), 64), /outside the 100-byte buffer/);
    assert.throws(() => v.verify(new Uint8Array(100), new Uint32Array([0, 1]), new Uint32Array([1]), 64), /2 offsets but 1 lengths/);
  });
});
