import assert from "node:assert/strict";
import { cellToParent, getResolution, isValidCell } from "h3-js";
import type { HotspotInfo } from "../types";
import { computeCoverage, CoverageConfig, DEFAULT_COVERAGE_CONFIG } from "./coverage";
import { coverageMap } from "./coverage-map";
import { fullTrust, hotspotAt } from "./hotspot-factory";
import { DEFAULT_LINK_BUDGET, effectiveBudgetDb, measuredBudgetDb, predictedRssiDbm10 } from "./propagation";

const SF = { lat: 37.7749, lng: -122.4194 };

describe("coverage scoring", () => {
  describe("propagation model", () => {
    it("predicts weaker signal with distance and stronger with gain and elevation", () => {
      const base = effectiveBudgetDb({ gainDbi10: 12, elevationM: 10 }, DEFAULT_LINK_BUDGET);
      const rssi = [10, 100, 1_000, 5_000].map((d) => predictedRssiDbm10(base, d, DEFAULT_LINK_BUDGET));
      assert.deepEqual([...rssi].sort((a, b) => b - a), rssi);
      assert.ok(effectiveBudgetDb({ gainDbi10: 58, elevationM: 10 }, DEFAULT_LINK_BUDGET) > base);
      assert.ok(effectiveBudgetDb({ gainDbi10: 12, elevationM: 40 }, DEFAULT_LINK_BUDGET) > base);
    });

    it("quantizes predictions to integer tenths of a dBm", () => {
      const budget = effectiveBudgetDb({ gainDbi10: 30, elevationM: 7 }, DEFAULT_LINK_BUDGET);
      for (const d of [1, 333, 1234.5]) assert.ok(Number.isInteger(predictedRssiDbm10(budget, d, DEFAULT_LINK_BUDGET)));
    });
  });

  it("gives a lone hotspot every cell it reaches at rank 1, strongest at home", () => {
    const h = hotspotAt("lone", SF.lat, SF.lng);
    const cov = computeCoverage([h], fullTrust([h]));
    const home = cellToParent(h.location!, DEFAULT_COVERAGE_CONFIG.resolution);
    assert.ok(cov.cells.size > 1);
    for (const c of cov.cells.values()) assert.deepEqual(c.ranked, [h.key]);
    assert.equal(Math.max(...[...cov.cells.values()].map((c) => c.bestRssiDbm10)), cov.cells.get(home)!.bestRssiDbm10);
    const expected = [...cov.cells.values()].reduce((s, c) => s + DEFAULT_COVERAGE_CONFIG.signalLevels.find((l) => c.bestRssiDbm10 >= l.minRssiDbm10)!.points * 10_000, 0);
    assert.equal(cov.scores.get(h.key), expected);
    assert.equal(cov.weights.get(h.key), BigInt(expected) * 10_000n);
  });

  it("ranks co-located hotspots by signal, then seniority, then key, and pays 1, 0.5, 0.25", () => {
    const strong = hotspotAt("tall", SF.lat, SF.lng, { elevationM: 30, onboardedAt: 1_800_000_000 });
    const senior = hotspotAt("senior", SF.lat, SF.lng, { onboardedAt: 1_600_000_000 });
    const junior = hotspotAt("junior", SF.lat, SF.lng, { onboardedAt: 1_700_000_000 });
    const tiedA = hotspotAt("tied-a", SF.lat, SF.lng, { onboardedAt: 1_700_000_000 });
    const hs = [junior, tiedA, strong, senior];
    const cov = computeCoverage(hs, fullTrust(hs));
    const home = cov.cells.get(cellToParent(strong.location!, 8))!;
    const [j, t] = junior.key < tiedA.key ? [junior, tiedA] : [tiedA, junior];
    assert.deepEqual(home.ranked, [strong.key, senior.key, j.key]);
    assert.equal(home.hotspots, 4);
    assert.ok(!cov.scores.has(t.key) || cov.scores.get(t.key)! < cov.scores.get(j.key)!);
    // at home all four are "strong" (4 points): rank multipliers decide
    assert.ok(cov.scores.get(strong.key)! > cov.scores.get(senior.key)!);
  });

  it("scales a hotspot's coverage weight by its PoC trust and ignores untrusted or unasserted hotspots", () => {
    const a = hotspotAt("a", SF.lat, SF.lng);
    const b = hotspotAt("b", SF.lat + 0.2, SF.lng);
    const ghost = hotspotAt("ghost", SF.lat, SF.lng, { onboardedAt: 1 });
    const unasserted: HotspotInfo = { ...hotspotAt("nowhere", 0, 0), location: null };
    const cov = computeCoverage([a, b, ghost, unasserted], { [a.key]: 10_000, [b.key]: 2_500, [unasserted.key]: 10_000 });
    assert.equal(cov.weights.get(a.key)! * 1n, BigInt(cov.scores.get(a.key)!) * 10_000n);
    assert.equal(cov.weights.get(b.key), BigInt(cov.scores.get(b.key)!) * 2_500n);
    assert.equal(cov.scores.has(ghost.key), false);
    assert.equal(cov.scores.has(unasserted.key), false);
  });

  it("multiplies the points of boosted hexes", () => {
    const h = hotspotAt("boosted", SF.lat, SF.lng);
    const home = cellToParent(h.location!, 8);
    const plain = computeCoverage([h], fullTrust([h]));
    const config: CoverageConfig = { ...DEFAULT_COVERAGE_CONFIG, boostedHexes: { [home]: 5 } };
    const boosted = computeCoverage([h], fullTrust([h]), config);
    assert.equal(boosted.scores.get(h.key)! - plain.scores.get(h.key)!, 4 * 4 * 10_000);
  });

  it("produces the same result whatever order hotspots arrive in", () => {
    const hs = Array.from({ length: 40 }, (_, i) => hotspotAt(`grid-${i}`, SF.lat + (i % 8) * 0.004, SF.lng + Math.floor(i / 8) * 0.005, { onboardedAt: 1_700_000_000 + (i % 3) }));
    const a = computeCoverage(hs, fullTrust(hs));
    const b = computeCoverage([...hs].reverse(), fullTrust(hs));
    assert.deepEqual([...a.scores.entries()].sort(), [...b.scores.entries()].sort());
    assert.deepEqual(JSON.stringify(coverageMap(a, DEFAULT_COVERAGE_CONFIG.signalLevels)), JSON.stringify(coverageMap(b, DEFAULT_COVERAGE_CONFIG.signalLevels)));
  });

  it("validates its configuration (boosted hexes at the wrong resolution, unordered levels)", () => {
    const h = hotspotAt("v", SF.lat, SF.lng);
    assert.throws(() => computeCoverage([h], fullTrust([h]), { ...DEFAULT_COVERAGE_CONFIG, boostedHexes: { [h.location!]: 2 } }), /resolution 8/);
    assert.throws(() => computeCoverage([h], fullTrust([h]), { ...DEFAULT_COVERAGE_CONFIG, signalLevels: [...DEFAULT_COVERAGE_CONFIG.signalLevels].reverse() }), /strongest first/);
  });

  describe("measured radio (hexpin PoC)", () => {
    const measured = (offsetDb10: number, reachM = 50_000) => ({ offsetDb10, reachM });
    const total = (cov: ReturnType<typeof computeCoverage>, key: string) => cov.scores.get(key) ?? 0;

    it("scores the smaller of claimed height gain and measured offset, so neither a claim nor a measurement alone raises it", () => {
      // each alone at the same spot
      const alone = (label: string, elevationM: number, offsetDb10: number) => {
        const h = hotspotAt(label, SF.lat, SF.lng, { elevationM });
        return total(computeCoverage([h], fullTrust([h]), DEFAULT_COVERAGE_CONFIG, undefined, { [h.key]: measured(offsetDb10) }), h.key);
      };
      const plainScore = alone("claims-10m", 10, 0);
      assert.equal(alone("claims-100m", 100, 0), plainScore, "a 100 m claim measured as a typical radio scores as one");
      assert.equal(alone("measured-strong", 10, 80), plainScore, "a strong radio claiming 10 m scores as claimed");
      assert.ok(alone("measured-weak", 10, -100) < plainScore, "a weak radio covers less than it claims");
      assert.ok(alone("tall-and-strong", 100, 80) > plainScore, "claim and measurement together raise it");
      const [tall, plain] = [hotspotAt("t", SF.lat, SF.lng, { elevationM: 100 }), hotspotAt("p", SF.lat, SF.lng, { elevationM: 10 })];
      assert.equal(measuredBudgetDb(tall, 0, DEFAULT_LINK_BUDGET), measuredBudgetDb(plain, 0, DEFAULT_LINK_BUDGET));
    });

    it("covers nothing farther than the hotspot was verifiably heard (its own cell always)", () => {
      const h = hotspotAt("reach", SF.lat, SF.lng, { elevationM: 30 });
      const wide = computeCoverage([h], fullTrust([h]), DEFAULT_COVERAGE_CONFIG, undefined, { [h.key]: measured(50, 50_000) });
      const near = computeCoverage([h], fullTrust([h]), DEFAULT_COVERAGE_CONFIG, undefined, { [h.key]: measured(50, 300) });
      const none = computeCoverage([h], fullTrust([h]), DEFAULT_COVERAGE_CONFIG, undefined, { [h.key]: measured(50, 0) });
      assert.ok(wide.cells.size > near.cells.size && near.cells.size >= 1);
      assert.deepEqual([...none.cells.keys()], [cellToParent(h.location!, 8)]);
    });

    it("gives no coverage to a trusted hotspot the verifier did not measure", () => {
      const a = hotspotAt("measured", SF.lat, SF.lng);
      const b = hotspotAt("unmeasured", SF.lat + 0.2, SF.lng);
      const cov = computeCoverage([a, b], fullTrust([a, b]), DEFAULT_COVERAGE_CONFIG, undefined, { [a.key]: measured(0) });
      assert.ok(total(cov, a.key) > 0);
      assert.equal(cov.scores.has(b.key), false);
    });
  });

  describe("GeoJSON coverage map", () => {
    const hs = [hotspotAt("m1", SF.lat, SF.lng), hotspotAt("m2", SF.lat + 0.01, SF.lng + 0.01), hotspotAt("m3", SF.lat + 0.01, SF.lng + 0.01, { onboardedAt: 1 })];
    const cov = computeCoverage(hs, fullTrust(hs));
    const map = coverageMap(cov, DEFAULT_COVERAGE_CONFIG.signalLevels);

    it("is a FeatureCollection of closed, counter-clockwise hexagon polygons in [lng, lat]", () => {
      assert.equal(map.type, "FeatureCollection");
      assert.equal(map.features.length, cov.cells.size);
      for (const f of map.features) {
        assert.equal(f.type, "Feature");
        assert.equal(f.geometry.type, "Polygon");
        const ring = f.geometry.coordinates[0];
        assert.ok(ring.length >= 7, "hexagon plus closing point");
        assert.deepEqual(ring[0], ring[ring.length - 1]);
        for (const [lng, lat] of ring) assert.ok(lng > -123 && lng < -122 && lat > 37 && lat < 38.5, "lng/lat order");
        let twiceArea = 0; // shoelace: positive = counter-clockwise (RFC 7946 exterior rings)
        for (let i = 0; i + 1 < ring.length; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
        assert.ok(twiceArea > 0);
      }
    });

    it("carries the cell, its signal level and hotspot counts, sorted by cell", () => {
      const ids = map.features.map((f) => f.properties.h3);
      assert.deepEqual(ids, [...ids].sort());
      for (const f of map.features) {
        assert.ok(isValidCell(f.properties.h3) && getResolution(f.properties.h3) === 8);
        assert.ok(["strong", "medium", "weak"].includes(f.properties.signal));
        assert.ok(f.properties.hotspots >= f.properties.rewardedHotspots && f.properties.rewardedHotspots >= 1);
      }
      assert.ok(map.features.some((f) => f.properties.hotspots === 3));
      JSON.parse(JSON.stringify(map));
    });
  });
});
