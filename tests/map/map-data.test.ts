// The map's JSON shapes, built from two real simulated epochs: every number the
// page shows must add up to what the epoch computed.
import { strict as assert } from "node:assert";
import {
  BBox,
  buildCoverage,
  buildHotspotDetail,
  buildMapSnapshot,
  buildHotspots,
  hexScore,
  HOTSPOT_STATUSES,
  MapQueryError,
  parseBBox,
  parseEpoch,
  parseHotspotKey,
  pointInBBox,
  rewardIdOf,
  VALID_TRUST_BPS,
  widenBBox,
} from "../../oracle/src/api/map-data";
import type { EpochResult } from "../../oracle/src";
import { MapEpochStore } from "../../oracle/src/api/map-store";
import { MapWorld, sharedMapWorld } from "./map-world";

function expectQueryError(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof MapQueryError && e.code === code, `expected a ${code} error`);
}

describe("map data: query parsing", () => {
  it("parses a bbox in west,south,east,north order", () => {
    assert.deepEqual(parseBBox("-122.52,37.70,-122.35,37.83"), [-122.52, 37.7, -122.35, 37.83]);
    assert.deepEqual(parseBBox(" 170 , -10 , -170 , 10 "), [170, -10, -170, 10]); // across the antimeridian
  });

  it("rejects malformed, out-of-range or inverted bboxes with invalid_bbox", () => {
    for (const bad of ["", "1,2,3", "1,2,3,4,5", "a,b,c,d", "1,2,3,NaN", "1e999,0,1,1", "-181,0,0,1", "0,-91,1,0", "0,10,1,5", "0x10,0,1,1", "1,2,3,4".padEnd(300, " ")]) {
      expectQueryError(() => parseBBox(bad), "invalid_bbox");
    }
  });

  it("widens a bbox without ever losing what it covered, across the antimeridian too", () => {
    assert.deepEqual(widenBBox([-1, -1, 1, 1], 0), [-1, -1, 1, 1]);
    const [w, s, e, n] = widenBBox([-122.5, 37.7, -122.3, 37.8], 1.11);
    assert.ok(w < -122.5 && s < 37.7 && e > -122.3 && n > 37.8);
    const wrapped = widenBBox([-179.99, 0, -179, 1], 5);
    assert.ok(wrapped[0] > wrapped[2], "crosses the antimeridian");
    assert.ok(pointInBBox([179.99, 0.5], wrapped) && pointInBBox([-179.5, 0.5], wrapped));
    assert.deepEqual(widenBBox([10, 0, 9.99, 1], 50).filter((_, i) => i % 2 === 0), [-180, 180]); // nearly the whole world: all of it
  });

  it("accepts only non-negative integer epochs", () => {
    assert.equal(parseEpoch("0"), 0);
    assert.equal(parseEpoch("42"), 42);
    for (const bad of ["-1", "1.5", "1e3", "abc", "", "9999999999999999"]) expectQueryError(() => parseEpoch(bad), "invalid_epoch");
  });

  it("accepts base58 keys and rejects anything else with invalid_hotspot_key", () => {
    const key = "Hxc8MJR5Gb4kYEKpfgn35bdHv2BM2hubukas48mnyLQr";
    assert.equal(parseHotspotKey(key), key);
    for (const bad of ["", "short", `${key}0`, key.replace("H", "l"), "../../etc/passwd", `${key}/x`]) expectQueryError(() => parseHotspotKey(bad), "invalid_hotspot_key");
  });
});

describe("map data: shapes built from simulated San Francisco epochs", function () {
  this.timeout(120_000);
  let world: MapWorld;
  let e1: EpochResult;
  let e2: EpochResult;

  before(() => {
    world = sharedMapWorld();
    [e1, e2] = world.results;
  });

  it("maps every scored hex once, with scores that add up to the hotspots' coverage scores", () => {
    const config = world.inputs[1].config.scoring.coverage;
    const cov = buildCoverage(e2, config);
    assert.equal(cov.features.length, e2.scores.coverage.cells.size);
    assert.ok(e2.scores.coverage.cells.size > 100);
    assert.equal(new Set(cov.features.map((f) => f.properties.h3)).size, cov.features.length);
    // a hex's score is what its ranked hotspots earn there, so the sums must agree exactly (in bps)
    const hexBps = cov.features.reduce((s, f) => s + Math.round(f.properties.score * 10_000), 0);
    const hotspotBps = [...e2.scores.coverage.scores.values()].reduce((s, v) => s + v, 0);
    assert.equal(hexBps, hotspotBps);
    for (const f of cov.features) {
      const ring = f.geometry.coordinates[0];
      assert.deepEqual(ring[0], ring[ring.length - 1]);
      assert.equal(f.properties.rewardedHotspots, f.properties.ranked.length);
    }
  });

  it("doubles the score of boosted hexes and marks them", () => {
    const config = world.inputs[1].config.scoring.coverage;
    const cov = buildCoverage(e2, config);
    const boosted = cov.features.filter((f) => f.properties.boost > 1);
    assert.deepEqual(boosted.map((f) => f.properties.h3).sort(), Object.keys(world.boosted).sort());
    for (const f of boosted) {
      const cell = e2.scores.coverage.cells.get(f.properties.h3)!;
      assert.equal(f.properties.score, 2 * hexScore(cell.rankedRssiDbm10, 1, config));
    }
  });

  it("filters hexes by bbox: four quadrants together cover the city, a bbox elsewhere is empty", () => {
    const config = world.inputs[1].config.scoring.coverage;
    const all = buildCoverage(e2, config).features.map((f) => f.properties.h3);
    const mid: [number, number] = [-122.44, 37.76];
    const quadrants: BBox[] = [
      [-180, -90, mid[0], mid[1]],
      [mid[0], -90, 180, mid[1]],
      [-180, mid[1], mid[0], 90],
      [mid[0], mid[1], 180, 90],
    ];
    const seen = new Set<string>();
    for (const q of quadrants) {
      const part = buildCoverage(e2, config, q);
      assert.ok(part.features.length > 0 && part.features.length < all.length);
      for (const f of part.features) seen.add(f.properties.h3);
    }
    assert.deepEqual([...seen].sort(), [...all].sort());
    assert.equal(buildCoverage(e2, config, [13.2, 52.4, 13.6, 52.6]).features.length, 0); // Berlin
  });

  it("cuts collections at the limit and says so", () => {
    const config = world.inputs[1].config.scoring.coverage;
    const cut = buildCoverage(e2, config, undefined, 10);
    assert.equal(cut.features.length, 10);
    assert.equal(cut.truncated, true);
    assert.equal(buildCoverage(e2, config, undefined, e2.scores.coverage.cells.size).truncated, false);
    const spots = buildHotspots(e2, world.registry, undefined, 5);
    assert.equal(spots.features.length, 5);
    assert.equal(spots.truncated, true);
    assert.equal(Object.values(spots.counts).reduce((a, b) => a + b, 0), world.registry.length);
  });

  it("gives each hotspot the status its PoC trust says and the reward the epoch paid", () => {
    const spots = buildHotspots(e2, world.registry);
    const trust = e2.outcome.trustBps;
    let paid = 0n;
    for (const f of spots.features) {
      const p = f.properties;
      const t = trust[p.key];
      const expected = t === undefined ? "inactive" : t >= VALID_TRUST_BPS ? "valid" : t > 0 ? "flagged" : "rejected";
      assert.equal(p.status, expected, p.key);
      assert.equal(p.trustBps, t ?? null);
      assert.equal(BigInt(p.poc) + BigInt(p.coverage), BigInt(p.total));
      assert.equal(BigInt(p.total), e2.perEpochRewards.get(p.key)?.total ?? 0n);
      if (p.status === "rejected") assert.equal(BigInt(p.total), 0n);
      paid += BigInt(p.total);
    }
    // every simulated hotspot is asserted, so the map carries the whole payout
    assert.equal(paid, e2.paid);
    // the simulator's adversaries make every status but inactive appear
    assert.ok(spots.counts.valid > 200);
    assert.ok(spots.counts.rejected > 0);
    assert.deepEqual(Object.keys(spots.counts), [...HOTSPOT_STATUSES]);
  });

  it("summarises each epoch: emission = paid + unallocated, cumulative totals and claims", async () => {
    const timeline = await world.store.epochs();
    assert.equal(timeline.latest, 2);
    assert.deepEqual(timeline.epochs.map((e) => e.epoch), [1, 2]);
    const [s1, s2] = timeline.epochs;
    assert.equal(BigInt(s1.emission), world.inputs[0].emission);
    assert.equal(BigInt(s2.emission), BigInt(s2.paid) + BigInt(s2.unallocated));
    assert.equal(BigInt(s2.totalCumulative), e1.paid + e2.paid);
    assert.equal(s1.merkleRoot, e1.merkleRoot);
    assert.equal(s1.rootActive, true);
    assert.equal(s2.status, "voted");
    const claimed = [...world.claimed.values()].reduce((a, b) => a + b, 0n);
    assert.deepEqual(s1.claims, { count: world.claimed.size, amount: claimed.toString() });
    assert.equal(s2.hotspots.rewarded, e2.perEpochRewards.size);
    assert.equal(s2.boostedHexes, Object.keys(world.boosted).length);
    assert.deepEqual(s2.window, world.inputs[1].window);
  });

  it("tells a hotspot's rewards per epoch, its cumulative, claimed and unclaimed amounts", async () => {
    const [key, claimed] = [...world.claimed].find(([, c]) => c > 0n)!;
    const d = await world.store.hotspot(key);
    assert.deepEqual(d.rewards.map((r) => r.epoch), [1, 2]);
    const sum = d.rewards.reduce((s, r) => s + BigInt(r.total), 0n);
    assert.equal(BigInt(d.cumulative), sum);
    assert.equal(BigInt(d.rewards[1].cumulative), sum);
    assert.equal(d.claimed, claimed.toString());
    assert.equal(BigInt(d.unclaimed!), sum - claimed);
    assert.equal(d.lngLat?.length, 2);
    assert.equal(d.decimals, 6);
    const snapshots = world.results.map((result, i) => buildMapSnapshot(world.inputs[i], result));
    assert.equal(buildHotspotDetail("11111111111111111111111111111111", snapshots, null, 6), null);
  });

  it("shows a hotspot's current life: cumulative keyed by <key>:<serial>, this epoch's reward by key", () => {
    const h = world.registry.find((x) => (e2.perEpochRewards.get(x.key)?.total ?? 0n) > 0n)!;
    const id = rewardIdOf(h);
    assert.equal(id, `${h.key}:${h.serial}`);
    const spot = buildHotspots(e2, world.registry).features.find((f) => f.properties.key === h.key)!;
    assert.equal(spot.properties.rewardId, id);
    assert.equal(BigInt(spot.properties.total), e2.perEpochRewards.get(h.key)!.total);
    assert.equal(spot.properties.cumulative, e2.cumulative.get(id)!.toString());
    // A re-onboarded key (a new serial) starts again from zero; its earlier life's amount is not shown as its own.
    const reborn = world.inputs[1].hotspots.map((x) => (x.key === h.key ? { ...x, serial: x.serial + 10_000 } : x));
    const respot = buildHotspots(e2, reborn).features.find((f) => f.properties.key === h.key)!;
    assert.equal(respot.properties.cumulative, "0");
    const d = buildHotspotDetail(h.key, [buildMapSnapshot(world.inputs[1], e2)], 0n, 6)!;
    assert.equal(d.serial, h.serial);
    assert.equal(BigInt(d.cumulative), e2.cumulative.get(id));
  });

  it("derives how much of each epoch's rewards was claimed from the chain's claimed amounts", async () => {
    const store = new MapEpochStore(6);
    world.results.forEach((result, i) => store.addComputedEpoch(world.inputs[i], result));
    assert.deepEqual((await store.epochs()).epochs.map((e) => e.claims), [null, null], "unknown until the chain is read");
    // the claimers of epoch 1 claimed it in full; one of them also claimed half of its epoch-2 reward
    const partly = [...world.claimed.keys()].find((k) => (e2.perEpochRewards.get(k)?.total ?? 0n) > 1n)!;
    const half = e2.perEpochRewards.get(partly)!.total / 2n;
    for (const h of world.registry) store.setClaimed(h.key, (world.claimed.get(h.key) ?? 0n) + (h.key === partly ? half : 0n));
    const [c1, c2] = (await store.epochs()).epochs.map((e) => e.claims);
    const paidOut = [...world.claimed.values()].filter((v) => v > 0n);
    assert.deepEqual(c1, { count: paidOut.length, amount: paidOut.reduce((a, b) => a + b, 0n).toString() });
    assert.deepEqual(c2, { count: 1, amount: half.toString() });
  });

  it("keeps each epoch as a plain-JSON snapshot that answers the same after a round trip", async () => {
    const copy = new MapEpochStore(6);
    world.results.forEach((result, i) => copy.addSnapshot(JSON.parse(JSON.stringify(buildMapSnapshot(world.inputs[i], result)))));
    const bbox: BBox = [-122.47, 37.74, -122.42, 37.78];
    for (const epoch of [1, 2]) {
      assert.deepEqual(await copy.coverage({ epoch, bbox, limit: 1e6 }), await world.store.coverage({ epoch, bbox, limit: 1e6 }));
      assert.deepEqual(await copy.hotspots({ epoch, limit: 1e6 }), await world.store.hotspots({ epoch, limit: 1e6 }));
    }
    const key = [...world.claimed.keys()][0];
    const { claimed, unclaimed, ...rest } = await world.store.hotspot(key);
    const { claimed: c2, unclaimed: u2, ...rest2 } = await copy.hotspot(key);
    assert.deepEqual(rest2, rest);
    assert.equal(c2, null, "claims come from the chain, not the snapshot");
    assert.ok(claimed !== null && unclaimed !== null && u2 === null);
    assert.throws(() => copy.addSnapshot({ ...buildMapSnapshot(world.inputs[0], e1), format: "other" } as never), /snapshot/);
  });

  it("answers unknown epochs and hotspots with typed errors", async () => {
    let err: unknown;
    await world.store.coverage({ epoch: 99, limit: 10 }).catch((e) => (err = e));
    assert.equal((err as MapQueryError).code, "unknown_epoch");
    await world.store.hotspot("11111111111111111111111111111111").catch((e) => (err = e));
    assert.equal((err as MapQueryError).code, "unknown_hotspot");
    assert.equal((err as MapQueryError).status, 404);
  });
});
