import assert from "node:assert/strict";
import { US915, BeaconReport } from "@hexpin/sdk";
import { PocVerifier, PocInputs } from "../verifier";
import { PocConfig } from "../config";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, WorldHotspot, testConfig, offset, seedOf, WINDOW } from "./poc-test-world";
import { ReasonCode } from "../../types";

function run(world: PocTestWorld, reports: ReceivedReport[], cfg: PocConfig = testConfig(), extra: Partial<PocInputs> = {}) {
  const v = new PocVerifier(world.inputs(extra), cfg);
  const seqs = reports.map((r) => v.ingest(r));
  const outcome = v.finish();
  const verdictOf = (r: ReceivedReport) => v.verdict(seqs[reports.indexOf(r)]);
  return { outcome, verdictOf, v };
}

/** A world of six hotspots whose baseline epoch is entirely valid. */
function sixWorld() {
  const world = new PocTestWorld(6);
  const { reports, beacons } = world.baseline();
  const [a, b, c] = world.hotspots;
  return { world, reports, beacons, a, b, c };
}

const noGeometry = () => {
  const cfg = testConfig();
  return { ...cfg, geometry: { ...cfg.geometry, minWitnesses: 1000, hotspotMinLinks: 1_000_000 } };
};

describe("PoC verifier rules", () => {
  it("accepts a clean epoch: every beacon valid, every witness valid and selected, full trust", () => {
    const { world, reports } = sixWorld();
    const { outcome } = run(world, reports);
    assert.deepEqual(outcome.reasonCounts, {});
    assert.equal(outcome.beacons.length, 6);
    for (const b of outcome.beacons) {
      assert.equal(b.validWitnesses.length, 5);
      assert.deepEqual(b.selectedWitnesses, b.validWitnesses);
    }
    assert.deepEqual(Object.values(outcome.trustBps), [10000, 10000, 10000, 10000, 10000, 10000]);
    assert.deepEqual(outcome.beacons.map((b) => b.beaconId), [...outcome.beacons.map((b) => b.beaconId)].sort());
  });

  it("rejects reports from hotspots the registry does not know (unknown_hotspot) and witnesses of unknown beaconers (beacon_not_found)", () => {
    const { world, reports, beacons, a } = sixWorld();
    const stranger = new PocTestWorld(0).add("stranger", a.lat + 0.02, a.lng);
    const ent = world.publishEntropy(WINDOW.startMs + 7_200_000);
    const sb = world.beacon(stranger, ent, ent.publishedAtMs + 1000);
    const sw = world.witness(stranger, a, beacons[0], 700);
    const ofStranger = world.witness(a, stranger, sb, 700);
    const { verdictOf, outcome } = run(world, [...reports, sb, sw, ofStranger]);
    assert.equal(verdictOf(sb), "unknown_hotspot");
    assert.equal(verdictOf(sw), "unknown_hotspot");
    assert.equal(verdictOf(ofStranger), "beacon_not_found");
    assert.equal(outcome.beacons.length, 6);
  });

  it("rejects an unasserted hotspot's beacon and witnesses (unasserted_hotspot)", () => {
    const world = new PocTestWorld(6);
    const [a] = world.hotspots;
    const u = world.add("unasserted", a.lat + 0.01, a.lng + 0.01, { location: null });
    const ent = world.publishEntropy(WINDOW.startMs + 1000);
    const ub = world.beacon(u, ent, ent.publishedAtMs + 1000);
    const { reports, beacons } = world.baseline();
    const uw = reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(u.kp.publicKey)))!;
    const { verdictOf } = run(world, [...reports, ub]);
    assert.equal(verdictOf(ub), "unasserted_hotspot");
    assert.equal(verdictOf(uw), "unasserted_hotspot");
    assert.equal(verdictOf(beacons[0]), null);
  });

  it("rejects denylisted hotspots, their beacons' witnesses inherit the reason", () => {
    const { world, reports, beacons, a, b } = sixWorld();
    const { verdictOf, outcome } = run(world, reports, testConfig(), { denylist: { hotspots: [a.info.key] } });
    assert.equal(verdictOf(beacons[0]), "denylisted_hotspot");
    const bHearsA = reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(b.kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)))!;
    assert.equal(verdictOf(bHearsA), "denylisted_hotspot");
    assert.equal(outcome.trustBps[a.info.key], undefined);
    assert.equal(verdictOf(beacons[1]), null);
  });

  it("rejects witnessing between a denylisted pair in both directions, and only that pair", () => {
    const { world, reports, a, b, c } = sixWorld();
    const find = (w: WorldHotspot, bb: WorldHotspot) =>
      reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(w.kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(bb.kp.publicKey)))!;
    const { verdictOf } = run(world, reports, testConfig(), { denylist: { pairs: [[a.info.key, b.info.key]] } });
    assert.equal(verdictOf(find(b, a)), "denylisted_pair");
    assert.equal(verdictOf(find(a, b)), "denylisted_pair");
    assert.equal(verdictOf(find(c, a)), null);
  });

  it("accepts a beacon received exactly at the end of its entropy's lifespan and rejects one a millisecond later or before publication", () => {
    const world = new PocTestWorld(6);
    const { reports } = world.baseline();
    const a = world.hotspots[0];
    const e1 = world.publishEntropy(WINDOW.startMs + 10 * 3_600_000);
    const onTime = world.beacon(a, e1, e1.publishedAtMs + 180_000);
    const e2 = world.publishEntropy(WINDOW.startMs + 17 * 3_600_000);
    const late = world.beacon(a, e2, e2.publishedAtMs + 180_001);
    const early = world.beacon(a, e2, e2.publishedAtMs - 1);
    const unknownEntropy = world.beacon(a, { ...e2, id: 999_999 }, e2.publishedAtMs + 10);
    const { verdictOf } = run(world, [...reports, onTime, late, early, unknownEntropy]);
    assert.equal(verdictOf(onTime), null);
    assert.equal(verdictOf(late), "entropy_out_of_window");
    assert.equal(verdictOf(early), "entropy_out_of_window");
    assert.equal(verdictOf(unknownEntropy), "entropy_out_of_window");
  });

  it("rejects a witness received after its beacon's entropy expired, as the beacon would be, even inside the lag limits", () => {
    const { world, reports } = sixWorld();
    const [a, b, c, d] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 10 * 3_600_000);
    // a beacon 175 s into its entropy's 180 s lifespan: witnesses 5 s later are on the edge
    const beacon = world.beacon(a, ent, ent.publishedAtMs + 175_000);
    const atEnd = world.witness(b, a, beacon, 5_000);
    const past = world.witness(c, a, beacon, 5_001);
    const wellPast = world.witness(d, a, beacon, 9_000);
    const { verdictOf } = run(world, [...reports, beacon, atEnd, past, wellPast], testConfig({ witnessMaxAfterFirstWitnessMs: 60_000 }));
    assert.equal(verdictOf(beacon), null);
    assert.equal(verdictOf(atEnd), null);
    assert.equal(verdictOf(past), "entropy_out_of_window");
    assert.equal(verdictOf(wellPast), "entropy_out_of_window");
  });

  it("allows one beacon per interval: the earlier one wins whatever the ingestion order, and the previous epoch's last beacon counts", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const a = world.hotspots[0];
    const first = beacons[0];
    const e1 = world.publishEntropy(first.receivedAtMs + 5 * 3_600_000);
    const tooSoon = world.beacon(a, e1, e1.publishedAtMs + 1000);
    const e2 = world.publishEntropy(first.receivedAtMs + 6 * 3_600_000 - 10 * 60_000);
    const justOk = world.beacon(a, e2, e2.publishedAtMs);
    const r1 = run(world, [tooSoon, justOk, ...reports]);
    assert.equal(r1.verdictOf(tooSoon), "beacon_too_frequent");
    assert.equal(r1.verdictOf(first), null);
    assert.equal(r1.verdictOf(justOk), null);
    const r2 = run(world, reports, testConfig(), { lastBeaconBeforeMs: { [a.info.key]: first.receivedAtMs - 3_600_000 } });
    assert.equal(r2.verdictOf(first), "beacon_too_frequent");
  });

  it("rejects beacons that do not match their regeneration (payload, channel, quoted entropy value, power above the plan's cap)", () => {
    const world = new PocTestWorld(6);
    const { reports } = world.baseline();
    const a = world.hotspots[0];
    const base = WINDOW.startMs + 12 * 3_600_000;
    const mk = (i: number, tweak: Partial<BeaconReport>) => {
      const e = world.publishEntropy(base + i * 120_000);
      return world.beacon(a, e, e.publishedAtMs + 1000, tweak);
    };
    const e0 = world.publishEntropy(base - 100_000);
    const good = world.beacon(a, e0, e0.publishedAtMs + 1000);
    const gb = good.report as BeaconReport;
    const wrongChannel = US915.channelsHz.find((f) => f !== gb.frequencyHz)!;
    const cases = [
      mk(1, { payload: seedOf("precomputed") }),
      mk(2, { frequencyHz: wrongChannel }),
      mk(3, { entropyValue: seedOf("stale") }),
      mk(4, { txPowerDbm10: US915.maxEirpDbm10 - a.info.gainDbi10 + 1 }),
    ];
    const ok = mk(5, { txPowerDbm10: US915.maxEirpDbm10 - a.info.gainDbi10 });
    const { verdictOf } = run(world, [...reports, ...cases, ok], testConfig({ beaconIntervalMs: 60_000, beaconIntervalToleranceMs: 0 }));
    for (const c of cases) assert.equal(verdictOf(c), "beacon_payload_mismatch");
    assert.equal(verdictOf(ok), null);
  });

  it("rejects beacons and witnesses outside the region's channel plan", () => {
    const { world, reports, beacons, a, b } = sixWorld();
    const e = world.publishEntropy(WINDOW.startMs + 20 * 3_600_000);
    const off = world.beacon(a, e, e.publishedAtMs + 1000, { frequencyHz: 915_000_000 });
    const offWitness = world.witness(b, a, beacons[0], 600, { frequencyHz: 906_000_000 });
    const { verdictOf } = run(world, [...reports, off, offWitness]);
    assert.equal(verdictOf(off), "outside_channel_plan");
    assert.equal(verdictOf(offWitness), "outside_channel_plan");
  });

  it("tells a witness of an unseen payload (witness_payload_mismatch) from one of a hotspot that never beaconed (beacon_not_found)", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const [a, b, c] = world.hotspots;
    const wrong = world.witness(b, a, beacons[0], 600, { payload: seedOf("misheard") });
    const withoutC = reports.filter((r) => r !== beacons[2]);
    const ofMissing = reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(c.kp.publicKey)))!;
    const { verdictOf } = run(world, [...withoutC, wrong]);
    assert.equal(verdictOf(wrong), "witness_payload_mismatch");
    assert.equal(verdictOf(ofMissing), "beacon_not_found");
  });

  it("keeps the earliest of a hotspot's witnesses of one beacon and rejects the rest as duplicate_witness, in any order", () => {
    const { world, reports, beacons, a, b } = sixWorld();
    const original = reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(b.kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)))!;
    const copy = world.witness(b, a, beacons[0], 2_000, { rssiDbm10: (original.report as { rssiDbm10: number }).rssiDbm10 + 30 });
    for (const order of [[copy, ...reports], [...reports, copy]]) {
      const { verdictOf, outcome } = run(world, order);
      assert.equal(verdictOf(copy), "duplicate_witness");
      assert.equal(verdictOf(original), null);
      assert.equal(outcome.reasonCounts.duplicate_witness, 1);
    }
  });

  it("rejects a hotspot witnessing its own beacon (self_witness)", () => {
    const { world, reports, beacons, a } = sixWorld();
    const self = world.witness(a, a, beacons[0], 600, { rssiDbm10: -300 });
    const { verdictOf } = run(world, [...reports, self]);
    assert.equal(verdictOf(self), "self_witness");
    assert.equal(verdictOf(beacons[0]), null);
  });

  it("rejects witnesses arriving too long after the beacon or after the first witness", () => {
    const { world, reports, beacons, a } = sixWorld();
    const withoutA = reports.filter((r) => !(r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey))));
    const [, b, c, d, e, f] = world.hotspots;
    const w = (h: WorldHotspot, delay: number) => world.witness(h, a, beacons[0], delay);
    // first witness at +500 ms: +10.5 s is the last moment after it; +20 s after the beacon.
    const first = w(b, 500);
    const atLimit = w(c, 10_500);
    const afterFirst = w(d, 10_501);
    const { verdictOf } = run(world, [...withoutA, first, atLimit, afterFirst, w(e, 800), w(f, 900)]);
    assert.equal(verdictOf(first), null);
    assert.equal(verdictOf(atLimit), null);
    assert.equal(verdictOf(afterFirst), "witness_too_late");
    const lone = w(b, 20_001);
    const loneOk = w(c, 20_000);
    const r2 = run(world, [...withoutA, lone, loneOk], testConfig({ witnessMaxAfterFirstWitnessMs: 60_000 }));
    assert.equal(r2.verdictOf(lone), "witness_too_late");
    assert.equal(r2.verdictOf(loneOk), null);
  });

  it("rejects a witness heard more than 100 kHz off the beacon's frequency", () => {
    const { world, reports, beacons, a, b, c } = sixWorld();
    const bf = (beacons[0].report as BeaconReport).frequencyHz;
    const near = US915.channelsHz.find((f) => Math.abs(f - bf) === 200_000)!;
    const offChannel = world.witness(b, a, beacons[0], 600, { frequencyHz: near });
    const drift = world.witness(c, a, beacons[0], 600, { frequencyHz: bf + (near > bf ? 100_000 : -100_000) });
    const without = reports.filter((r) => !(r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)) && [b, c].some((h) => Buffer.from(h.kp.publicKey).equals(Buffer.from((r.report as { witnessKey: Uint8Array }).witnessKey)))));
    const { verdictOf } = run(world, [...without, offChannel, drift]);
    assert.equal(verdictOf(offChannel), "frequency_mismatch");
    assert.equal(verdictOf(drift), null);
  });

  it("rejects witnesses closer than 8 res-11 cells and farther than 100 km, by asserted location", () => {
    const world = new PocTestWorld(6);
    const a = world.hotspots[0];
    const p = offset(1, 0);
    const near = world.add("near", a.lat + 150 / 111_320, a.lng);
    const far = world.add("far", p.lat + 1.0, p.lng); // ~111 km north
    const okDist = world.add("ok-distance", a.lat + 700 / 111_320, a.lng);
    const { reports, beacons } = world.baseline();
    const find = (w: WorldHotspot) => reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(w.kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)))!;
    const { verdictOf } = run(world, reports, noGeometry());
    assert.equal(verdictOf(find(near)), "too_close");
    assert.equal(verdictOf(find(far)), "too_far");
    assert.equal(verdictOf(find(okDist)), null);
    assert.equal(verdictOf(beacons[0]), null);
  });

  it("rejects a signal stronger than free-space loss allows with both gains, and accepts one at the ceiling", () => {
    const { world, reports, beacons, a, b, c } = sixWorld();
    const br = beacons[0].report as BeaconReport;
    const strong = world.witness(b, a, beacons[0], 600, { rssiDbm10: world.fsplCeiling(a, b, br) + 1 });
    const atCeiling = world.witness(c, a, beacons[0], 600, { rssiDbm10: world.fsplCeiling(a, c, br) });
    const without = reports.filter((r) => !(r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)) && [b, c].some((h) => Buffer.from(h.kp.publicKey).equals(Buffer.from((r.report as { witnessKey: Uint8Array }).witnessKey)))));
    const { verdictOf } = run(world, [...without, strong, atCeiling], noGeometry());
    assert.equal(verdictOf(strong), "signal_too_strong");
    assert.equal(verdictOf(atCeiling), null);
  });

  it("requires reciprocity: a beaconer that never witnesses and a witness whose beacons nobody hears are rejected and lose trust", () => {
    const world = new PocTestWorld(6);
    const { reports, beacons } = world.baseline();
    const [a, b] = world.hotspots;
    const aWitnesses = (r: ReceivedReport) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(a.kp.publicKey));
    const ofB = (r: ReceivedReport) => r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(b.kp.publicKey));
    const bWitnesses = reports.filter((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(b.kp.publicKey)));
    const { verdictOf, outcome } = run(world, reports.filter((r) => !aWitnesses(r) && !ofB(r)));
    assert.equal(verdictOf(beacons[0]), "no_reciprocity");
    for (const r of bWitnesses.filter((r) => !Buffer.from((r.report as { beaconerKey: Uint8Array }).beaconerKey).equals(Buffer.from(a.kp.publicKey)))) {
      assert.equal(verdictOf(r), "no_reciprocity");
    }
    assert.equal(verdictOf(beacons[1]), null, "b's beacon itself is valid, just unwitnessed");
    assert.ok(outcome.trustBps[a.info.key] < 10000);
    assert.ok(outcome.trustBps[b.info.key] < 10000);
    assert.equal(outcome.trustBps[world.hotspots[2].info.key], 10000);
  });

  it("rejects a witness whose RSSI does not fit the others' path-loss geometry, but tolerates ordinary shadowing", () => {
    const { world, reports, beacons, a, b, c } = sixWorld();
    const br = beacons[0].report as BeaconReport;
    const liar = world.witness(b, a, beacons[0], 600, { rssiDbm10: world.modelRssi(a, b, br) + 250 });
    const shadowed = world.witness(c, a, beacons[0], 600, { rssiDbm10: world.modelRssi(a, c, br) - 100 });
    const without = reports.filter((r) => !(r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)) && [b, c].some((h) => Buffer.from(h.kp.publicKey).equals(Buffer.from((r.report as { witnessKey: Uint8Array }).witnessKey)))));
    const { verdictOf } = run(world, [...without, liar, shadowed]);
    assert.ok(world.modelRssi(a, b, br) + 250 <= world.fsplCeiling(a, b, br), "the lie stays under the free-space ceiling");
    assert.equal(verdictOf(liar), "geometry_inconsistent");
    assert.equal(verdictOf(shadowed), null);
  });

  it("rejects a beacon whose asserted location contradicts its witnesses' signals and cuts the beaconer's trust", () => {
    const world = new PocTestWorld(8);
    const [a] = world.hotspots;
    const p = offset(-20_000, 15_000); // asserted 25 km from where it really is
    const spoofer = world.add("spoofer", a.lat + 300 / 111_320, a.lng + 900 / 88_000, { location: require("h3-js").latLngToCell(p.lat, p.lng, 12) });
    const { reports, beacons } = world.baseline();
    // witnesses of the spoofer's beacon report what they really hear (from its true position).
    const spooferTrue: WorldHotspot = { ...spoofer };
    const fixed = reports.map((r) => {
      if (r.report.kind !== "witness" || !Buffer.from(r.report.beaconerKey).equals(Buffer.from(spoofer.kp.publicKey))) return r;
      const w = world.hotspots.find((h) => Buffer.from(h.kp.publicKey).equals(Buffer.from((r.report as { witnessKey: Uint8Array }).witnessKey)))!;
      const beacon = beacons[world.hotspots.indexOf(spoofer)];
      return world.witness(w, spoofer, beacon, r.receivedAtMs - beacon.receivedAtMs, { rssiDbm10: world.modelRssi(spooferTrue, w, beacon.report as BeaconReport) });
    });
    const { verdictOf, outcome } = run(world, fixed);
    assert.equal(verdictOf(beacons[world.hotspots.indexOf(spoofer)]), "geometry_inconsistent");
    assert.ok(outcome.trustBps[spoofer.info.key] < 10000);
    assert.equal(verdictOf(beacons[0]), null);
  });
});

describe("fair witness selection", () => {
  it("rewards at most the cap, chosen by entropy-seeded hash, and counts the rest as not_selected", () => {
    const world = new PocTestWorld(20);
    const { reports } = world.baseline();
    const { outcome } = run(world, reports);
    assert.equal(outcome.beacons.length, 20);
    for (const b of outcome.beacons) {
      assert.equal(b.validWitnesses.length, 19);
      assert.equal(b.selectedWitnesses.length, 14);
      assert.ok(b.selectedWitnesses.every((k) => b.validWitnesses.includes(k)));
    }
    assert.equal(outcome.reasonCounts.not_selected, 20 * 5);
    const sets = new Set(outcome.beacons.map((b) => b.selectedWitnesses.join()));
    assert.ok(sets.size > 1, "different beacons draw different witnesses");
  });

  it("does not favour early arrivals: selection ignores arrival time", () => {
    const world = new PocTestWorld(20);
    const { reports } = world.baseline();
    const reversed = reports.map((r) => (r.report.kind === "witness" ? { ...r, receivedAtMs: r.receivedAtMs + 1000 - (r.receivedAtMs % 1000) * 0.5 } : r));
    const x = run(world, reports).outcome.beacons.map((b) => b.selectedWitnesses);
    const y = run(world, reversed).outcome.beacons.map((b) => b.selectedWitnesses);
    assert.deepEqual(x, y);
  });
});
