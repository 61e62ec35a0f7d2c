// The helium profile's HIP-104 transmit scales through the verifier: Helium's
// hex_density vectors (its live-ledger sample and derived clusters) become
// registries whose hotspots all have a recent last_beacon_recip in the previous
// state; the outcome's scale for each hotspot must be Helium's for its hex.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { getResolution } from "h3-js";
import { keypairFromSeed } from "@hexpin/sdk";
import type { HotspotInfo } from "../../types";
import { POC_STATE_VERSION, PocState, emptyEdges } from "../../state/poc-state";
import { defaultPocConfig } from "../config";
import { PocVerifier } from "../verifier";
import { HELIUM_VECTORS } from "./helium-vectors";
import { UNIT } from "../../score/fixed-point";

const WINDOW = { startMs: 1_767_225_600_000, endMs: 1_767_225_600_000 + 86_400_000 };
const CUTOFF = WINDOW.endMs - 61 * 3_600_000;

function world(locations: string[], recipMs: (i: number) => number) {
  const hotspots: HotspotInfo[] = locations.map((location, i) => {
    const kp = keypairFromSeed(new Uint8Array(createHash("sha256").update(`density-${i}`).digest()));
    return { key: kp.address, owner: kp.address, location, gainDbi10: 20, elevationM: 5, onboardedAt: 1_600_000_000, serial: 1 };
  });
  const records = hotspots
    .map((h, i) => ({ key: h.key, location: h.location, trustBps: 0, txOffsetDb10: 0, txWeight10: 0, rxOffsetDb10: 0, rxWeight10: 0, reachM: 0, lastBeaconMs: 0, lastBeaconRecipMs: recipMs(i) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const state: PocState = { version: POC_STATE_VERSION, epoch: 0, calibration: null, hotspots: records, edges: emptyEdges() };
  const outcome = new PocVerifier({ hotspots, entropy: [], window: WINDOW, previousState: state, epoch: 1 }, defaultPocConfig("US915", "helium")).finish();
  return { hotspots, scale: outcome.txScale! };
}

describe("helium profile: HIP-104 transmit scales (helium-density)", () => {
  for (const v of HELIUM_VECTORS.filter((x) => x.rule === "hex_density")) {
    it(v.id, () => {
      // hexpin asserts at res 12 only; Helium does not count coarser assertions either
      const locations = (v.inputs.locations as string[]).filter((l) => getResolution(l) === 12);
      const { hotspots, scale } = world(locations, () => CUTOFF + 1);
      for (const h of hotspots) {
        const want = v.expected.scales[h.location!];
        assert.ok(want !== undefined, `${h.location} has an expected scale`);
        assert.equal(scale[h.key], Math.round(Number(want) * UNIT), h.location!);
      }
    });
  }

  it("counts a hotspot whose last_beacon_recip is exactly 60 h + 60 min before the epoch's end, not 1 ms older; the uncounted scale 0.2", () => {
    const cell = "8c3f304e42e4bff";
    const both = world([cell, cell], () => CUTOFF);
    assert.deepEqual(Object.values(both.scale), [5_000, 5_000]);
    const one = world([cell, cell], (i) => (i === 0 ? CUTOFF : CUTOFF - 1));
    assert.deepEqual(Object.values(one.scale).sort(), [10_000, 10_000], "the counted one alone in its hex: 1.0 — and the hex is in the map, so the other reads it too");
    const none = world([cell], () => CUTOFF - 1);
    assert.deepEqual(Object.values(none.scale), [2_000]);
  });
});
