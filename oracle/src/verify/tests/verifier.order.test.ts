import assert from "node:assert/strict";
import { PocVerifier } from "../verifier";
import { ReceivedReport } from "../../ingest/received";
import { PocTestWorld, testConfig, seedOf } from "./poc-test-world";
import { defaultPocConfig } from "../config";
import { BeaconReport } from "@hexpin/sdk";

/** A messy epoch: valid traffic plus duplicates, self-witnesses, bad payloads, late and lying witnesses. */
function messyEpoch(): { world: PocTestWorld; reports: ReceivedReport[] } {
  const world = new PocTestWorld(18, "order");
  const { reports, beacons } = world.baseline();
  const hs = world.hotspots;
  const extra: ReceivedReport[] = [];
  beacons.forEach((b, i) => {
    const w = hs[(i + 1) % hs.length];
    extra.push(world.witness(w, hs[i], b, 1500, { rssiDbm10: -900 })); // duplicate (later copy)
    if (i % 3 === 0) extra.push(world.witness(hs[i], hs[i], b, 700, { rssiDbm10: -400 })); // self
    if (i % 4 === 0) extra.push(world.witness(hs[(i + 2) % hs.length], hs[i], b, 25_000)); // late duplicate
    if (i % 5 === 0) extra.push({ ...b, receivedAtMs: b.receivedAtMs + 60_000 }); // replayed beacon
  });
  const e = world.publishEntropy(beacons[3].receivedAtMs + 1);
  extra.push(world.beacon(hs[3], e, e.publishedAtMs + 100, { payload: seedOf("precomputed") }));
  // identical receive times everywhere, to exercise tie-breaks
  const tied = reports.map((r) => ({ ...r, receivedAtMs: r.report.kind === "witness" ? Math.floor(r.receivedAtMs / 1000) * 1000 + 600 : r.receivedAtMs }));
  return { world, reports: [...tied, ...extra] };
}

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

describe("PoC verifier determinism", () => {
  for (const [name, cfg] of [["fixed model", testConfig()], ["calibrated model", defaultPocConfig("US915", "helium-derived")]] as const) {
    it(`yields a byte-identical outcome for any ingestion order (${name})`, () => {
      const { world, reports } = messyEpoch();
      const outcomes = [0, 1, 2, 3, 4, 5].map((seed) => {
        const v = new PocVerifier(world.inputs(), cfg);
        const order = seed === 0 ? reports : seed === 1 ? reports.slice().reverse() : shuffled(reports, seed);
        for (const r of order) v.ingest(r);
        return JSON.stringify(v.finish());
      });
      for (const o of outcomes) assert.equal(o, outcomes[0]);
      const parsed = JSON.parse(outcomes[0]);
      assert.ok(parsed.beacons.length > 10);
      for (const k of ["duplicate_witness", "self_witness", "beacon_payload_mismatch", "not_selected"]) assert.ok(parsed.reasonCounts[k] > 0, k);
    });
  }

  it("is deterministic across independent runs and gives each report the same verdict in any order", () => {
    const { world, reports } = messyEpoch();
    const verdicts = (order: ReceivedReport[]) => {
      const v = new PocVerifier(world.inputs(), testConfig());
      const seqs = new Map(order.map((r) => [r, v.ingest(r)]));
      v.finish();
      return reports.map((r) => v.verdict(seqs.get(r)!));
    };
    const a = verdicts(reports);
    assert.deepEqual(verdicts(shuffled(reports, 99)), a);
    assert.ok(a.some((x) => x === null) && a.some((x) => x !== null));
  });

  it("refuses ingestion after finish and verdicts before it", () => {
    const { world, reports } = messyEpoch();
    const v = new PocVerifier(world.inputs(), testConfig());
    v.ingest(reports[0]);
    assert.throws(() => v.verdict(0), /after finish/);
    v.finish();
    assert.throws(() => v.ingest(reports[1]), /already finished/);
    assert.equal((reports[0].report as BeaconReport).kind, "beacon");
  });
});
