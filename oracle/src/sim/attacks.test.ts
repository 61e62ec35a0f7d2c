import assert from "node:assert/strict";
import { AttackMeasurement, formatAttackMeasurement, measureAttacks } from "./measure-attacks";
import { RADIOLESS_FAMILIES } from "./labels";

// The attack measurement at test size: 300 hotspots in San Francisco with every
// attack family placed on top (FULL_ATTACK_PLAN), five epochs with state carried
// over, the first two as warm-up; against the same world with every attacker radio
// registered honestly. `npm run bench:attacks` runs the same at bench size.
describe("attack measurement (300 hotspots in San Francisco + every attack family, 5 epochs, seed m1)", function () {
  this.timeout(600_000);
  let m: AttackMeasurement;
  before(() => {
    m = measureAttacks({ seed: "m1", hotspots: 300, city: "san-francisco", epochs: 5, warmup: 2 });
    console.log(formatAttackMeasurement(m).replace(/^/gm, "      "));
  });

  it("places every family and measures its keys, radios and shares", () => {
    assert.ok(m.families.length >= 17);
    for (const f of m.families) assert.ok(f.keys > 0 && f.keyShare > 0 && Number.isFinite(f.rewardShare), f.family);
  });

  it("pays keys without a radio less than 0.1% of an epoch, all together", () => {
    assert.ok(m.radiolessShare < 0.001, String(m.radiolessShare));
    for (const f of m.families) if (RADIOLESS_FAMILIES.has(f.family)) assert.ok(f.rewardShare < 0.0005, f.family);
  });

  it("pays no attack family more than 1.2× what its hardware earns honestly (in the same world: normalised by what honest keys gained)", () => {
    for (const f of m.families) assert.ok(f.normalizedRatio <= 1.2, `${f.family}: ${f.normalizedRatio}`);
  });

  it("takes the rewards of spoofed locations, rooms of radios asserted apart, relays and poisoners' beneficiaries away", () => {
    for (const name of ["spoofed_location", "collusion_ring", "wormhole", "calibration_poison"]) {
      const f = m.families.find((x) => x.family === name)!;
      assert.ok(f.rewardShare <= 0.25 * Math.max(f.honestShare, 0.001), `${name}: ${f.rewardShare} vs honest ${f.honestShare}`);
    }
  });

  it("rejects ≤ 1% of honest reports, with and without attackers", () => {
    assert.ok(m.honestFalseReject.reports > 50_000);
    assert.ok(m.honestFalseReject.rate <= 0.01, String(m.honestFalseReject.rate));
    assert.ok(m.honestFalseRejectWithoutAttacks <= 0.01, String(m.honestFalseRejectWithoutAttacks));
  });

  it("pays honest operators in line with the coverage they really provide (Pearson ≥ 0.8)", () => {
    assert.ok(m.correlation.pearsonTotal >= 0.8, String(m.correlation.pearsonTotal));
    assert.ok(m.correlation.spearmanTotal >= 0.75, String(m.correlation.spearmanTotal));
  });
});
