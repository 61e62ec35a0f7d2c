import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { laterSelectionDigests, laterSelectionScore, lowestPackedDigests, sha256Suffixed } from "../selection";
import { SeededRandom } from "../../epoch/seeded-random";
import { loadNative } from "../../ingest/native";

describe("witness selection digests", () => {
  it("hashes domain ‖ seed ‖ beaconer ‖ u64le entropy id ‖ witness for every witness, in order", () => {
    const rng = new SeededRandom(11);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => rng.int(0, 255));
    const seed = bytes(32);
    const beaconer = bytes(32);
    const witnesses = Array.from({ length: 40 }, () => bytes(32));
    const entropyId = 2 ** 33 + 7; // both halves of the u64 in use
    const id = Buffer.alloc(8);
    id.writeBigUInt64LE(BigInt(entropyId));
    const table = Buffer.concat(witnesses);
    const rows = Uint32Array.from({ length: 60 }, () => rng.int(0, witnesses.length - 1)); // any order, repeats allowed
    const expected = Buffer.concat(
      [...rows].map((i) => createHash("sha256").update("hexpin-witness-selection-v2").update(seed).update(beaconer).update(id).update(witnesses[i]).digest()),
    );
    const out = Buffer.alloc(32 * rows.length);
    laterSelectionDigests(seed, beaconer, entropyId, table, rows, out);
    assert.deepEqual(out, expected);
    // the native addon's batch and the JavaScript path give the same bytes
    const native = loadNative();
    if (!native) throw new Error("native addon missing: npm run setup builds it");
    const prefix = Buffer.concat([Buffer.from("hexpin-witness-selection-v2"), seed, beaconer, id]);
    for (const fn of [native.sha256Suffixed, sha256Suffixed]) {
      const o = Buffer.alloc(32 * rows.length + 5); // a larger output keeps its tail
      fn(prefix, table, rows, 32, o);
      assert.deepEqual(o.subarray(0, 32 * rows.length), expected);
      assert.deepEqual(o.subarray(32 * rows.length), Buffer.alloc(5));
    }
    assert.equal(laterSelectionScore(seed, beaconer, entropyId, witnesses[3]), createHash("sha256").update(prefix).update(witnesses[3]).digest("hex"));
  });

  it("refuses rows outside the key table instead of reading past it, natively and in JavaScript", () => {
    const native = loadNative()!;
    for (const fn of [native.sha256Suffixed, sha256Suffixed]) {
      assert.throws(() => fn(Buffer.alloc(3), Buffer.alloc(64), Uint32Array.of(0, 2), 32, Buffer.alloc(64)), /row 2 outside a table of 2/);
      assert.throws(() => fn(Buffer.alloc(3), Buffer.alloc(65), Uint32Array.of(0), 32, Buffer.alloc(32)), /multiple of width/);
      assert.throws(() => fn(Buffer.alloc(3), Buffer.alloc(64), Uint32Array.of(0, 1), 32, Buffer.alloc(63)), /cannot hold 2 digests/);
    }
  });

  it("picks the lowest digests bytewise, ties by position, the same as sorting the hex strings", () => {
    const rng = new SeededRandom(12);
    for (let round = 0; round < 50; round++) {
      const n = rng.int(1, 60);
      const digests = Buffer.alloc(32 * n);
      for (let i = 0; i < n; i++) {
        // a few share their first 6 (or all 32) bytes, so the tie-breaks run
        const d = rng.float() < 0.2 && i > 0 ? Buffer.from(digests.subarray(32 * (i - 1), 32 * i)) : Buffer.from(Array.from({ length: 32 }, () => rng.int(0, 255)));
        if (rng.float() < 0.3) d[31] = rng.int(0, 255);
        d.copy(digests, 32 * i);
      }
      const hex = Array.from({ length: n }, (_, i) => digests.subarray(32 * i, 32 * i + 32).toString("hex"));
      const expected = hex.map((_, i) => i).sort((i, j) => (hex[i] < hex[j] ? -1 : hex[i] > hex[j] ? 1 : i - j)).slice(0, 14);
      assert.deepEqual(lowestPackedDigests(digests, n, 14), n <= 14 ? hex.map((_, i) => i) : expected);
    }
  });
});
