import assert from "node:assert/strict";
import { PathLossCalibrator, testBeaconGeometry, median } from "../geometry";
import { defaultPocConfig } from "../config";
import { selectWitnesses, selectionScore } from "../selection";
import { fsplDb10, greatCircleM } from "../geodesy";

const cfg = defaultPocConfig("US915", "helium-derived").geometry;
const model = { interceptDb: 31.7, exponent: 3, sigmaDb: 6 };
// deterministic pseudo-normal noise (sum of 12 uniforms − 6)
function noise(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return () => { let t = 0; for (let i = 0; i < 12; i++) t += u(); return t - 6; };
}

describe("path-loss geometry", () => {
  it("calibration recovers intercept, exponent and spread from noisy links", () => {
    const c = new PathLossCalibrator();
    const n = noise(1);
    for (let i = 0; i < 20000; i++) {
      const d = 200 + (i * 37) % 6000;
      const y = 40 + 3.2 * 10 * Math.log10(d) + 6 * n();
      c.add(10 * Math.log10(d), Math.round(y * 10));
    }
    const m = c.fit(cfg);
    assert.ok(Math.abs(m.exponent - 3.2) < 0.1, `exponent ${m.exponent}`);
    assert.ok(Math.abs(m.interceptDb - 40) < 3, `intercept ${m.interceptDb}`);
    assert.ok(Math.abs(m.sigmaDb - 6) < 1, `sigma ${m.sigmaDb}`);
  });

  it("calibration falls back to the configured model with too few links", () => {
    const c = new PathLossCalibrator();
    c.add(30, 1200);
    assert.deepEqual(c.fit(cfg), cfg.fallbackModel);
  });

  it("a beacon whose witnesses follow the model is consistent; shifting all of them 25 dB is not", () => {
    const n = noise(2);
    const xs = [27, 29, 31, 32, 33, 34, 35, 36].map((x) => x + 0.3);
    const ys = xs.map((x) => model.interceptDb + model.exponent * x + 5 * n());
    assert.equal(testBeaconGeometry(xs, ys, model, cfg).beaconInconsistent, false);
    assert.equal(testBeaconGeometry(xs, ys.map((y) => y - 25), model, cfg).beaconInconsistent, true);
  });

  it("leaves the median test to the radio estimates in the hexpin profile (heard links alone are biased strong)", () => {
    const hexpin = defaultPocConfig("US915", "hexpin").geometry;
    const xs = [27, 29, 31, 32, 33, 34, 35, 36].map((x) => x + 0.3);
    const ys = xs.map((x) => model.interceptDb + model.exponent * x - 25);
    assert.equal(testBeaconGeometry(xs, ys, model, hexpin).beaconInconsistent, false);
  });

  it("flags a beacon whose signal grows with distance (implausible exponent) even when centred", () => {
    const xs = Array.from({ length: 15 }, (_, i) => 28 + i / 2);
    const flat = xs.map((x) => model.interceptDb + model.exponent * 31.5 - 2.5 * (x - 31.5)); // loss falling with distance
    const t = testBeaconGeometry(xs, flat, model, cfg);
    assert.ok(Math.abs(t.medianResidualDb) < 4, "median test alone would pass");
    assert.equal(t.beaconInconsistent, true);
    assert.ok(t.fittedExponent < 0);
  });

  it("flags one witness far off the others as an outlier without condemning the beacon", () => {
    const xs = [27, 29, 31, 32, 33, 34, 35, 36];
    const ys = xs.map((x) => model.interceptDb + model.exponent * x);
    ys[3] -= 30;
    const t = testBeaconGeometry(xs, ys, model, cfg);
    assert.equal(t.beaconInconsistent, false);
    assert.deepEqual(Array.from(t.outlier), [0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it("median handles odd and even lengths", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe("geodesy", () => {
  it("great-circle distance is in whole metres and matches a known baseline", () => {
    const toRad = Math.PI / 180;
    // SF City Hall → Oakland City Hall ≈ 13.4 km
    const d = greatCircleM(37.7793 * toRad, -122.4193 * toRad, 37.8053 * toRad, -122.2723 * toRad);
    assert.ok(Number.isInteger(d));
    assert.ok(Math.abs(d - 13_200) < 300, String(d));
  });
  it("free-space loss at 1 km and 915 MHz is ≈ 91.67 dB, floored to tenths", () => {
    assert.equal(fsplDb10(1000, 915e6), 916);
  });
});

describe("witness selection", () => {
  it("takes everyone under the cap and the lowest scores over it", () => {
    const keys = Array.from({ length: 20 }, (_, i) => new Uint8Array(32).fill(i + 1));
    const ent = new Uint8Array(32).fill(9);
    const id = new Uint8Array(32).fill(7);
    assert.deepEqual(selectWitnesses(ent, id, keys.slice(0, 5), 14), [0, 1, 2, 3, 4]);
    const picked = selectWitnesses(ent, id, keys, 14);
    const byScore = keys.map((k, i) => [selectionScore(ent, id, k), i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).slice(0, 14).map((x) => x[1]);
    assert.deepEqual(picked, byScore);
    assert.notDeepEqual(selectWitnesses(new Uint8Array(32).fill(10), id, keys, 14).sort(), picked.slice().sort());
  });
});
