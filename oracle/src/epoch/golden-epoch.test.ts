import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRewardId, verifyClaim } from "@hexpin/sdk";
import { decodeBundle } from "./bundle";
import { computeEpoch } from "./compute-epoch";

// Fixture blessed by tests/fixtures/golden-epoch.gen.ts; regenerate only for an intended reward change.
const FIXTURES = join(__dirname, "../../../tests/fixtures");

describe("golden epoch fixture", () => {
  const bundle = readFileSync(join(FIXTURES, "golden-epoch.bundle"));
  const expected = JSON.parse(readFileSync(join(FIXTURES, "golden-epoch.expected.json"), "utf8"));
  const result = computeEpoch(decodeBundle(bundle));

  it("recomputes the blessed input digest, Merkle root and next PoC state digest from the bundle", () => {
    assert.equal(result.inputDigest, expected.inputDigest);
    assert.equal(result.merkleRoot, expected.merkleRoot);
    assert.equal(result.nextStateDigest, expected.nextStateDigest);
  });

  it("reproduces every cumulative amount, the pools and the rejection counts", () => {
    assert.deepEqual(Object.fromEntries([...result.cumulative].map(([k, v]) => [k, v.toString()])), expected.cumulative);
    assert.equal(result.paid.toString(), expected.paid);
    assert.equal(result.unallocated.toString(), expected.unallocated);
    assert.deepEqual(result.reasonCounts, expected.reasonCounts);
  });

  it("proves each blessed amount against the blessed root", () => {
    const root = Buffer.from(expected.merkleRoot, "hex");
    for (const [id, amount] of Object.entries(expected.cumulative as Record<string, string>)) {
      const { key, serial } = parseRewardId(id);
      assert.ok(verifyClaim(key, serial, BigInt(amount), result.proofs.get(id)!, root), id);
    }
  });
});
