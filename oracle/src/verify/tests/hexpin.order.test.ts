import assert from "node:assert/strict";
import { PocVerifier } from "../verifier";
import { encodePocState, pocStateDigest } from "../../state/encoding";
import { PocState } from "../../state/poc-state";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, WorldHotspot, hexpinTestConfig, offset, seedOf, windowOf } from "./poc-test-world";

function shuffled<T>(xs: T[], seed: number): T[] {
  const a = xs.slice();
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A messy hexpin epoch: a dense grid, a liar elsewhere, a ghost, fabricated and duplicated reports. */
function messyWorld(): { world: PocTestWorld; epoch: (e: number) => ReceivedReport[] } {
  const world = PocTestWorld.grid(6, 1_500, "hexpin-order");
  const p = offset(-3_000, 2_000);
  const liar = world.add("liar", p.lat, p.lng);
  const q = offset(800, -900);
  const ghost = world.add("ghost", q.lat, q.lng);
  const props: WorldHotspot[] = [world.hotspots[3], world.hotspots[4]];
  const epoch = (e: number) => {
    const { reports, beacons } = world.radioEpoch(e, {
      transmitFrom: new Map([[liar, offset(3_000, 3_000)]]),
      silent: new Set([ghost]),
      extra: (b, beacon, w) => (b === ghost ? props.map((x, k) => w.witness(x, ghost, beacon, 800 + k)) : []),
    });
    const b0 = beacons.get(world.hotspots[0])!;
    const dup = world.witness(world.hotspots[1], world.hotspots[0], b0, 1_500, { rssiDbm10: -1_000 });
    const self = world.witness(world.hotspots[2], world.hotspots[2], beacons.get(world.hotspots[2])!, 700, { rssiDbm10: -400 });
    const bad = world.beacon(world.hotspots[5], world.publishEntropy(windowOf(e).startMs + 20 * 3_600_000), windowOf(e).startMs + 20 * 3_600_000 + 500, { payload: seedOf("precomputed") });
    return [...reports, dup, self, bad];
  };
  return { world, epoch };
}

function run(world: PocTestWorld, reports: ReceivedReport[], e: number, previous: PocState | null) {
  const v = new PocVerifier(world.inputs({ window: windowOf(e), previousState: previous, epoch: e }), hexpinTestConfig());
  for (const r of reports) v.ingest(r);
  const o = v.finish();
  return { outcome: o, json: JSON.stringify({ ...o, nextState: pocStateDigest(o.nextState!) }) };
}

describe("hexpin PoC determinism", () => {
  it("gives a byte-identical outcome and next state for any ingestion order, epoch after epoch", () => {
    const { world, epoch } = messyWorld();
    let previous: PocState | null = null;
    for (let e = 0; e < 3; e++) {
      const reports = epoch(e);
      const outs = [0, 1, 2, 3].map((seed) => run(world, seed === 0 ? reports : seed === 1 ? reports.slice().reverse() : shuffled(reports, seed), e, previous));
      for (const o of outs) assert.equal(o.json, outs[0].json, `epoch ${e}`);
      const parsed = outs[0].outcome;
      for (const k of ["radio_contradicts_claims", "duplicate_witness", "self_witness", "beacon_payload_mismatch", "not_selected"]) assert.ok((parsed.reasonCounts as Record<string, number>)[k] > 0, `${k} in epoch ${e}`);
      previous = parsed.nextState!;
    }
  });

  it("encodes the next state canonically: equal states, equal bytes, whichever run made them", () => {
    const { world, epoch } = messyWorld();
    const reports = epoch(0);
    const a = run(world, reports, 0, null).outcome.nextState!;
    const b = run(world, shuffled(reports, 7), 0, null).outcome.nextState!;
    assert.deepEqual(encodePocState(a), encodePocState(b));
    assert.ok(a.hotspots.length > 30 && a.edges.a.length > 100 && a.calibration !== null);
  });
});
