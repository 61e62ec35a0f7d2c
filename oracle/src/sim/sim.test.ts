import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { decodeReport, verifyReportSignature } from "@hexpin/sdk";
import { SimRandom } from "./prng";
import { area, booleanPointInPolygon, point } from "@turf/turf";
import { simulateEpoch, simulateWorld } from "./epoch";
import { FULL_ATTACK_PLAN } from "./fleet";
import { latLngToCell } from "h3-js";
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

  it("places every hotspot's radio inside the city and asserts the true cell for honest ones", () => {
    const e = simulateEpoch({ seed: "place", hotspots: 200 });
    for (const h of e.fleet.hotspots) {
      assert.ok(h.lat > 37.70 && h.lat < 37.82 && h.lng > -122.52 && h.lng < -122.37, `${h.lat},${h.lng}`);
      if (h.behaviour === "honest") assert.equal(h.info.location, latLngToCell(h.lat, h.lng, 12));
      assert.equal(h.info.owner, h.info.key, "every key its own owner (attackers split owners too)");
    }
    assert.equal(e.registry.length, 200);
    assert.ok(e.fleet.hotspots.some((h) => h.behaviour === "collusion_ring"));
  });

  it("places each attack family as designed, and registers only real radios, honestly, in the counterfactual", () => {
    const world = simulateWorld({ seed: "families", hotspots: 200, attacks: FULL_ATTACK_PLAN, sign: false });
    const cf = simulateWorld({ seed: "families", hotspots: 200, attacks: FULL_ATTACK_PLAN, sign: false, counterfactual: true });
    const keys = world.fleet.hotspots;
    const of = (b: string) => keys.filter((h) => h.behaviour === b);
    for (const b of ["radioless", "model_writer", "fed_key", "poisoner", "bridged_key", "town_key"]) {
      assert.ok(of(b).length > 0 && of(b).every((h) => h.txSites.length === 0), b);
    }
    assert.ok(of("fed_key").every((h) => h.rxSite >= 0), "fed keys hear through unregistered receivers");
    assert.ok(of("wormhole").every((h) => h.txSites.length === 2 && h.rxSite === h.txSites[1]), "remote radio plus relay");
    const shared = of("shared_radio");
    assert.equal(new Set(shared.map((h) => h.txSites[0])).size, FULL_ATTACK_PLAN.shared_radio);
    assert.ok(of("radioless").every((h) => h.info.gainDbi10 === 120 && h.info.elevationM === 300));
    // the counterfactual: honest population identical, one honest key per attacker radio, no radio-less keys.
    const honest = keys.filter((h) => h.family === "honest").map((h) => h.address);
    assert.deepEqual(cf.fleet.hotspots.filter((h) => h.family === "honest").map((h) => h.address), honest);
    assert.ok(cf.fleet.hotspots.every((h) => h.behaviour === "honest" && h.txSites.length === 1));
    const radios = new Set(keys.filter((h) => h.family !== "honest").map((h) => h.txSites[0]).filter((s) => s !== undefined));
    assert.equal(cf.fleet.hotspots.filter((h) => h.family !== "honest").length, radios.size);
  });

  it("gives honest hotspots the same beacons and receptions in a world with attackers as in its counterfactual", () => {
    const params = { seed: "same-honest", hotspots: 120, attacks: FULL_ATTACK_PLAN, sign: false } as const;
    const honestLinks = (w: ReturnType<typeof simulateWorld>) => {
      const honest = new Set(w.fleet.hotspots.filter((h) => h.family === "honest").map((h) => h.index));
      const out: string[] = [];
      for (const r of w.epoch(1).reports()) {
        if (r.label.kind !== "witness" || !honest.has(r.label.actor) || !honest.has(r.label.counterpart)) continue;
        const d = decodeReport(r.bytes);
        if (d.kind === "witness") out.push(`${Buffer.from(d.witnessKey).toString("hex")}:${Buffer.from(d.payload).toString("hex")}:${d.rssiDbm10}`);
      }
      return out.sort();
    };
    const a = honestLinks(simulateWorld(params));
    assert.ok(a.length > 1_000);
    assert.deepEqual(honestLinks(simulateWorld({ ...params, counterfactual: true })), a);
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

describe("simulated detection, one epoch (300 hotspots, 4 beacons each, seed hexpin-detection-1)", function () {
  this.timeout(180_000);
  let d: DetectionReport;
  before(() => {
    d = measureDetection(simulateEpoch({ seed: "hexpin-detection-1", hotspots: 300 }));
    console.log(formatDetection(d).replace(/^/gm, "      "));
  });

  it("catches every replayed beacon, duplicate witness, self-witness and precomputed beacon", () => {
    for (const k of ["replayed_beacon", "duplicate_witness", "self_witness", "precomputed_beacon"] as const) {
      assert.ok(d.byAttack[k]!.reports > 0, k);
      assert.equal(d.byAttack[k]!.rate, 1, k);
    }
  });

  it("catches every report of spoofed locations and of the room of radios asserted apart, from the first epoch (rejected or untrusted)", () => {
    for (const k of ["spoofed_location", "collusion_ring"] as const) {
      assert.ok(d.byAttack[k]!.reports > 500, k);
      assert.ok(d.byAttack[k]!.rate >= 0.99, `${k}: ${d.byAttack[k]!.rate}`);
    }
    assert.equal(d.hotspots.spoofed_location!.untrusted, d.hotspots.spoofed_location!.count);
    assert.equal(d.hotspots.collusion_ring!.untrusted, d.hotspots.collusion_ring!.count);
  });

  it("lists every honest rejection for diagnosis", () => {
    assert.equal(d.honestRejections.length, d.honest.detected);
  });

  it("rejects ≤ 1% of honest reports and leaves no honest hotspot untrusted", () => {
    assert.ok(d.honest.reports > 10_000);
    assert.ok(d.honest.rate <= 0.01, String(d.honest.rate));
    assert.equal(d.hotspots.honest!.untrusted, 0);
  });
});
