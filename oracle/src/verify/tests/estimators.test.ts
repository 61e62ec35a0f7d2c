import assert from "node:assert/strict";
import { logNormalCdf, millsLower, millsUpper, normalCdf, normalPdf } from "../normal";
import { solveTobit, surprises, tobitLogLik } from "../stages/estimate-radios";
import { CensoredCalibrator } from "../censored-calibration";
import { PathLossCalibrator } from "../geometry";
import { defaultPocConfig } from "../config";

/** Deterministic standard normals (sum of 12 uniforms − 6) from a 32-bit LCG. */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return () => {
    let t = 0;
    for (let i = 0; i < 12; i++) t += u();
    return t - 6;
  };
}

describe("normal distribution", () => {
  it("matches tabulated values of Φ to 1e-7", () => {
    const table: [number, number][] = [[0, 0.5], [1, 0.8413447461], [-1, 0.1586552539], [1.96, 0.9750021049], [-3, 0.0013498980], [-5, 2.866515719e-7]];
    for (const [z, p] of table) assert.ok(Math.abs(normalCdf(z) - p) < 1e-7 * Math.max(1, p * 10), `Φ(${z}) = ${normalCdf(z)}`);
  });

  it("keeps the Mills ratios and log Φ finite and accurate far in the tails", () => {
    for (const z of [-40, -20, -8]) {
      const m = millsLower(z);
      assert.ok(Number.isFinite(m) && Math.abs(m / (-z - 1 / z) - 1) < 0.005, `φ/Φ(${z}) ≈ −z − 1/z, got ${m}`);
      assert.ok(Number.isFinite(logNormalCdf(z)) && logNormalCdf(z) < -30);
    }
    assert.ok(Math.abs(millsLower(0) - normalPdf(0) / 0.5) < 1e-6);
    assert.ok(Math.abs(millsUpper(2) - normalPdf(2) / (1 - normalCdf(2))) < 1e-6);
  });
});

describe("censored (Tobit) radio estimate", () => {
  /** listeners at censoring points spread over [−20, 6] dB, a radio δ dB off, σ = 6. */
  function observe(delta: number, count: number, seed: number) {
    const z = normals(seed);
    const heard: number[] = [];
    const below: number[] = [];
    for (let i = 0; i < count; i++) {
      const c = -20 + (26 * i) / count;
      const s = delta + 6 * z();
      if (s > c) heard.push(s);
      else below.push(c);
    }
    return { heard, above: [] as number[], below };
  }

  it("recovers the offset where heard links alone are biased strong", () => {
    for (const delta of [-12, -3, 0, 4]) {
      const o = observe(delta, 3_000, 7 + delta);
      const naive = o.heard.reduce((a, b) => a + b, 0) / o.heard.length;
      const est = solveTobit(o, 6, 0, 0);
      assert.ok(Math.abs(est.offsetDb - delta) < 0.5, `δ ${delta}: got ${est.offsetDb}`);
      assert.ok(naive - delta > 1, "the heard ones alone overestimate it");
      assert.ok(est.weight > 1_000);
    }
  });

  it("treats silence where hearing was likely as evidence: nobody hearing it drives the offset far down", () => {
    const below = Array.from({ length: 30 }, (_, i) => -15 + i * 0.5); // all predicted well above the floor, none heard
    const est = solveTobit({ heard: [], above: [], below }, 6, -3, 1);
    assert.ok(est.offsetDb < -20, String(est.offsetDb));
  });

  it("leans on the prior with no observations, and counts the wrong-side surprises", () => {
    assert.ok(Math.abs(solveTobit({ heard: [], above: [], below: [] }, 6, -3, 1).offsetDb + 3) < 1e-3);
    const o = { heard: [0, 1, 30], above: [25], below: [-30, 2] };
    assert.equal(surprises(o, 6, 0, 3), 3);
    const at = solveTobit(o, 6, 0, 0).offsetDb;
    assert.ok(tobitLogLik(o, 6, at) >= tobitLogLik(o, 6, at + 1) && tobitLogLik(o, 6, at) >= tobitLogLik(o, 6, at - 1), "the solution maximises the likelihood");
  });
});

describe("censoring-aware calibration", () => {
  it("recovers intercept, exponent and spread from listening opportunities where the plain fit of heard links flattens", () => {
    const cfg = defaultPocConfig("US915", "hexpin").geometry;
    const z = normals(3);
    const censored = new CensoredCalibrator();
    const plain = new PathLossCalibrator();
    const maxLoss = 153; // budget − floor: paths lossier than this are not heard
    for (let i = 0; i < 60_000; i++) {
      const d = 400 + ((i * 7919) % 3_600);
      const x = 10 * Math.log10(d);
      const y = 38 + 3.6 * x + 8 * z();
      const heard = y <= maxLoss;
      censored.add(x, heard ? Math.round(y * 10) : null);
      if (heard) plain.add(x, Math.round(y * 10));
    }
    const m = censored.fit(cfg, 200, 0.6)!;
    assert.ok(Math.abs(m.exponent - 3.6) < 0.15, `exponent ${m.exponent}`);
    assert.ok(Math.abs(m.interceptDb - 38) < 4, `intercept ${m.interceptDb}`);
    assert.ok(Math.abs(m.sigmaDb - 8) < 1, `sigma ${m.sigmaDb}`);
    const p = plain.fit(cfg);
    assert.ok(p.exponent < m.exponent - 0.3, `the heard-only fit flattens (${p.exponent})`);
  });

  it("fits nothing from too few opportunities, or where most listeners heard nothing", () => {
    const cfg = defaultPocConfig().geometry;
    const c = new CensoredCalibrator();
    for (let i = 0; i < 100; i++) c.add(30, 1_300);
    assert.equal(c.fit(cfg, 200, 0.6), null);
    const silent = new CensoredCalibrator();
    for (let i = 0; i < 5_000; i++) silent.add(30 + (i % 10), i % 3 === 0 ? 1_400 : null);
    assert.equal(silent.fit(cfg, 200, 0.6), null, "no bin has its median heard");
  });
});
