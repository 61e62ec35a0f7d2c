import assert from "node:assert/strict";
import type { PocOutcome, ValidBeacon } from "../types";
import { keyFromLabel } from "./hotspot-factory";
import { computePocRewardWeights, DEFAULT_POC_REWARD_CONFIG } from "./poc-rewards";

const [B, W1, W2, W3, W4, W5] = ["b", "w1", "w2", "w3", "w4", "w5"].map(keyFromLabel);

function beacon(beaconer: string, witnesses: string[], id = "00"): ValidBeacon {
  return { beaconer, beaconId: id, receivedAtMs: 0, validWitnesses: witnesses, selectedWitnesses: witnesses };
}

function outcome(beacons: ValidBeacon[], trust: Record<string, number>): PocOutcome {
  return { beacons, reasonCounts: {}, trustBps: trust };
}

const everyoneTrusted = Object.fromEntries([B, W1, W2, W3, W4, W5].map((k) => [k, 10_000]));

describe("PoC reward weights", () => {
  it("pays beaconer and witnesses HIP-15 units times the beaconer's density scale, times trust", () => {
    const scales: Record<string, number> = { [B]: 5_000, [W1]: 10_000, [W2]: 10_000 };
    const r = computePocRewardWeights(outcome([beacon(B, [W1, W2])], everyoneTrusted), (k) => scales[k] ?? 0);
    // 2 witnesses: beaconer 0.5 units, each witness 1 unit; scale 0.5 from the beaconer's hex
    assert.equal(r.scaledUnits.get(B), 5_000 * 5_000);
    assert.equal(r.scaledUnits.get(W1), 10_000 * 5_000);
    assert.equal(r.weights.get(W2), BigInt(10_000 * 5_000) * 10_000n);
    assert.equal(r.witnessCount, 2);
  });

  it("can scale witnesses by their own hex instead (helium/oracles' later rule)", () => {
    const scales: Record<string, number> = { [B]: 5_000, [W1]: 2_000 };
    const r = computePocRewardWeights(outcome([beacon(B, [W1])], everyoneTrusted), (k) => scales[k] ?? 0, { ...DEFAULT_POC_REWARD_CONFIG, witnessScaleFrom: "witness" });
    assert.equal(r.scaledUnits.get(W1), 10_000 * 2_000);
  });

  it("decays witness units on a dense beacon", () => {
    const r = computePocRewardWeights(outcome([beacon(B, [W1, W2, W3, W4, W5])], everyoneTrusted), () => 10_000);
    assert.equal(r.scaledUnits.get(W3), 7_600 * 10_000);
    assert.equal(r.scaledUnits.get(B), 12_000 * 10_000);
  });

  it("gives hotspots without trust or without a scale no weight", () => {
    const r = computePocRewardWeights(outcome([beacon(B, [W1, W2])], { [B]: 10_000, [W1]: 0 }), (k) => (k === W2 ? 10_000 : k === B ? 10_000 : 0));
    assert.ok(r.weights.has(B));
    assert.equal(r.weights.has(W1), false);
    assert.equal(r.weights.has(W2), false, "W2 is absent from trustBps, so it has trust 0");
  });

  it("sums across beacons independently of their order", () => {
    const beacons = [beacon(B, [W1], "01"), beacon(W1, [B, W2], "02"), beacon(W2, [W1, W3, W4, W5, B], "03")];
    const a = computePocRewardWeights(outcome(beacons, everyoneTrusted), () => 7_777);
    const b = computePocRewardWeights(outcome([...beacons].reverse(), everyoneTrusted), () => 7_777);
    assert.deepEqual([...a.weights.entries()].sort(), [...b.weights.entries()].sort());
  });
});
