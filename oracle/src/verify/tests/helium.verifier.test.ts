// The helium profile's own choices where hexpin's reports and epochs meet Helium's
// runner (stages/helium-order.ts, helium-proofs.ts): order independence, stray
// witness reports, replayed beacons, unknown reporters, the epoch window, declared
// power and gain, and the state it hands on.

import assert from "node:assert/strict";
import { PocVerifier, PocInputs } from "../verifier";
import { defaultPocConfig, PocConfig } from "../config";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, WINDOW } from "./poc-test-world";
import { POC_STATE_VERSION, PocState, emptyEdges } from "../../state/poc-state";

const HELIUM = (): PocConfig => defaultPocConfig("US915", "helium");

/** Every hotspot with a recent last witness and last reciprocity beacon: reciprocity holds. */
function warmState(world: PocTestWorld): PocState {
  const hotspots = world.hotspots
    .map((h) => ({ key: h.info.key, location: h.info.location, trustBps: 0, txOffsetDb10: 0, txWeight10: 0, rxOffsetDb10: 0, rxWeight10: 0, reachM: 0, lastBeaconMs: 0, lastBeaconRecipMs: WINDOW.startMs - 3_600_000, lastWitnessMs: WINDOW.startMs - 3_600_000 }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return { version: POC_STATE_VERSION, epoch: 0, calibration: null, hotspots, edges: emptyEdges() };
}

function run(world: PocTestWorld, reports: ReceivedReport[], extra: Partial<PocInputs> = {}, cfg = HELIUM()) {
  const v = new PocVerifier(world.inputs({ previousState: warmState(world), epoch: 1, ...extra }), cfg);
  const seqs = reports.map((r) => v.ingest(r));
  const outcome = v.finish();
  return { outcome, verdicts: seqs.map((s) => v.verdict(s)), verdictOf: (r: ReceivedReport) => v.verdict(seqs[reports.indexOf(r)]) };
}

describe("helium profile: the verifier", () => {
  it("accepts a clean epoch with warm state, and gives the same verdict to every report in any arrival order", () => {
    const world = new PocTestWorld(6, "helium-clean");
    const { reports } = world.baseline();
    const a = run(world, reports);
    assert.deepEqual(a.outcome.reasonCounts, {});
    assert.equal(a.outcome.beacons.length, 6);
    for (const b of a.outcome.beacons) assert.equal(b.selectedWitnesses.length, 5);
    const order = reports.map((r, i) => ({ r, i })).sort((x, y) => ((x.i * 7919) % 31) - ((y.i * 7919) % 31) || y.i - x.i);
    const b = run(world, order.map((x) => x.r));
    const byReport = new Map(order.map((x, k) => [x.i, b.verdicts[k]]));
    assert.deepEqual(reports.map((_, i) => byReport.get(i)), a.verdicts);
    assert.deepEqual(b.outcome, a.outcome);
  });

  it("fails every beacon on reciprocity at genesis (no last witness), but witnesses of a beacon set their last witness for later beacons", () => {
    const world = new PocTestWorld(4, "helium-genesis");
    const { reports } = world.baseline();
    const v = new PocVerifier(world.inputs({ epoch: 0 }), HELIUM());
    const seqs = reports.map((r) => v.ingest(r));
    const outcome = v.finish();
    // the first beacon (processing order) has no last witness; its witnesses pass checks and set theirs, so later beacons pass
    const beacons = reports.filter((r) => r.report.kind === "beacon");
    assert.equal(v.verdict(seqs[reports.indexOf(beacons[0])]), "no_reciprocity");
    assert.equal(outcome.beacons.length, 3);
    // and the state hands every hotspot's Helium timestamps on
    const state = outcome.nextState!;
    assert.ok(state.hotspots.every((r) => (r.lastBeaconRecipMs ?? 0) > 0 && (r.lastWitnessMs ?? 0) > 0));
  });

  it("attaches a witness report with a payload of none of the beaconer's beacons to its nearest beacon: it consumes the witness's first report there", () => {
    const world = new PocTestWorld(5, "helium-stray");
    const [b, w] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const beacon = world.beacon(b, ent, WINDOW.startMs + 3_600_000);
    const others = world.hotspots.slice(2).map((x, k) => world.witness(x, b, beacon, 300 + k));
    const junk = world.witness(w, b, beacon, 100, { payload: new Uint8Array(32).fill(7) });
    const good = world.witness(w, b, beacon, 200);
    const r = run(world, [beacon, ...others, junk, good]);
    assert.equal(r.verdictOf(junk), "witness_payload_mismatch");
    assert.equal(r.verdictOf(good), "duplicate_witness");
    assert.equal(r.verdictOf(beacon), null);
    // with no beacon of that beaconer in the epoch it is beacon_not_found
    const lone = run(world, [junk]);
    assert.equal(lone.verdictOf(junk), "beacon_not_found");
  });

  it("processes one beacon per payload: a replayed beacon report is never verified, its witnesses go to the first", () => {
    const world = new PocTestWorld(4, "helium-replay");
    const [b, ...ws] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const beacon = world.beacon(b, ent, WINDOW.startMs + 3_600_000);
    const replay: ReceivedReport = { report: beacon.report, receivedAtMs: beacon.receivedAtMs + 2_000 };
    const witnesses = ws.map((x, k) => world.witness(x, b, beacon, 500 + k));
    const r = run(world, [replay, ...witnesses, beacon]);
    assert.equal(r.verdictOf(beacon), null);
    assert.equal(r.verdictOf(replay), "beacon_too_frequent");
    assert.equal(r.outcome.beacons.length, 1);
    assert.equal(r.outcome.beacons[0].selectedWitnesses.length, 3);
  });

  it("drops an unknown hotspot's report from the proof (Helium's loader does): it does not move the lag base", () => {
    const world = new PocTestWorld(4, "helium-unknown");
    const stranger = new PocTestWorld(1, "helium-stranger").hotspots[0];
    const [b, w1] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const beacon = world.beacon(b, ent, WINDOW.startMs + 3_600_000);
    const early = world.witness(stranger, b, beacon, -100, { rssiDbm10: -1100 });
    const w1Report = world.witness(w1, b, beacon, 1_450); // 1 550 ms after the stranger's report, 1 450 ms after the beacon
    const r = run(world, [beacon, early, w1Report]);
    assert.equal(r.verdictOf(early), "unknown_hotspot");
    assert.equal(r.verdictOf(w1Report), null);
    // a registered witness's report of the payload before the beacon does set the base (Helium's witness lag)
    const w2 = world.hotspots[2];
    const r2 = run(world, [beacon, world.witness(w2, b, beacon, -100), w1Report]);
    assert.equal(r2.verdictOf(w1Report), "witness_too_late");
  });

  it("does not let a junk-payload report (attached by time) move the lag base or qualify its beacon for reciprocity", () => {
    const world = new PocTestWorld(4, "helium-junk-lag");
    const [b, w1, w2] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const beacon = world.beacon(b, ent, WINDOW.startMs + 3_600_000);
    const junk = world.witness(w2, b, beacon, -3_000, { payload: new Uint8Array(32).fill(9) });
    const honest = world.witness(w1, b, beacon, 2_000);
    const r = run(world, [beacon, junk, honest]);
    assert.equal(r.verdictOf(junk), "witness_payload_mismatch");
    assert.equal(r.verdictOf(honest), null);
    // a beacon whose only report is junk leaves last_beacon_recip unset
    const state = warmState(world);
    state.hotspots = state.hotspots.map((x) => ({ ...x, lastBeaconRecipMs: 0 }));
    const v = new PocVerifier(world.inputs({ previousState: state, epoch: 1 }), HELIUM());
    [beacon, junk].forEach((x) => v.ingest(x));
    const out = v.finish();
    assert.equal(out.nextState!.hotspots.find((x) => x.key === b.info.key)!.lastBeaconRecipMs, undefined);
  });

  it("does not check declared power (Helium), but a gain above the region's max EIRP invalidates the beacon", () => {
    const world = new PocTestWorld(4, "helium-power");
    const [b, ...ws] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const loud = world.beacon(b, ent, WINDOW.startMs + 3_600_000, { txPowerDbm10: 600 });
    const r = run(world, [loud, ...ws.map((x, k) => world.witness(x, b, loud, 500 + k))]);
    assert.equal(r.verdictOf(loud), null);
    const hexpin = new PocVerifier(world.inputs(), defaultPocConfig("US915", "hexpin"));
    const seq = hexpin.ingest(loud);
    hexpin.finish();
    assert.equal(hexpin.verdict(seq), "nonstandard_tx_power");
    b.info.gainDbi10 = 361; // US915 max EIRP 36.0 dBm
    try {
      const g = run(world, [loud]);
      assert.equal(g.verdictOf(loud), "beacon_payload_mismatch");
    } finally {
      b.info.gainDbi10 = 30;
    }
  });

  it("keeps reports outside the epoch window out, without moving last_beacon", () => {
    const world = new PocTestWorld(3, "helium-window");
    const [b] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.endMs - 1_000);
    const after = world.beacon(b, ent, WINDOW.endMs + 10);
    const r = run(world, [after]);
    assert.equal(r.verdictOf(after), "entropy_out_of_window");
    assert.equal(r.outcome.nextState!.hotspots.find((x) => x.key === b.info.key)!.lastBeaconMs, 0);
  });

  it("moves last_beacon for every beacon that reaches the schedule, valid or not, and never for an unasserted beaconer", () => {
    const world = new PocTestWorld(3, "helium-last-beacon");
    const [b, c] = world.hotspots;
    const ent = world.publishEntropy(WINDOW.startMs + 3_590_000);
    const bad = world.beacon(b, ent, WINDOW.startMs + 3_600_000, { payload: new Uint8Array(32).fill(1) });
    const location = c.info.location;
    c.info.location = null;
    try {
      const unasserted = world.beacon(c, ent, WINDOW.startMs + 3_600_500);
      const r = run(world, [bad, unasserted]);
      assert.equal(r.verdictOf(bad), "beacon_payload_mismatch");
      assert.equal(r.verdictOf(unasserted), "unasserted_hotspot");
      const rec = (k: string) => r.outcome.nextState!.hotspots.find((x) => x.key === k);
      assert.equal(rec(b.info.key)!.lastBeaconMs, WINDOW.startMs + 3_600_000);
      assert.equal(rec(c.info.key)?.lastBeaconMs ?? 0, 0);
    } finally {
      c.info.location = location;
    }
  });
});
