import assert from "node:assert/strict";
import { cellToParent, getResolution, latLngToCell } from "h3-js";
import { computeHexDensity, DEFAULT_DENSITY_CONFIG } from "./hex-density";

describe("HIP-17 hex density scaling", () => {
  it("leaves a lone hotspot unscaled", () => {
    const cell = latLngToCell(37.77, -122.42, 12);
    assert.equal(computeHexDensity([cell]).scaleByCell.get(cell), 10_000);
  });

  it("halves two hotspots sharing a res-10 hex (max 1 at res 10 with no occupied neighbours beyond N)", () => {
    const a = latLngToCell(37.77, -122.42, 12);
    const b = latLngToCell(37.7701, -122.4201, 12);
    assert.equal(cellToParent(a, 10), cellToParent(b, 10));
    assert.notEqual(a, b);
    const d = computeHexDensity([a, b]);
    assert.equal(d.scaleByCell.get(a), 5_000);
    assert.equal(d.scaleByCell.get(b), 5_000);
    assert.equal(d.unclipped.get(cellToParent(a, 10)), 2);
    assert.equal(d.clipped.get(cellToParent(a, 10)), 1);
  });

  it("matches helium/oracles' HIP-17-era density scaler (before b7df3368 moved it to HIP-104) on its published res-8 sample (to the 4th decimal)", () => {
    // Locations and expected scales from the `simple_scale_check` test of the
    // density scaler in helium/oracles (live ledger sample of res-8 hex
    // 882830D341FFFFF, 2022-10-14); Helium rounds half-even to 4 dp, we floor.
    const sample: [string, number][] = [
      ["631210990515536895", 0.0065], ["631210990515536895", 0.0065], ["631210990515536895", 0.0065],
      ["631210990515537919", 0.0065], ["631210990515537919", 0.0065], ["631210990515537919", 0.0065],
      ["631210990515538431", 0.0065], ["631210990515564031", 0.0455], ["631210990515589631", 0.0114],
      ["631210990515600383", 0.0114], ["631210990515601919", 0.0114], ["631210990515606527", 0.0114],
      ["631210990515722239", 0.0091], ["631210990515722239", 0.0091], ["631210990515727359", 0.0091],
      ["631210990515728895", 0.0091], ["631210990515739647", 0.0091], ["631210990515874303", 0.0606],
      ["631210990515924479", 0.0606], ["631210990516363775", 0.0909], ["631210990515987455", 0.0606],
      ["631210990516590079", 0.0606], ["631210990516612607", 0.0303], ["631210990516613631", 0.0303],
      ["631210990516640767", 0.0606], ["631210990516876799", 0.0152], ["631210990516885503", 0.0152],
      ["631210990516888063", 0.0152], ["631210990516907007", 0.0227], ["631210990516912639", 0.0227],
      ["631210990516955647", 0.0455], ["631210990516996607", 0.0152], ["631210990517011455", 0.0152],
      ["631210990517016575", 0.0152], ["631210990517144063", 0.0909], ["631210990517264895", 0.0909],
    ];
    const cells = sample.map(([id]) => BigInt(id).toString(16));
    assert.ok(cells.every((c) => getResolution(c) === 12));
    const d = computeHexDensity(cells);
    sample.forEach(([, expected], i) => {
      const got = d.scaleByCell.get(cells[i])!;
      assert.ok(Math.abs(got - expected * 10_000) <= 1, `${cells[i]}: got ${got}, Helium ${expected}`);
    });
  });

  it("depends only on the multiset of locations, not their order", () => {
    const cells = Array.from({ length: 60 }, (_, i) => latLngToCell(40 + (i % 7) * 0.001, -74 + Math.floor(i / 7) * 0.0013, 12));
    const a = computeHexDensity(cells);
    const b = computeHexDensity([...cells].reverse());
    assert.deepEqual([...a.scaleByCell.entries()].sort(), [...b.scaleByCell.entries()].sort());
  });

  it("never scales above 1 and conserves the clipped population bound at each level", () => {
    const cells = Array.from({ length: 200 }, (_, i) => latLngToCell(51.5 + (i % 13) * 0.0007, -0.12 + Math.floor(i / 13) * 0.0009, 12));
    const d = computeHexDensity(cells);
    for (const s of d.scaleByCell.values()) assert.ok(s > 0 && s <= 10_000);
    for (const [cell, c] of d.clipped) assert.ok(c <= d.unclipped.get(cell)!);
  });

  it("rejects locations that are not res-12 cells and duplicate resolution configs", () => {
    assert.throws(() => computeHexDensity([latLngToCell(1, 1, 11)]), /res-12/);
    assert.throws(() => computeHexDensity([], { resolutions: [...DEFAULT_DENSITY_CONFIG.resolutions, DEFAULT_DENSITY_CONFIG.resolutions[0]] }), /twice/);
  });
});
