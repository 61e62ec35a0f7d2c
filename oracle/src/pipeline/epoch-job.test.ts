import { strict as assert } from "node:assert";
import { parseRewardId, rewardId } from "@hexpin/sdk";
import { computeEpoch, epochConfig, simulateEpoch } from "..";
import { summarizeComputation } from "./epoch-job";

describe("summarizeComputation: what the service stores per epoch", () => {
  const sim = simulateEpoch({ seed: "epoch-job-summary", hotspots: 24, city: "san-francisco", sign: true });
  const reports = Array.from(sim.reports(), (r) => ({ bytes: r.bytes, receivedAtMs: r.receivedAtMs }));
  const base = { epoch: 3, window: sim.window, emission: 1_000_000_000n, config: epochConfig({ rules: sim.config }), hotspots: sim.registry, entropy: sim.entropy, reports };

  it("keys this epoch's amounts by reward id, like the cumulative amounts, and they add up to what the epoch paid", () => {
    const c = summarizeComputation(computeEpoch({ ...base, previousCumulative: new Map() }), 0, reports.length);
    const ids = new Set(c.cumulative.map(([id]) => id));
    assert.ok(c.perEpoch.length > 0);
    for (const [id] of c.perEpoch) assert.ok(ids.has(id), `${id} is a reward id of this epoch`);
    assert.equal(c.perEpoch.reduce((s, [, v]) => s + BigInt(v), 0n), BigInt(c.paid));
  });

  it("credits a re-onboarded hotspot's current life, not the earlier life's leaf", () => {
    const first = computeEpoch({ ...base, previousCumulative: new Map() });
    const [key] = first.perEpochRewards.keys();
    const serial = sim.registry.find((h) => h.key === key)!.serial;
    const earlierLife = rewardId(key, 0); // serials only grow: an earlier life has a smaller one
    const c = summarizeComputation(computeEpoch({ ...base, previousCumulative: new Map([[earlierLife, 5_000n]]) }), 0, reports.length);
    const mine = c.perEpoch.filter(([id]) => parseRewardId(id).key === key);
    assert.deepEqual(mine.map(([id]) => id), [rewardId(key, serial)]);
    assert.equal(BigInt(mine[0][1]), first.perEpochRewards.get(key)!.total);
    assert.ok(c.cumulative.some(([id, v]) => id === earlierLife && v === "5000"), "the earlier life keeps its cumulative leaf");
  });
});
