// Helium's per-rule vectors through the `helium` profile's own checks: each rule
// vector runs through the named check helium-proofs executes (HELIUM_BEACON_CHECKS /
// HELIUM_WITNESS_CHECKS, stages/helium-checks.ts), each check-list vector through
// the whole list in Helium's order, each selection vector through the selection the
// stage calls. Facts a vector does not set are ones that pass.
//
// Not run here (the profile keeps hexpin's own decision, docs/helium-profile.md §5):
// beacon_payload(_verify) — Helium's ChaCha12 beacon; hexpin derives its own payload
// and the profile takes its pass/fail as the payload fact; expected_rssi and
// rssi_decision give a distance, not two cells (the "rssi" check calls the same
// reference function over the cells' distance; witness_rssi vectors run through it);
// Helium's pool arithmetic (decimal_arithmetic, reward_allocation, scheduled_tokens,
// dc_to_hnt_bones, price_info), which hexpin's allocation replaces. hex_density runs
// through the verifier in helium.density.test.ts.

import assert from "node:assert/strict";
import { HELIUM_BEACON_CHECKS, HELIUM_WITNESS_CHECKS, HeliumBeaconFacts, HeliumWitnessFacts, heliumBeaconVerdict, heliumWitnessVerdict } from "../stages/helium-checks";
import { heliumRegionParamsFromHex, selectHeliumWitnesses, verifyDenylist, verifyEdgeDenylist, verifyHeliumBeaconPayload, verifyWitnessData } from "../profiles/helium-reference";
import { HELIUM_VECTORS, HeliumVector, Json } from "./helium-vectors";
import { heliumUnits } from "../stages/helium-proofs";

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const T = 1_767_225_600_123;
const LOC_B = "8c3f304e42e4bff";
const LOC_W = "8c3f3051d7339ff"; // ≈ 3 km away: passes cell distance and distance

function beaconFacts(over: Partial<HeliumBeaconFacts> = {}): HeliumBeaconFacts {
  return { asserted: true, denied: false, entropyStartMs: T - 60_000, entropyEndMs: T + 120_000, receivedMs: T, isFullHotspot: true, lastBeaconMs: null, beaconIntervalMs: 21_600_000, payloadOk: true, ...over };
}

function witnessFacts(over: Partial<HeliumWitnessFacts> = {}): HeliumWitnessFacts {
  return {
    witnessKey: "witness", beaconerKey: "beaconer", witnessLocation: LOC_W, beaconerLocation: LOC_B, witnessDenied: false, edgeDenied: false,
    entropyStartMs: T - 60_000, entropyEndMs: T + 120_000, beaconReceivedMs: T, firstWitnessReceivedMs: T + 100, receivedMs: T + 100,
    payloadMatches: true, isFullHotspot: true, beaconFrequencyHz: 867_900_000, frequencyHz: 867_900_000, beaconerRegion: "EU868", witnessRegion: "EU868",
    rssiDbm10: -1300, txPowerDbm: 14, beaconerGainDbi10: 20, witnessGainDbi10: 20, ...over,
  };
}

const check = <F>(list: readonly (readonly [string, (f: F) => string])[], name: string) => {
  const c = list.find(([n]) => n === name);
  if (!c) throw new Error(`no check ${name}`);
  return c[1];
};
const beaconCheck = (name: string, f: HeliumBeaconFacts) => check(HELIUM_BEACON_CHECKS, name)(f);
const witnessCheck = (name: string, f: HeliumWitnessFacts) => check(HELIUM_WITNESS_CHECKS, name)(f);

/** The profile's answer for a rule vector, or null when the rule is not a verifier decision. */
function viaProfile(v: HeliumVector): Json | null {
  const i = v.inputs;
  switch (v.rule) {
    case "entropy_window": {
      const b = beaconCheck("entropy", beaconFacts({ entropyStartMs: i.entropyStartMs, entropyEndMs: i.entropyEndMs, receivedMs: i.receivedMs }));
      const w = witnessCheck("entropy", witnessFacts({ entropyStartMs: i.entropyStartMs, entropyEndMs: i.entropyEndMs, receivedMs: i.receivedMs }));
      assert.equal(w, b, `${v.id}: beacons and witnesses share the window`);
      return { verdict: b };
    }
    case "beacon_schedule":
      return { verdict: beaconCheck("schedule", beaconFacts({ lastBeaconMs: i.lastBeaconMs, receivedMs: i.receivedMs, beaconIntervalMs: i.beaconIntervalMs })) };
    case "denylist": {
      const denied = verifyDenylist(i.key, i.denied) !== "ok";
      const b = beaconCheck("denylist", beaconFacts({ denied }));
      assert.equal(witnessCheck("denylist", witnessFacts({ witnessDenied: denied })), b);
      return { verdict: b };
    }
    case "denylist_edge":
      return { verdict: witnessCheck("edge_denylist", witnessFacts({ edgeDenied: verifyEdgeDenylist(i.beaconer, i.witness, i.deniedEdges) !== "ok" })) };
    case "capability": {
      const b = beaconCheck("capability", beaconFacts({ isFullHotspot: i.isFullHotspot }));
      assert.equal(witnessCheck("capability", witnessFacts({ isFullHotspot: i.isFullHotspot })), b);
      return { verdict: b };
    }
    case "witness_lag":
      return { verdict: witnessCheck("lag", witnessFacts({ beaconReceivedMs: i.beaconReceivedMs, firstWitnessReceivedMs: i.firstWitnessReceivedMs, receivedMs: i.receivedMs })) };
    case "self_witness":
      return { verdict: witnessCheck("self", witnessFacts({ beaconerKey: i.beaconer, witnessKey: i.witness })) };
    case "witness_frequency":
      return { verdict: witnessCheck("frequency", witnessFacts({ beaconFrequencyHz: i.beaconFrequencyHz, frequencyHz: i.witnessFrequencyHz })) };
    case "witness_region":
      return { verdict: witnessCheck("region", witnessFacts({ beaconerRegion: i.beaconerRegion, witnessRegion: i.witnessRegion })) };
    case "witness_data":
      return { verdict: witnessCheck("payload", witnessFacts({ payloadMatches: verifyWitnessData(bytes(i.beaconPayloadHex), bytes(i.witnessPayloadHex)) === "ok" })) };
    case "witness_cell_distance":
      return { verdict: witnessCheck("cell_distance", witnessFacts({ beaconerLocation: i.beaconerLocation, witnessLocation: i.witnessLocation })) };
    case "witness_distance":
      return { verdict: witnessCheck("distance", witnessFacts({ beaconerLocation: i.beaconerLocation, witnessLocation: i.witnessLocation })) };
    case "witness_rssi":
      return {
        verdict: witnessCheck("rssi", witnessFacts({
          rssiDbm10: i.rssiDbm10, frequencyHz: i.frequencyHz, txPowerDbm: i.txPowerDbm, beaconerGainDbi10: i.beaconerGainDbi10,
          witnessGainDbi10: i.witnessGainDbi10, beaconerLocation: i.beaconerLocation, witnessLocation: i.witnessLocation,
        })),
      };
    case "beacon_verifications": {
      const params = heliumRegionParamsFromHex(i.regionParamsHex);
      const b = i.beacon;
      const payloadOk =
        verifyHeliumBeaconPayload(
          { remoteEntropy: bytes(b.remoteEntropyHex), entropyStartMs: i.entropyStartMs, entropyVersion: i.entropyVersion, localEntropy: bytes(b.localEntropyHex), regionParams: params, gainDbi10: i.beaconer.gainDbi10 },
          { payload: bytes(b.payloadHex), frequencyHz: b.frequencyHz, datarate: b.datarate, txPowerDbm: b.txPowerDbm },
        ) === "ok";
      return {
        verdict: heliumBeaconVerdict({
          asserted: i.beaconer.location !== null, denied: verifyDenylist(b.key, i.denied) !== "ok", entropyStartMs: i.entropyStartMs, entropyEndMs: i.entropyEndMs,
          receivedMs: b.receivedMs, isFullHotspot: i.beaconer.isFullHotspot, lastBeaconMs: i.lastBeaconMs, beaconIntervalMs: i.beaconIntervalMs, payloadOk,
        }),
      };
    }
    case "witness_verifications": {
      const b = i.beacon;
      const w = i.witness;
      return {
        verdict: heliumWitnessVerdict({
          witnessKey: w.key, beaconerKey: b.key, witnessLocation: i.witnessGateway.location, beaconerLocation: i.beaconer.location,
          witnessDenied: verifyDenylist(w.key, i.denied) !== "ok", edgeDenied: verifyEdgeDenylist(b.key, w.key, i.deniedEdges) !== "ok",
          entropyStartMs: i.entropyStartMs, entropyEndMs: i.entropyEndMs, beaconReceivedMs: b.receivedMs, firstWitnessReceivedMs: i.firstWitnessReceivedMs,
          receivedMs: w.receivedMs, payloadMatches: verifyWitnessData(bytes(b.payloadHex), bytes(w.payloadHex)) === "ok", isFullHotspot: i.witnessGateway.isFullHotspot,
          beaconFrequencyHz: b.frequencyHz, frequencyHz: w.frequencyHz, beaconerRegion: i.beaconer.region, witnessRegion: i.witnessGateway.region,
          rssiDbm10: w.rssiDbm10, txPowerDbm: b.txPowerDbm, beaconerGainDbi10: i.beaconer.gainDbi10, witnessGainDbi10: i.witnessGateway.gainDbi10,
        }),
      };
    }
    case "reward_units": {
      // the units helium-proofs gives a valid beacon with this many selected witnesses, as decimals
      const u = heliumUnits(i.witnesses);
      const dec = (x: number) => (x / 10_000).toString();
      return { beaconer: dec(u.beaconer), perWitness: dec(u.perWitness) };
    }
    case "witness_selection": {
      const { selected, unselected } = selectHeliumWitnesses(i.witnesses, i.maxWitnesses);
      const full: Json = { selected, unselected, selectedCount: selected.length, unselectedCount: unselected.length };
      if (v.expected.selectedAt) full.selectedAt = Object.fromEntries(Object.keys(v.expected.selectedAt).map((k) => [k, selected[Number(k)]]));
      return Object.fromEntries(Object.keys(v.expected).map((k) => [k, full[k]]));
    }
  }
  return null;
}

/** Only the verdict of a vector whose expectation also names intermediate values (cells, metres). */
const decisionOf = (e: Json) => ("verdict" in e ? { verdict: e.verdict } : e);

describe("helium profile: Helium's rule vectors through the profile's checks", () => {
  const run = HELIUM_VECTORS.filter((v) => viaProfile(v) !== null);

  it("runs every per-report decision vector and the HIP-15 units (all but Helium's payload generation and pool arithmetic)", () => {
    const rules = new Set(run.map((v) => v.rule));
    for (const r of ["entropy_window", "beacon_schedule", "denylist", "denylist_edge", "capability", "witness_lag", "self_witness", "witness_frequency", "witness_region", "witness_data", "witness_cell_distance", "witness_distance", "witness_rssi", "beacon_verifications", "witness_verifications", "witness_selection", "reward_units"]) {
      assert.ok(rules.has(r), r);
    }
    assert.equal(run.length, 134);
  });

  for (const v of run) {
    it(v.id, () => {
      const got = viaProfile(v)!;
      assert.deepEqual(got, v.rule === "witness_selection" ? v.expected : decisionOf(v.expected));
    });
  }

  it("the base facts pass every check (so each rule vector tests its own rule)", () => {
    assert.equal(heliumBeaconVerdict(beaconFacts()), "ok");
    assert.equal(heliumWitnessVerdict(witnessFacts()), "ok");
  });
});
