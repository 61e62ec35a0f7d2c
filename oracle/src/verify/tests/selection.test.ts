import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { laterSelectionDigests, laterSelectionScore, lowestPackedDigests } from "../selection";
import { SeededRandom } from "../../epoch/seeded-random";

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
    const packed = laterSelectionDigests(seed, beaconer, entropyId, witnesses);
    assert.equal(packed.length, 32 * witnesses.length);
    witnesses.forEach((wk, k) => {
      const expected = createHash("sha256").update("hexpin-witness-selection-v2").update(seed).update(beaconer).update(id).update(wk).digest();
      assert.deepEqual(packed.subarray(32 * k, 32 * k + 32), expected, `witness ${k}`);
      assert.equal(laterSelectionScore(seed, beaconer, entropyId, wk), expected.toString("hex"));
    });
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
      assert.deepEqual(lowestPackedDigests(digests, 14), n <= 14 ? hex.map((_, i) => i) : expected);
    }
  });
});
