import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import vectors from "../../tests/fixtures/merkle-vectors.json";
import { hashLeaf, hashNode, keyBytes, leafPreimage, MerkleTree, parseRewardId, rewardId, U64_MAX, verifyClaim, verifyMerkleProof } from "./merkle";
import { decodeKey58 } from "./reports/keys";

// A deliberately naive second implementation of the documented scheme
// (recursive, createHash, hex strings) to cross-check the fast tree.
function referenceRoot(leaves: { keyHex: string; serial: string; amount: string }[]): string {
  const sortKey = (l: { keyHex: string; serial: string }) => l.keyHex + BigInt(l.serial).toString(16).padStart(16, "0");
  let level = [...leaves]
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
    .map((l) => {
      const nums = Buffer.alloc(16);
      nums.writeBigUInt64LE(BigInt(l.serial), 0);
      nums.writeBigUInt64LE(BigInt(l.amount), 8);
      return createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(l.keyHex, "hex"), nums])).digest("hex");
    });
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) next.push(level[i]);
      else {
        const [lo, hi] = [level[i], level[i + 1]].sort();
        next.push(createHash("sha256").update(Buffer.from("01" + lo + hi, "hex")).digest("hex"));
      }
    }
    level = next;
  }
  return level[0];
}

function keyN(i: number): Buffer {
  return createHash("sha256").update(`test key ${i}`).digest();
}

describe("sdk merkle", () => {
  describe("shared test vectors (tests/fixtures/merkle-vectors.json)", () => {
    for (const tree of vectors.trees) {
      it(`recomputes the ${tree.name} tree: leaf hashes, root and every proof`, () => {
        // feed the leaves reversed: the builder must restore key order itself
        const built = MerkleTree.build([...tree.leaves].reverse().map((l) => ({ key: l.keyBase58, serial: BigInt(l.serial), amount: BigInt(l.amount) })));
        assert.equal(built.root.toString("hex"), tree.root);
        assert.equal(referenceRoot(tree.leaves), tree.root);
        tree.leaves.forEach((l, i) => {
          assert.equal(keyBytes(l.keyBase58).toString("hex"), l.keyHex);
          assert.equal(built.leaf(i).toString("hex"), l.leafHash);
          assert.deepEqual(built.proof(i).map((p) => p.toString("hex")), l.proof);
          assert.ok(verifyClaim(l.keyBase58, BigInt(l.serial), BigInt(l.amount), l.proof.map((p) => Buffer.from(p, "hex")), Buffer.from(tree.root, "hex")));
        });
      });
    }

    it("covers single-leaf, odd and power-of-two trees and the u64 extremes", () => {
      const sizes = vectors.trees.map((t) => t.leaves.length);
      for (const s of [1, 2, 3, 7, 64]) assert.ok(sizes.includes(s), `missing ${s}-leaf tree`);
      const amounts = vectors.trees.flatMap((t) => t.leaves.map((l) => l.amount));
      assert.ok(amounts.includes("0") && amounts.includes(U64_MAX.toString()));
      const lives = vectors.trees.flatMap((t) => t.leaves.map((l) => l.keyHex));
      assert.ok(lives.length > new Set(lives).size, "some tree holds two lives of one hardware key");
    });
  });

  it("decodes base58 keys exactly as bs58 does, including leading zero bytes, and refuses other lengths", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bs58: { encode(b: Uint8Array): string } = require("bs58");
    const samples = [Buffer.alloc(32), Buffer.alloc(32, 0xff), ...Array.from({ length: 200 }, (_, i) => keyN(i))];
    samples.push(Buffer.concat([Buffer.alloc(3), keyN(7).subarray(3)]));
    for (const raw of samples) assert.deepEqual(decodeKey58(bs58.encode(raw)), raw);
    assert.throws(() => decodeKey58(bs58.encode(keyN(1).subarray(0, 31))), /32 bytes/);
    assert.throws(() => decodeKey58(bs58.encode(Buffer.concat([keyN(1), Buffer.from([1])]))), /longer than 32 bytes|32 bytes/);
    assert.throws(() => decodeKey58("0OIl" + bs58.encode(keyN(1)).slice(4)), /invalid base58/);
  });

  it("encodes a leaf as 0x00 ‖ key ‖ serial u64 LE ‖ amount u64 LE", () => {
    const key = keyN(1);
    const pre = leafPreimage(key, 0x1112131415161718n, 0x0102030405060708n);
    assert.equal(pre.length, 49);
    assert.equal(pre[0], 0);
    assert.deepEqual(pre.subarray(1, 33), key);
    assert.deepEqual([...pre.subarray(33, 41)], [0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11]);
    assert.deepEqual([...pre.subarray(41)], [8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("names a hotspot life by '<key>:<serial>' and parses it back", () => {
    const id = rewardId("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", 42n);
    assert.equal(id, "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin:42");
    assert.deepEqual(parseRewardId(id), { key: "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", serial: 42n });
    assert.throws(() => parseRewardId("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"), /not a reward id/);
    assert.throws(() => parseRewardId("abc:-1"), /not a reward id/);
  });

  it("hashes node pairs order-independently with the 0x01 prefix", () => {
    const a = hashLeaf(keyN(1), 1n, 5n);
    const b = hashLeaf(keyN(2), 2n, 6n);
    assert.deepEqual(hashNode(a, b), hashNode(b, a));
    const [lo, hi] = Buffer.compare(a, b) < 0 ? [a, b] : [b, a];
    assert.deepEqual(hashNode(a, b), createHash("sha256").update(Buffer.concat([Buffer.from([1]), lo, hi])).digest());
  });

  it("gives every leaf of trees of many sizes a proof that verifies", () => {
    for (const n of [1, 2, 3, 5, 6, 9, 16, 17, 31, 33, 100, 257]) {
      const leaves = Array.from({ length: n }, (_, i) => ({ key: keyN(i), serial: BigInt(i + 1), amount: BigInt(i * 1_000 + 7) }));
      const tree = MerkleTree.build(leaves);
      for (const leaf of leaves) {
        const proof = tree.proofFor(leaf.key, leaf.serial);
        assert.ok(verifyClaim(leaf.key, leaf.serial, leaf.amount, proof, tree.root), `n=${n}`);
        assert.ok(proof.length <= Math.ceil(Math.log2(n)));
      }
    }
  });

  describe("rejects tampered claims", () => {
    const leaves = Array.from({ length: 11 }, (_, i) => ({ key: keyN(i), serial: BigInt(i + 1), amount: BigInt(100 + i) }));
    // an earlier life of leaves[4]'s hardware key, already paid 60
    leaves.push({ key: keyN(4), serial: 1000n, amount: 60n });
    const tree = MerkleTree.build(leaves);
    const target = leaves[4];
    const proof = tree.proofFor(target.key, target.serial);

    it("with an inflated amount", () => {
      assert.equal(verifyClaim(target.key, target.serial, target.amount + 1n, proof, tree.root), false);
    });
    it("with another hotspot's key", () => {
      assert.equal(verifyClaim(leaves[5].key, target.serial, target.amount, proof, tree.root), false);
    });
    it("with another life's serial of the same hardware key", () => {
      assert.equal(verifyClaim(target.key, 1000n, target.amount, proof, tree.root), false);
      assert.equal(verifyClaim(target.key, 1000n, 60n, proof, tree.root), false);
      assert.ok(verifyClaim(target.key, 1000n, 60n, tree.proofFor(target.key, 1000n), tree.root));
    });
    it("with a flipped bit in a proof element", () => {
      const bad = proof.map((p) => Buffer.from(p));
      bad[1][7] ^= 0x10;
      assert.equal(verifyClaim(target.key, target.serial, target.amount, bad, tree.root), false);
    });
    it("with a proof element dropped, reordered or of the wrong length", () => {
      assert.equal(verifyClaim(target.key, target.serial, target.amount, proof.slice(1), tree.root), false);
      assert.equal(verifyClaim(target.key, target.serial, target.amount, [...proof].reverse(), tree.root), false);
      assert.equal(verifyClaim(target.key, target.serial, target.amount, [...proof.slice(0, -1), proof[proof.length - 1].subarray(0, 31)], tree.root), false);
    });
    it("with an inner node presented as a leaf (second preimage)", () => {
      // the level-1 node over leaves 0 and 1 is a valid tree member, but its
      // hash is not a leaf hash, so proving it from level 1 must not pass as a claim
      const inner = hashNode(tree.leaf(0), tree.leaf(1));
      assert.ok(verifyMerkleProof(inner, tree.proof(0).slice(1), tree.root));
      assert.equal(verifyClaim(tree.keys[0], tree.serials[0], tree.amounts[0], tree.proof(0).slice(1), tree.root), false);
    });
  });

  it("builds the same root whatever order the leaves are given in", () => {
    const leaves = Array.from({ length: 50 }, (_, i) => ({ key: keyN(i % 40), serial: BigInt(i), amount: BigInt(i) }));
    const roots = new Set([leaves, [...leaves].reverse(), [...leaves].sort((a, b) => Number(a.amount % 7n) - Number(b.amount % 7n))].map((l) => MerkleTree.build(l).root.toString("hex")));
    assert.equal(roots.size, 1);
  });

  it("refuses empty trees, duplicate lives, short keys and serials or amounts outside u64", () => {
    assert.throws(() => MerkleTree.build([]), /at least one leaf/);
    assert.throws(() => MerkleTree.build([{ key: keyN(1), serial: 3n, amount: 1n }, { key: keyN(1), serial: 3n, amount: 2n }]), /duplicate/);
    assert.doesNotThrow(() => MerkleTree.build([{ key: keyN(1), serial: 3n, amount: 1n }, { key: keyN(1), serial: 4n, amount: 2n }]));
    assert.throws(() => MerkleTree.build([{ key: keyN(1).subarray(0, 31), serial: 1n, amount: 1n }]), /32 bytes/);
    assert.throws(() => MerkleTree.build([{ key: keyN(1), serial: 1n, amount: -1n }]), /u64/);
    assert.throws(() => MerkleTree.build([{ key: keyN(1), serial: 1n, amount: U64_MAX + 1n }]), /u64/);
    assert.throws(() => MerkleTree.build([{ key: keyN(1), serial: -1n, amount: 1n }]), /u64/);
  });
});
