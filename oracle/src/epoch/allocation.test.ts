import assert from "node:assert/strict";
import { allocateEpoch, allocatePool } from "./allocation";
import { SeededRandom } from "./seeded-random";

function randomWeights(rng: SeededRandom, n: number): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (let i = 0; i < n; i++) m.set(`hs${rng.int(0, 1e9)}`, rng.float() < 0.2 ? 0n : BigInt(rng.int(0, 1e9)) * BigInt(rng.int(1, 1000)));
  return m;
}

describe("epoch allocation", () => {
  it("conserves the emission exactly over many random epochs (paid + unallocated == emission)", () => {
    for (let seed = 0; seed < 300; seed++) {
      const rng = new SeededRandom(seed);
      const emission = BigInt(rng.int(0, 1e9)) * BigInt(rng.int(1, 1e9)) + BigInt(rng.int(0, 999));
      const a = allocateEpoch(emission, { pocShareBps: rng.int(0, 10_000) }, randomWeights(rng, rng.int(0, 40)), randomWeights(rng, rng.int(0, 40)));
      const sum = [...a.total.values()].reduce((x, y) => x + y, 0n);
      assert.equal(sum, a.paid, `seed ${seed}`);
      assert.equal(a.paid + a.unallocated, emission, `seed ${seed}`);
      assert.equal(a.pocPool + a.coveragePool, emission);
    }
  });

  it("gives each hotspot its floored proportional share plus at most one base unit", () => {
    for (let seed = 0; seed < 100; seed++) {
      const rng = new SeededRandom(1000 + seed);
      const weights = randomWeights(rng, rng.int(1, 30));
      const pool = BigInt(rng.int(0, 1e7));
      const total = [...weights.values()].reduce((x, y) => x + y, 0n);
      const { amounts } = allocatePool(pool, weights);
      for (const [k, w] of weights) {
        const got = amounts.get(k) ?? 0n;
        const floor = total === 0n ? 0n : (pool * w) / total;
        assert.ok(got === floor || got === floor + 1n, `seed ${seed} ${k}`);
      }
    }
  });

  it("hands the leftover to the largest remainders, breaking ties by key", () => {
    // 10 units over three equal weights: 3 each, remainder 1 goes to the smallest key
    const { amounts, unallocated } = allocatePool(10n, new Map([["c", 1n], ["a", 1n], ["b", 1n]]));
    assert.deepEqual([...amounts.entries()].sort(), [["a", 4n], ["b", 3n], ["c", 3n]]);
    assert.equal(unallocated, 0n);
    // 10 units over weights 1:2:4 (exact 1.43, 2.86, 5.71): floors 1, 2, 5; remainders favour b then c
    const uneven = allocatePool(10n, new Map([["a", 1n], ["b", 2n], ["c", 4n]]));
    assert.deepEqual([...uneven.amounts.entries()].sort(), [["a", 1n], ["b", 3n], ["c", 6n]]);
  });

  it("leaves a pool with no weight unallocated instead of paying anyone", () => {
    const a = allocateEpoch(1_001n, { pocShareBps: 2_500 }, new Map(), new Map([["x", 5n], ["y", 0n]]));
    assert.equal(a.pocPool, 250n);
    assert.equal(a.unallocated, 250n);
    assert.equal(a.total.get("x"), 751n);
    assert.equal(a.total.has("y"), false);
  });

  it("does not depend on the order weights are supplied in", () => {
    const rng = new SeededRandom(7);
    const w = randomWeights(rng, 50);
    const shuffled = new Map(rng.shuffle([...w.entries()]));
    const a = allocatePool(123_456_789n, w);
    const b = allocatePool(123_456_789n, shuffled);
    assert.deepEqual([...a.amounts.entries()].sort(), [...b.amounts.entries()].sort());
  });

  it("rejects negative weights and out-of-range splits", () => {
    assert.throws(() => allocatePool(5n, new Map([["a", -1n]])), /negative/);
    assert.throws(() => allocateEpoch(5n, { pocShareBps: 10_001 }, new Map(), new Map()), /pocShareBps/);
  });
});
