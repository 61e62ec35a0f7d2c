import assert from "node:assert/strict";
import { latLngToCell } from "h3-js";
import { BeaconReport } from "@hexpin/sdk";
import { PocVerifier } from "../verifier";
import { PocConfig } from "../config";
import { PocOutcome } from "../../types";
import { PocState } from "../../state/poc-state";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, RadioEpochOptions, WorldHotspot, hexpinTestConfig, offset, testConfig as testConfigHelium, windowOf } from "./poc-test-world";
import { closingSeed, laterEntropySeed, laterSelectionScore } from "../selection";

interface EpochRun {
  outcome: PocOutcome;
  verdictOf: (r: ReceivedReport) => string | null;
  reports: ReceivedReport[];
  beacons: Map<WorldHotspot, ReceivedReport>;
}

/** Runs `epochs` epochs of radio in `world`, the state of each feeding the next. */
function runEpochs(world: PocTestWorld, epochs: number, opts: RadioEpochOptions = {}, cfg: PocConfig = hexpinTestConfig()): EpochRun[] {
  let state: PocState | null = null;
  const runs: EpochRun[] = [];
  for (let e = 0; e < epochs; e++) {
    const { reports, beacons } = world.radioEpoch(e, opts);
    const v: PocVerifier = new PocVerifier(world.inputs({ window: windowOf(e), previousState: state, epoch: e }), cfg);
    const seqs = new Map(reports.map((r) => [r, v.ingest(r)]));
    const outcome: PocOutcome = v.finish();
    state = outcome.nextState!;
    runs.push({ outcome, reports, beacons, verdictOf: (r) => v.verdict(seqs.get(r)!) });
  }
  return runs;
}

/** Witness reports of `b`'s beacon by `writers`, with the RSSI the test model predicts for the asserted spots. */
function written(world: PocTestWorld, b: WorldHotspot, beacon: ReceivedReport, writers: WorldHotspot[]): ReceivedReport[] {
  return writers.filter((w) => w !== b).map((w, k) => world.witness(w, b, beacon, 700 + k * 10));
}

const trustOf = (o: PocOutcome, h: WorldHotspot) => o.trustBps[h.info.key] ?? 0;

describe("hexpin PoC: trust is earned from independent evidence", () => {
  it("starts every hotspot at zero and lets verified ones rise by half the gap each epoch (one beacon an epoch is half the evidence wanted)", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const runs = runEpochs(world, 3);
    for (const [e, want] of [[0, 2_500], [1, 3_750], [2, 4_375]] as const) {
      const trust = Object.values(runs[e].outcome.trustBps);
      assert.equal(trust.length, 49);
      assert.ok(trust.every((t) => t === want), `epoch ${e}: ${[...new Set(trust)]}`);
    }
    assert.equal(runs[2].outcome.nextState!.epoch, 2);
    assert.equal(Object.keys(runs[0].outcome.radio!).length, 49, "every hotspot is measured");
  });

  it("gives a key with no radio nothing, whatever it claims and whatever real radios write about it: the hotspots around its spot never hear it", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const [a, b] = [world.hotspots[23], world.hotspots[25]];
    const p = offset(600, 1_300);
    const ghost = world.add("ghost", p.lat, p.lng, { gainDbi10: 120, elevationM: 300 });
    const runs = runEpochs(world, 3, { silent: new Set([ghost]), extra: (bb, beacon, w) => (bb === ghost ? written(w, ghost, beacon, [a, b]) : []) });
    for (const run of runs) {
      assert.equal(trustOf(run.outcome, ghost), 0);
      assert.equal(run.verdictOf(run.beacons.get(ghost)!), "radio_contradicts_claims");
      assert.equal(run.outcome.radio![ghost.info.key], undefined, "no coverage");
      assert.ok(trustOf(run.outcome, a) > 0 && trustOf(run.outcome, b) > 0, "the radios that wrote for it keep their own evidence");
    }
  });

  it("contradicts a radio standing kilometres from its asserted spot: heard too strongly on one side and not at all on the other", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const p = offset(-6_200, -6_900);
    const liar = world.add("elsewhere", p.lat, p.lng);
    const truly = offset(4_100, 3_900);
    const runs = runEpochs(world, 2, { transmitFrom: new Map([[liar, truly]]) });
    for (const run of runs) {
      assert.equal(run.verdictOf(run.beacons.get(liar)!), "radio_contradicts_claims");
      assert.equal(trustOf(run.outcome, liar), 0);
    }
  });

  it("rejects a relay's links as stronger than the model allows and contradicts the relayed hotspot", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const far = offset(45_000, 0);
    const remote = world.add("remote", far.lat, far.lng);
    const relay = offset(0, 0);
    const [run] = runEpochs(world, 1, { transmitFrom: new Map([[remote, relay]]), listenFrom: new Map([[remote, relay]]) });
    const relayed = run.reports.filter((r) => r.report.kind === "witness" && Buffer.from(r.report.beaconerKey).equals(Buffer.from(remote.kp.publicKey)));
    assert.ok(relayed.length > 20);
    assert.ok(relayed.filter((r) => run.verdictOf(r) === "stronger_than_model").length >= 10, "the strongest links are impossible at 45 km");
    assert.ok(relayed.every((r) => run.verdictOf(r) !== null), "none counts");
    assert.equal(run.verdictOf(run.beacons.get(remote)!), "radio_contradicts_claims");
    assert.equal(trustOf(run.outcome, remote), 0);
  });

  it("does not count a witness of the beaconer's own owner as independent evidence", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const [a, b] = [world.hotspots[10], world.hotspots[11]];
    (b.info as { owner: string }).owner = a.info.owner;
    const [run] = runEpochs(world, 1);
    const bHearsA = run.reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(b.kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)))!;
    assert.equal(run.verdictOf(bHearsA), "witness_not_independent");
    const cHearsA = run.reports.find((r) => r.report.kind === "witness" && Buffer.from(r.report.witnessKey).equals(Buffer.from(world.hotspots[12].kp.publicKey)) && Buffer.from(r.report.beaconerKey).equals(Buffer.from(a.kp.publicKey)))!;
    assert.notEqual(run.verdictOf(cHearsA), "witness_not_independent");
  });

  it("gives a closed ring of keys that only witness each other nothing, however many owners it has", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const ring: WorldHotspot[] = [];
    for (let k = 0; k < 5; k++) {
      const p = offset(90_000 + (k % 2) * 1_500, (k - 2) * 1_800);
      ring.push(world.add(`ring-${k}`, p.lat, p.lng));
    }
    const runs = runEpochs(world, 2, { extra: (b, beacon, w) => (ring.includes(b) ? written(w, b, beacon, ring) : []) });
    for (const run of runs) {
      for (const k of ring) assert.equal(trustOf(run.outcome, k), 0, "no outside evidence");
      assert.ok(trustOf(run.outcome, world.hotspots[24]) > 0);
    }
  });

  it("splits one hotspot's trust between several keys behind one radio", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const real = world.hotspots[24];
    const twin = world.add("twin", real.lat + 220 / 111_320, real.lng);
    const runs = runEpochs(world, 2, { transmitFrom: new Map([[twin, { lat: real.lat, lng: real.lng }]]) });
    const normal = trustOf(runs[1].outcome, world.hotspots[16]);
    assert.ok(normal > 0);
    assert.equal(trustOf(runs[1].outcome, real), Math.floor(normal / 2));
    assert.equal(trustOf(runs[1].outcome, twin), Math.floor(normal / 2));
  });

  it("does not let one radio prop up several keys that nobody else hears (thin vouching)", () => {
    const world = PocTestWorld.grid(7, 2_500);
    const [e1, e2] = [world.hotspots[6], world.hotspots[13]]; // the east edge
    const keys: WorldHotspot[] = [];
    for (let k = 0; k < 3; k++) {
      const p = offset(7_000 - k * 2_000, 16_000 + (k % 2) * 800);
      keys.push(world.add(`beyond-${k}`, p.lat, p.lng));
    }
    const props = [e1, e2];
    const runs = runEpochs(world, 3, {
      silent: new Set(keys),
      deaf: new Set(keys),
      extra: (b, beacon, w) => (keys.includes(b) ? written(w, b, beacon, [...props, ...keys]) : props.includes(b) ? written(w, b, beacon, keys) : []),
    });
    const last = runs[2].outcome;
    for (const k of keys) assert.equal(trustOf(last, k), 0, "each key's only independent vouchers prop up three");
    for (const p of props) assert.ok(trustOf(last, p) > 0);
  });
});

describe("hexpin PoC: witness selection nobody can steer", () => {
  /** The witnesses drawn for each beacon of a dense grid (≈ 40 eligible each, 14 drawn). */
  function draws(cfg: PocConfig, timestampMs?: number): Record<string, string[]> {
    const world = PocTestWorld.grid(7, 1_200, "draw");
    const [run] = runEpochs(world, 1, timestampMs === undefined ? {} : { beaconTweak: () => ({ timestampMs }) }, cfg);
    return Object.fromEntries(run.outcome.beacons.map((b) => [b.beaconer, b.selectedWitnesses]));
  }
  const isolated = (c: PocConfig): PocConfig => ({ ...c, evidence: { ...c.evidence, clusterMinOutsidePartners: 0 } });

  it("draws the same witnesses whatever device timestamp a beaconer writes into its beacon", () => {
    const a = draws(isolated(hexpinTestConfig()), 1);
    assert.ok(Object.keys(a).length > 40 && Object.values(a).every((s) => s.length === 14), "every beacon has more eligible witnesses than the cap");
    assert.deepEqual(draws(isolated(hexpinTestConfig()), 987_654_321), a);
  });

  it("in the helium-derived rules, the timestamp the beaconer chooses moves the draw", () => {
    const helium = { ...testConfigHelium(), geometry: { ...testConfigHelium().geometry, minWitnesses: 1_000, hotspotMinLinks: 1_000_000 } };
    assert.notDeepEqual(draws(helium, 1), draws(helium, 987_654_321));
  });

  it("seeds each beacon's draw with the first entropy published after its witness deadline, else the closing seed", () => {
    const rec = (id: number, t: number) => ({ id, value: new Uint8Array(32).fill(id), publishedAtMs: t });
    const byTime = [rec(1, 1_000), rec(2, 61_000), rec(3, 121_000)];
    const closing = closingSeed(byTime);
    assert.deepEqual(laterEntropySeed(byTime, 40_000, 20_000, closing), byTime[1].value, "deadline 60 s: the record at 61 s");
    assert.deepEqual(laterEntropySeed(byTime, 41_000, 20_000, closing), byTime[2].value, "deadline exactly 61 s: strictly after");
    assert.deepEqual(laterEntropySeed(byTime, 200_000, 20_000, closing), closing);
    assert.notDeepEqual(closingSeed([...byTime, rec(4, 181_000)]), closing);
    const key = new Uint8Array(32).fill(1);
    assert.notEqual(laterSelectionScore(byTime[1].value, key, 9, new Uint8Array(32).fill(2)), laterSelectionScore(byTime[2].value, key, 9, new Uint8Array(32).fill(2)));
  });
});

describe("hexpin PoC: per-report physics", () => {
  function oneBeacon() {
    const world = PocTestWorld.grid(5, 2_000, "physics");
    const [b, w1, w2, w3] = world.hotspots;
    const t = windowOf(0).startMs + 3_600_000;
    const ent = world.publishEntropy(t - 10_000);
    return { world, b, w1, w2, w3, ent, t };
  }

  it("rejects a beacon that does not declare the standard EIRP less its asserted gain", () => {
    const { world, b, ent, t } = oneBeacon();
    const ok = world.beacon(b, ent, t);
    assert.equal((ok.report as BeaconReport).txPowerDbm10, 300 - b.info.gainDbi10);
    const low = world.beacon(b, world.publishEntropy(t + 20_000_000), t + 20_010_000, { txPowerDbm10: 240 });
    const v = new PocVerifier(world.inputs({ window: windowOf(0) }), hexpinTestConfig());
    const [s1, s2] = [v.ingest(ok), v.ingest(low)];
    v.finish();
    assert.notEqual(v.verdict(s1), "nonstandard_tx_power");
    assert.equal(v.verdict(s2), "nonstandard_tx_power");
  });

  it("rejects readings no receiver produces: RSSI below sensitivity, SNR that does not follow from the RSSI", () => {
    const { world, b, w1, w2, w3, ent, t } = oneBeacon();
    const beacon = world.beacon(b, ent, t);
    const weak = world.witness(w1, b, beacon, 600, { rssiDbm10: -1_260, snrDb10: -200 });
    const noisy = world.witness(w2, b, beacon, 600, { snrDb10: -150 });
    const fine = world.witness(w3, b, beacon, 600);
    const v = new PocVerifier(world.inputs({ window: windowOf(0) }), hexpinTestConfig());
    const seqs = [beacon, weak, noisy, fine].map((r) => v.ingest(r));
    v.finish();
    assert.equal(v.verdict(seqs[1]), "below_sensitivity");
    assert.equal(v.verdict(seqs[2]), "snr_inconsistent");
    assert.ok(!["below_sensitivity", "snr_inconsistent"].includes(String(v.verdict(seqs[3]))), "a reading that follows from the RSSI passes these rules");
  });

  it("rejects a link far stronger than the model allows at its asserted distance, even under the free-space ceiling", () => {
    const world = PocTestWorld.grid(5, 2_000, "ceiling");
    const b = world.hotspots[0];
    const far = world.hotspots[24]; // ≈ 11.3 km
    const t = windowOf(0).startMs + 3_600_000;
    const beacon = world.beacon(b, world.publishEntropy(t - 10_000), t);
    const ceiling = world.fsplCeiling(b, far, beacon.report as BeaconReport);
    const strong = world.witness(far, b, beacon, 600, { rssiDbm10: ceiling - 10 });
    const v = new PocVerifier(world.inputs({ window: windowOf(0) }), hexpinTestConfig());
    const seqs = [beacon, strong].map((r) => v.ingest(r));
    v.finish();
    assert.equal(v.verdict(seqs[1]), "stronger_than_model");
  });
});

describe("hexpin PoC: state across epochs", () => {
  it("keeps the beacon schedule across epochs: a beacon less than an interval after last epoch's last one is too frequent", () => {
    const world = PocTestWorld.grid(5, 2_000, "schedule");
    const [run] = runEpochs(world, 1);
    const b = world.hotspots[3];
    const last = run.beacons.get(b)!.receivedAtMs;
    const ent = world.publishEntropy(last + 5 * 3_600_000);
    const soon = world.beacon(b, ent, ent.publishedAtMs + 1_000);
    const later = new PocVerifier(world.inputs({ window: { startMs: last + 3_600_000, endMs: last + 30 * 3_600_000 }, previousState: run.outcome.nextState, epoch: 1 }), hexpinTestConfig());
    const seq = later.ingest(soon);
    later.finish();
    assert.equal(later.verdict(seq), "beacon_too_frequent");
  });

  it("restarts a hotspot's trust when it moves, and forgets keys no longer registered", () => {
    const world = PocTestWorld.grid(7, 2_500, "moves");
    const [first] = runEpochs(world, 1);
    const mover = world.hotspots[30];
    const gone = world.hotspots[5];
    const stays = world.hotspots[29];
    assert.ok(trustOf(first.outcome, mover) > 0);
    const p = offset(900, 1_100);
    mover.info.location = latLngToCell(p.lat, p.lng, 12);
    Object.assign(mover, p);
    world.hotspots.splice(world.hotspots.indexOf(gone), 1);
    const { reports } = world.radioEpoch(1);
    const v = new PocVerifier(world.inputs({ window: windowOf(1), previousState: first.outcome.nextState, epoch: 1 }), hexpinTestConfig());
    for (const r of reports) v.ingest(r);
    const o = v.finish();
    assert.equal(trustOf(o, mover), 2_500, "from zero again, as at genesis");
    assert.equal(trustOf(o, stays), 3_750, "the others keep climbing");
    assert.equal(o.nextState!.hotspots.find((r) => r.key === gone.info.key), undefined);
  });
});
