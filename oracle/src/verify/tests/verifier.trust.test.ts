import assert from "node:assert/strict";
import { PocVerifier } from "../verifier";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, seedOf, testConfig, WINDOW } from "./poc-test-world";

function trustAfter(world: PocTestWorld, reports: ReceivedReport[], cfg = testConfig()) {
  const v = new PocVerifier(world.inputs(), cfg);
  for (const r of reports) v.ingest(r);
  return v.finish().trustBps;
}

describe("PoC trust: signed evidence of fraud", () => {
  it("forfeits the trust of a hotspot that witnessed its own beacon, and only its", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const [a, b] = world.hotspots;
    assert.equal(trustAfter(world, reports)[a.info.key], 10_000, "baseline is clean");
    const self = world.witness(a, a, beacons[0], 600, { rssiDbm10: -300 });
    const trust = trustAfter(world, [...reports, self]);
    assert.equal(trust[a.info.key], 0);
    assert.equal(trust[b.info.key], 10_000);
  });

  it("forfeits the trust of a hotspot that beaconed a payload not derived from the entropy", () => {
    const world = new PocTestWorld(6);
    const { reports } = world.baseline();
    const a = world.hotspots[0];
    const e = world.publishEntropy(WINDOW.startMs + 20 * 3_600_000);
    const precomputed = world.beacon(a, e, e.publishedAtMs + 1000, { payload: seedOf("precomputed") });
    const trust = trustAfter(world, [...reports, precomputed]);
    assert.equal(trust[a.info.key], 0);
    assert.equal(trust[world.hotspots[1].info.key], 10_000);
  });

  it("does not penalise a hotspot whose genuine beacon a third party replays outside its entropy window", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const a = world.hotspots[0];
    const replayed: ReceivedReport = { report: beacons[0].report, receivedAtMs: WINDOW.endMs - 1 };
    const trust = trustAfter(world, [...reports, replayed]);
    assert.equal(trust[a.info.key], 10_000);
  });

  it("applies the configured penalty, so a network can soften it", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const a = world.hotspots[0];
    const self = world.witness(a, a, beacons[0], 600, { rssiDbm10: -300 });
    const cfg = testConfig();
    const soft = { ...cfg, trust: { ...cfg.trust, signedFraudPenaltyBps: 2_500 } };
    assert.equal(trustAfter(world, [...reports, self], soft)[a.info.key], 7_500);
  });
});
