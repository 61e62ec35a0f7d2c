import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { decodeReport, verifyReportSignature } from "@hexpin/sdk";
import { SimRandom } from "./prng";
import { area, booleanPointInPolygon, point } from "@turf/turf";
import { simulateEpoch } from "./epoch";
import { measureDetection, formatDetection, DetectionReport, DetectionTally } from "./detection";
import { cityParts } from "./cities";
import { ReceptionGrid, MAX_SHADOWING_SIGMAS, siteGainDb } from "./reception";
import { URBAN_915, totalSigmaDb } from "./radio";
import { ReportAdmitter } from "../ingest/admit";

function streamDigest(it: Iterable<{ bytes: Uint8Array; receivedAtMs: number; label: object }>): { digest: string; count: number } {
  const h = createHash("sha256");
  let count = 0;
  for (const r of it) {
    h.update(r.bytes).update(String(r.receivedAtMs)).update(JSON.stringify(r.label));
    count++;
  }
  return { digest: h.digest("hex"), count };
}

describe("fleet simulator", () => {
  it("its PRNG is a pure function of the seed", () => {
    const a = new SimRandom("x");
    const b = new SimRandom("x");
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    assert.deepEqual(Array.from({ length: 100 }, () => b.nextU32()), xs);
    assert.notDeepEqual(Array.from({ length: 100 }, () => new SimRandom("y").nextU32()), xs.slice(0, 1));
    const c = new SimRandom("n");
    const ns = Array.from({ length: 20000 }, () => c.normal());
    const mean = ns.reduce((s, v) => s + v, 0) / ns.length;
    const sd = Math.sqrt(ns.reduce((s, v) => s + (v - mean) ** 2, 0) / ns.length);
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(sd - 1) < 0.03, `${mean} ${sd}`);
  });

  it("streams the same bytes, times and labels on every run and every iteration", () => {
    const p = { seed: "determinism", hotspots: 60, beaconsPerHotspot: 2 };
    const e1 = simulateEpoch(p);
    const first = streamDigest(e1.reports());
    assert.ok(first.count > 500);
    assert.deepEqual(streamDigest(e1.reports()), first);
    assert.deepEqual(streamDigest(simulateEpoch(p).reports()), first);
    assert.notEqual(streamDigest(simulateEpoch({ ...p, seed: "other" }).reports()).digest, first.digest);
  });

  it("signs every report with the named hotspot's key, or emits zero signatures when sign is false", () => {
    const signed = simulateEpoch({ seed: "sig", hotspots: 30, beaconsPerHotspot: 1 });
    let n = 0;
    for (const r of signed.reports()) {
      assert.ok(verifyReportSignature(r.bytes));
      if (++n === 200) break;
    }
    const unsigned = simulateEpoch({ seed: "sig", hotspots: 30, beaconsPerHotspot: 1, sign: false });
    const it = unsigned.reports().next();
    assert.ok(!it.done);
    const bytes = it.value.bytes;
    assert.ok(bytes.subarray(bytes.length - 64).every((x) => x === 0));
    assert.equal(decodeReport(bytes).kind, "beacon");
    assert.equal(new ReportAdmitter().admit(bytes, 0).ok, false);
    assert.equal(new ReportAdmitter({ verifySignatures: false }).admit(bytes, 0).ok, true);
  });

  it("places every hotspot inside the city and asserts the right cells for honest ones", () => {
    const e = simulateEpoch({ seed: "place", hotspots: 200 });
    for (const h of e.fleet.hotspots) {
      assert.ok(h.lat > 37.70 && h.lat < 37.82 && h.lng > -122.52 && h.lng < -122.37, `${h.lat},${h.lng}`);
    }
    assert.equal(e.registry.length, 200);
    assert.ok(e.fleet.hotspots.some((h) => h.behaviour === "collusion_ring"));
  });
});

describe("simulator at scale", () => {
  it("culls no hotspot that could hear a beacon within the shadowing bound (grid against brute force)", () => {
    const e = simulateEpoch({ seed: "cull", hotspots: 400, city: "bay-area", sign: false });
    const sites = e.fleet.sites;
    const grid = new ReceptionGrid(sites, URBAN_915);
    for (const b of sites.slice(0, 40)) {
      const txDbm = 30 + siteGainDb(URBAN_915, b);
      const n = grid.collect(b.index, b.x, b.y, txDbm);
      const got = new Set(Array.from(grid.candidate.subarray(0, n)));
      const want = new Set<number>();
      for (const w of sites) {
        if (w === b) continue;
        const best = txDbm + grid.rxDb[w.index] - grid.pathLossDb((w.x - b.x) ** 2 + (w.y - b.y) ** 2) + MAX_SHADOWING_SIGMAS * totalSigmaDb(URBAN_915);
        if (best >= URBAN_915.sensitivityDbm + 1e-9) want.add(w.index);
      }
      for (const j of want) assert.ok(got.has(j), `beacon ${b.index}: candidate ${j} culled`);
      assert.ok(got.size <= want.size + 2, "the grid adds only boundary cases");
    }
  });

  it("spreads a region's fleet over its metros in proportion to area, each hotspot inside its own part", () => {
    const e = simulateEpoch({ seed: "metros", hotspots: 3000, city: "us-metros", sign: false });
    const parts = cityParts("us-metros");
    const perPart = new Array<number>(parts.length).fill(0);
    for (const h of e.fleet.hotspots) {
      perPart[h.part]++;
      if (h.ring < 0) assert.ok(booleanPointInPolygon(point([h.lng, h.lat]), parts[h.part]), `${h.index} outside ${parts[h.part].properties?.name}`);
    }
    const areas = parts.map((p) => area(p));
    const total = areas.reduce((a, b) => a + b, 0);
    perPart.forEach((c, k) => {
      const expected = (3000 * areas[k]) / total;
      assert.ok(c > 0.6 * expected && c < 1.5 * expected, `${parts[k].properties?.name}: ${c} hotspots, ~${expected.toFixed(0)} expected`);
    });
    // metros are a frame apart: nobody hears across them
    const byPart = new Map(e.fleet.hotspots.map((h) => [h.index, h.part]));
    let witnesses = 0;
    for (const r of e.reports()) {
      if (r.label.kind === "witness" && r.label.counterpart !== r.label.actor) {
        assert.equal(byPart.get(r.label.actor), byPart.get(r.label.counterpart));
        if (++witnesses === 5000) break;
      }
    }
  });

  it("tallies detection in sequence order only", () => {
    const e = simulateEpoch({ seed: "tally", hotspots: 20, sign: false });
    const t = new DetectionTally(e.fleet);
    t.record(0, { kind: "beacon", actor: 0, counterpart: -1, attack: null, collateral: false });
    assert.throws(() => t.record(2, { kind: "beacon", actor: 1, counterpart: -1, attack: null, collateral: false }), /out of sequence/);
    assert.equal(t.recorded, 1);
  });
});

describe("simulated detection (300 hotspots, 4 beacons each, seed hexpin-detection-1)", function () {
  this.timeout(120_000);
  let d: DetectionReport;
  before(() => {
    d = measureDetection(simulateEpoch({ seed: "hexpin-detection-1", hotspots: 300 }));
    console.log(formatDetection(d).replace(/^/gm, "      "));
  });

  it("catches every replayed beacon, duplicate witness and self-witness", () => {
    for (const k of ["replayed_beacon", "duplicate_witness", "self_witness"] as const) {
      assert.ok(d.byAttack[k]!.reports > 0, k);
      assert.equal(d.byAttack[k]!.rate, 1, k);
    }
  });

  it("catches ≥ 99% of precomputed beacons", () => {
    assert.ok(d.byAttack.precomputed_beacon!.reports > 0);
    assert.ok(d.byAttack.precomputed_beacon!.rate >= 0.99);
  });

  it("catches ≥ 99% of spoofed-location reports (rejected or author's trust cut)", () => {
    assert.ok(d.byAttack.spoofed_location!.reports > 100);
    assert.ok(d.byAttack.spoofed_location!.rate >= 0.99, String(d.byAttack.spoofed_location!.rate));
  });

  it("catches ≥ 90% of collusion-ring reports (measured 92–94% on two seeds; below the 99% target)", () => {
    assert.ok(d.byAttack.collusion_ring!.reports > 100);
    assert.ok(d.byAttack.collusion_ring!.rate >= 0.9, String(d.byAttack.collusion_ring!.rate));
  });

  it("catches only some inflated-gain reports (measured 18–54% over three seeds: 6–12 dB of extra claimed gain hides in site-loss and shadowing variation)", () => {
    assert.ok(d.byAttack.inflated_gain!.reports > 100);
    assert.ok(d.byAttack.inflated_gain!.rate >= 0.15, String(d.byAttack.inflated_gain!.rate));
  });

  it("lists every honest rejection for diagnosis", () => {
    assert.equal(d.honestRejections.length, d.honest.detected);
  });

  it("rejects ≤ 1% of honest reports and cuts no honest hotspot's trust", () => {
    assert.ok(d.honest.reports > 10_000);
    assert.ok(d.honest.rate <= 0.01, String(d.honest.rate));
    assert.equal(d.hotspots.honest!.untrusted, 0);
  });
});
