import assert from "node:assert/strict";
import { computeBeaconUnits, DEFAULT_REWARD_UNIT_CONFIG, RewardUnitTable } from "./reward-units";

describe("HIP-15 reward units", () => {
  const table = new RewardUnitTable();

  it("pays nothing for a beacon nobody witnessed", () => {
    assert.deepEqual(table.forWitnessCount(0), { beaconer: 0, perWitness: 0 });
  });

  it("scales the beaconer linearly up to the redundancy target and pays each witness 1", () => {
    assert.deepEqual(table.forWitnessCount(1), { beaconer: 2_500, perWitness: 10_000 });
    assert.deepEqual(table.forWitnessCount(3), { beaconer: 7_500, perWitness: 10_000 });
    assert.deepEqual(table.forWitnessCount(4), { beaconer: 10_000, perWitness: 10_000 });
  });

  it("decays witness units past the target: 5 witnesses get (4 − 0.2) / 5 = 0.76 each, the beaconer 2 − 0.8 = 1.2", () => {
    assert.deepEqual(table.forWitnessCount(5), { beaconer: 12_000, perWitness: 7_600 });
  });

  it("floors the exact rational once: 14 witnesses (0.8^10 = 0.1073741824)", () => {
    // beaconer 2 − 0.1073741824 = 1.8926258176 → 1.8926; witness (4 − 0.8926258176) / 14 = 0.22195529… → 0.2219
    assert.deepEqual(table.forWitnessCount(14), { beaconer: 18_926, perWitness: 2_219 });
  });

  it("keeps the W witnesses' total between N − 1 and N (less flooring) and never lets the beaconer pass the cap", () => {
    for (let w = 5; w <= 60; w++) {
      const u = computeBeaconUnits(w, DEFAULT_REWARD_UNIT_CONFIG);
      assert.ok(u.perWitness * w <= 4 * 10_000, `w=${w}`);
      assert.ok(u.perWitness * w >= 3 * 10_000 - w, `w=${w}`);
      assert.ok(u.beaconer < 20_000 && u.beaconer >= 12_000);
    }
    assert.equal(computeBeaconUnits(8, { ...DEFAULT_REWARD_UNIT_CONFIG, beaconerUnitCap: 15_000 }).beaconer, 15_000);
  });

  it("decreases per-witness units monotonically as witnesses pile up", () => {
    let prev = Infinity;
    for (let w = 1; w <= 40; w++) {
      const u = table.forWitnessCount(w).perWitness;
      assert.ok(u <= prev);
      prev = u;
    }
  });

  it("rejects invalid configuration", () => {
    assert.throws(() => new RewardUnitTable({ ...DEFAULT_REWARD_UNIT_CONFIG, witnessRedundancy: 0 }), /witnessRedundancy/);
    assert.throws(() => new RewardUnitTable({ ...DEFAULT_REWARD_UNIT_CONFIG, decayRateBps: 10_001 }), /decayRateBps/);
  });
});
