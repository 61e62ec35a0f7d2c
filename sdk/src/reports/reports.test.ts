import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519";
import vectors from "./vectors.json";
import { generateReportVectors } from "./testVectors";
import {
  decodeReport, encodeReport, reportBody, signingMessage, BEACON_REPORT_LEN, WITNESS_REPORT_LEN,
  ReportDecodeError, ReportDecodeErrorCode, keypairFromSeed, signReport, verifyReportSignature,
  deriveBeacon, US915, BeaconReport, EU868, PublicKeyCache, keyToBase58, keyFromBase58, isEntropyFresh,
} from "./index";

const seed = (label: string) => new Uint8Array(createHash("sha256").update(label).digest());
const alice = keypairFromSeed(seed("alice"));
const bob = keypairFromSeed(seed("bob"));
const entropy = seed("entropy");
const local = seed("local").subarray(0, 16);

function aliceBeacon() {
  const d = deriveBeacon(entropy, alice.publicKey, local, US915);
  return signReport({ kind: "beacon", hotspotKey: alice.publicKey, entropyId: 7, entropyValue: entropy, localEntropy: local, payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10: 270, timestampMs: 1_700_000_000_000 }, alice);
}
function bobWitness() {
  const d = deriveBeacon(entropy, alice.publicKey, local, US915);
  return signReport({ kind: "witness", witnessKey: bob.publicKey, beaconerKey: alice.publicKey, payload: d.payload, frequencyHz: d.frequencyHz, rssiDbm10: -1105, snrDb10: 42, timestampMs: 1_700_000_000_500 }, bob);
}

describe("report protocol", () => {
  describe("test vectors", () => {
    it("re-derives every committed vector byte for byte", () => {
      assert.deepEqual(generateReportVectors(), vectors);
    });
    it("committed signatures verify under an independent ed25519 implementation (@noble/curves)", () => {
      for (const v of vectors.valid) {
        const bytes = Buffer.from(v.bytesHex, "hex");
        const msg = signingMessage(reportBody(bytes));
        assert.ok(ed25519.verify(Buffer.from(v.signatureHex, "hex"), msg, Buffer.from(v.publicKeyHex, "hex")), v.name);
        assert.equal(Buffer.from(ed25519.getPublicKey(Buffer.from(v.seedHex, "hex"))).toString("hex"), v.publicKeyHex);
      }
    });
    it("rejects every committed malformed input with its stated code", () => {
      for (const v of vectors.invalid) {
        assert.throws(() => decodeReport(Buffer.from(v.bytesHex, "hex")), (e: unknown) => e instanceof ReportDecodeError && e.code === v.errorCode, v.name);
      }
    });
  });

  describe("encoding", () => {
    it("puts version and type first and has fixed lengths", () => {
      const b = aliceBeacon().bytes;
      const w = bobWitness().bytes;
      assert.deepEqual([b[0], b[1], b.length], [1, 1, BEACON_REPORT_LEN]);
      assert.deepEqual([w[0], w[1], w.length], [1, 2, WITNESS_REPORT_LEN]);
    });
    it("round-trips beacons and witnesses exactly, including negative and large values", () => {
      for (const s of [aliceBeacon(), bobWitness()]) {
        const d = decodeReport(s.bytes);
        assert.deepEqual(Buffer.from(encodeReport(d)), Buffer.from(s.bytes));
      }
      const w = decodeReport(bobWitness().bytes);
      assert.equal(w.kind, "witness");
      if (w.kind === "witness") assert.deepEqual([w.rssiDbm10, w.snrDb10, w.timestampMs], [-1105, 42, 1_700_000_000_500]);
      const big = { ...(decodeReport(aliceBeacon().bytes) as BeaconReport), entropyId: Number.MAX_SAFE_INTEGER, timestampMs: 2 ** 40 + 3 };
      assert.deepEqual(decodeReport(encodeReport(big)), { ...big, signature: big.signature });
    });
    it("refuses to encode out-of-range fields", () => {
      const d = decodeReport(aliceBeacon().bytes) as BeaconReport;
      assert.throws(() => encodeReport({ ...d, txPowerDbm10: 40_000 }), RangeError);
      assert.throws(() => encodeReport({ ...d, frequencyHz: -1 }), RangeError);
      assert.throws(() => encodeReport({ ...d, payload: new Uint8Array(31) }), RangeError);
      assert.throws(() => encodeReport({ ...d, timestampMs: 1.5 }), RangeError);
    });
    it("decodes arbitrary garbage only into a report or a ReportDecodeError", () => {
      let x = 0x1234567;
      const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
      for (let i = 0; i < 3000; i++) {
        const len = [0, 1, 2, 177, 178, 179, 199, 200, 201][i % 9];
        const buf = new Uint8Array(len).map(rnd);
        if (len > 0) buf[0] = i % 3 === 0 ? rnd() : 1;
        if (len > 1) buf[1] = i % 5 === 0 ? rnd() : 1 + (i % 2);
        try {
          const r = decodeReport(buf);
          assert.ok(r.kind === "beacon" || r.kind === "witness");
        } catch (e) {
          assert.ok(e instanceof ReportDecodeError, String(e));
          assert.ok(Object.values(ReportDecodeErrorCode).includes(e.code));
        }
      }
    });
  });

  describe("signatures", () => {
    it("verify for the signer and fail for any flipped byte", () => {
      const s = aliceBeacon();
      assert.ok(verifyReportSignature(s.bytes));
      for (const i of [0, 2, 40, 100, 127, 150, 199]) {
        const t = new Uint8Array(s.bytes);
        t[i] ^= 0x01;
        assert.equal(verifyReportSignature(t), false, `byte ${i}`);
      }
    });
    it("fail against another hotspot's key", () => {
      const cache = new PublicKeyCache();
      assert.equal(verifyReportSignature(bobWitness().bytes, cache.get(alice.publicKey)), false);
      assert.ok(verifyReportSignature(bobWitness().bytes, cache.get(bob.publicKey)));
      assert.equal(cache.size, 2);
    });
    it("are domain separated: a signature over the bare body does not verify", async () => {
      const { sign } = await import("node:crypto");
      const s = aliceBeacon();
      const forged = new Uint8Array(s.bytes);
      forged.set(sign(null, reportBody(s.bytes), alice.privateKey), forged.length - 64);
      assert.equal(verifyReportSignature(forged), false);
    });
    it("refuses to sign with a key the report does not name", () => {
      const d = decodeReport(aliceBeacon().bytes);
      assert.throws(() => signReport(d, bob), /does not match/);
    });
  });

  describe("beacon derivation", () => {
    it("depends on entropy, hotspot key and local entropy, and lands on the plan", () => {
      const base = deriveBeacon(entropy, alice.publicKey, local, US915);
      assert.notDeepEqual(deriveBeacon(seed("other"), alice.publicKey, local, US915).payload, base.payload);
      assert.notDeepEqual(deriveBeacon(entropy, bob.publicKey, local, US915).payload, base.payload);
      assert.notDeepEqual(deriveBeacon(entropy, alice.publicKey, new Uint8Array(16), US915).payload, base.payload);
      assert.ok(US915.channelsHz.includes(base.frequencyHz));
      assert.ok(EU868.channelsHz.includes(deriveBeacon(entropy, alice.publicKey, local, EU868).frequencyHz));
    });
    it("spreads beacons over every channel of the plan", () => {
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) seen.add(deriveBeacon(seed(`e${i}`), alice.publicKey, local, US915).channelIndex);
      assert.equal(seen.size, US915.channelsHz.length);
    });
    it("entropy is fresh only inside [published, published + lifespan]", () => {
      const rec = { id: 1, value: entropy, publishedAtMs: 1000 };
      assert.deepEqual([999, 1000, 1180, 1181].map((t) => isEntropyFresh(rec, t, 180)), [false, true, true, false]);
    });
  });

  it("base58 keys round-trip", () => {
    assert.equal(keyToBase58(alice.publicKey), alice.address);
    assert.deepEqual(keyFromBase58(alice.address), alice.publicKey);
  });
});
