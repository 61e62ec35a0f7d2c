// Runs every vector of tests/fixtures/helium-vectors.json through the Helium reference.
// Extracted vectors carry Helium's own test expectations; derived ones come from
// scripts/helium-vectors (Helium's rules restated on its pinned Rust libraries), so
// the reference is checked against two sources it does not share code with.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DecimalOverflowError,
  DecimalParseError,
  HeliumDecimal,
  HeliumGateway,
  HeliumPocContext,
  HeliumPocState,
  HeliumBeaconReport,
  HeliumWitnessReport,
  HeliumRules,
  RoundingStrategy,
  generateHeliumBeacon,
  heliumAllocateRewards,
  heliumCellDistance,
  heliumDcToHntBones,
  heliumDistanceM,
  heliumExpectedRssiDbm,
  heliumHexDensity,
  heliumHntBonesToDc,
  heliumPriceInfo,
  heliumRegionParamsFromHex,
  heliumRewardUnits,
  heliumScheduledOperationsTokens,
  heliumScheduledOracleTokens,
  heliumScheduledPocTokens,
  selectHeliumWitnesses,
  verifyBeaconSchedule,
  verifyCapability,
  verifyDenylist,
  verifyEdgeDenylist,
  verifyEntropy,
  verifyHeliumBeacon,
  verifyHeliumBeaconPayload,
  verifyHeliumPoc,
  verifyHeliumWitness,
  verifyRssiAtDistance,
  verifySelfWitness,
  verifyWitnessCellDistance,
  verifyWitnessData,
  verifyWitnessDistance,
  verifyWitnessFrequency,
  verifyWitnessLag,
  verifyWitnessRegion,
  verifyWitnessRssi,
} from "./helium-reference";
import { RegionParamsDecodeError } from "./helium-beacon";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface Vector {
  id: string;
  rule: string;
  kind: "extracted" | "derived";
  description: string;
  inputs: Json;
  helium: Json;
  expected: Json;
  provenance: Json;
}

const FILE = join(__dirname, "../../../../tests/fixtures/helium-vectors.json");
const doc = JSON.parse(readFileSync(FILE, "utf8"));
const vectors: Vector[] = doc.vectors;

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
const dec = (s: string) => HeliumDecimal.parse(s);
const num = (x: number | string) => (x === "Infinity" ? Infinity : x === "-Infinity" ? -Infinity : x);

function gatewayOf(g: Json): HeliumGateway {
  return { location: g.location, gainDbi10: g.gainDbi10, elevationM: g.elevationM, region: g.region, isFullHotspot: g.isFullHotspot };
}

function beaconOf(b: Json): HeliumBeaconReport {
  return {
    key: b.key,
    localEntropy: bytes(b.localEntropyHex),
    remoteEntropy: bytes(b.remoteEntropyHex),
    payload: bytes(b.payloadHex),
    frequencyHz: b.frequencyHz,
    datarate: b.datarate,
    txPowerDbm: b.txPowerDbm,
    receivedMs: b.receivedMs,
  };
}

function witnessOf(w: Json): HeliumWitnessReport {
  return { key: w.key, payload: bytes(w.payloadHex), rssiDbm10: w.rssiDbm10, frequencyHz: w.frequencyHz, receivedMs: w.receivedMs };
}

function payloadInputs(i: Json) {
  return {
    remoteEntropy: bytes(i.remoteEntropyHex),
    entropyStartMs: i.entropyStartMs,
    entropyVersion: i.entropyVersion,
    localEntropy: bytes(i.localEntropyHex),
    regionParams: heliumRegionParamsFromHex(i.regionParamsHex),
    gainDbi10: i.gainDbi10,
  };
}

function rulesOf(i: Json): HeliumRules {
  return {
    denied: i.denied ?? [],
    deniedEdges: i.deniedEdges ?? [],
    regionParams: i.regionParamsHex ? heliumRegionParamsFromHex(i.regionParamsHex) : [],
    entropyStartMs: i.entropyStartMs,
    entropyEndMs: i.entropyEndMs,
    entropyVersion: i.entropyVersion ?? 0,
    beaconIntervalMs: i.beaconIntervalMs ?? 21_600_000,
  };
}

function runScenario(i: Json, detail: boolean): Json {
  const gateways = new Map<string, HeliumGateway>(Object.entries(i.gateways).map(([k, g]) => [k, gatewayOf(g)]));
  const density = new Map<string, HeliumDecimal>(Object.entries(i.density as Record<string, string>).map(([k, s]) => [k, dec(s)]));
  const regionParams = heliumRegionParamsFromHex(i.config.regionParamsHex);
  const state = new HeliumPocState();
  const steps: Json[] = [];
  for (const st of i.steps) {
    for (const [k, t] of Object.entries(st.setLastBeaconRecip as Record<string, number>)) state.lastBeaconRecip.set(k, t);
    for (const [k, t] of Object.entries(st.setLastWitness as Record<string, number>)) state.lastWitness.set(k, t);
    const ctx: HeliumPocContext = {
      gateways,
      density,
      maxWitnesses: i.config.maxWitnesses,
      denied: i.config.denied,
      deniedEdges: i.config.deniedEdges,
      regionParams,
      entropyStartMs: st.entropyStartMs,
      entropyVersion: i.config.entropyVersion,
      beaconIntervalMs: i.config.beaconIntervalMs,
    };
    const o = verifyHeliumPoc(ctx, state, beaconOf(st.beacon), st.witnesses.map(witnessOf));
    const step: Json = {
      beacon: o.beacon,
      selected: o.witnesses.filter((w) => w.selected).map((w) => w.key),
      unselected: o.witnesses.filter((w) => !w.selected).map((w) => ({ key: w.key, reason: w.reason === "Valid" ? "Unselected" : w.reason, side: w.side })),
    };
    if (detail) {
      step.beaconRewardUnit = o.beaconRewardUnit.toString();
      step.beaconHexScale = o.beaconHexScale?.toString() ?? null;
      step.witnessRewardUnits = Object.fromEntries(o.witnesses.filter((w) => w.selected).map((w) => [w.key, w.rewardUnit.toString()]));
      step.witnessHexScales = Object.fromEntries(o.witnesses.filter((w) => w.selected).map((w) => [w.key, w.hexScale?.toString() ?? null]));
    }
    steps.push(step);
  }
  return { steps };
}

function decimalOp(i: Json): string {
  try {
    const a = dec(i.a);
    switch (i.op) {
      case "add":
        return a.add(dec(i.b)).toString();
      case "sub":
        return a.sub(dec(i.b)).toString();
      case "mul":
        return a.mul(dec(i.b)).toString();
      case "div":
        return a.div(dec(i.b)).toString();
      case "round_dp":
        return a.roundDp(i.dp, i.strategy as RoundingStrategy).toString();
      case "powu":
        return a.powu(i.exp).toString();
    }
    throw new Error(`unknown op ${i.op}`);
  } catch (e) {
    if (e instanceof Error && e.name === "DecimalOverflowError") return "Overflow";
    throw e;
  }
}

/** The reference's answer for a vector, in the shape of its `expected`. */
function evaluate(v: Vector): Json {
  const i = v.inputs;
  const e = v.expected;
  switch (v.rule) {
    case "entropy_window":
      return { verdict: verifyEntropy(i.entropyStartMs, i.entropyEndMs, i.receivedMs) };
    case "beacon_schedule":
      return { verdict: verifyBeaconSchedule(i.lastBeaconMs, i.receivedMs, i.beaconIntervalMs) };
    case "denylist":
      return { verdict: verifyDenylist(i.key, i.denied) };
    case "denylist_edge":
      return { verdict: verifyEdgeDenylist(i.beaconer, i.witness, i.deniedEdges) };
    case "capability":
      return { verdict: verifyCapability(i.isFullHotspot) };
    case "witness_lag":
      return { verdict: verifyWitnessLag(i.beaconReceivedMs, i.firstWitnessReceivedMs, i.receivedMs) };
    case "self_witness":
      return { verdict: verifySelfWitness(i.beaconer, i.witness) };
    case "witness_frequency":
      return { verdict: verifyWitnessFrequency(i.beaconFrequencyHz, i.witnessFrequencyHz) };
    case "witness_region":
      return { verdict: verifyWitnessRegion(i.beaconerRegion, i.witnessRegion) };
    case "witness_data":
      return { verdict: verifyWitnessData(bytes(i.beaconPayloadHex), bytes(i.witnessPayloadHex)) };
    case "witness_cell_distance": {
      const out: Json = { ...heliumCellDistance(i.beaconerLocation, i.witnessLocation), verdict: verifyWitnessCellDistance(i.beaconerLocation, i.witnessLocation) };
      return "cells" in e || "error" in e ? out : { verdict: out.verdict };
    }
    case "witness_distance": {
      const out: Json = { distanceM: heliumDistanceM(i.beaconerLocation, i.witnessLocation), verdict: verifyWitnessDistance(i.beaconerLocation, i.witnessLocation) };
      return "distanceM" in e ? out : { verdict: out.verdict };
    }
    case "expected_rssi":
      return { dbm: heliumExpectedRssiDbm(i.txPowerDbm, i.frequencyHz, i.distanceM, i.beaconerGainDbi10, i.witnessGainDbi10) };
    case "rssi_decision":
      return { verdict: verifyRssiAtDistance(i.rssiDbm10, i.frequencyHz, i.txPowerDbm, i.beaconerGainDbi10, i.witnessGainDbi10, i.distanceM) };
    case "witness_rssi":
      return { verdict: verifyWitnessRssi(i.rssiDbm10, i.frequencyHz, i.txPowerDbm, i.beaconerGainDbi10, i.witnessGainDbi10, i.beaconerLocation, i.witnessLocation) };
    case "beacon_payload": {
      const g = generateHeliumBeacon(payloadInputs(i));
      if ("error" in g) return { error: g.error };
      const full = { payloadHex: Buffer.from(g.payload).toString("hex"), frequencyHz: g.frequencyHz, datarate: g.datarate, conductedPowerDbm: g.conductedPowerDbm };
      return Object.fromEntries(Object.keys(e).map((k) => [k, (full as Json)[k]]));
    }
    case "beacon_payload_verify":
      return {
        verdict: verifyHeliumBeaconPayload(payloadInputs(i), {
          payload: bytes(i.reported.payloadHex),
          frequencyHz: i.reported.frequencyHz,
          datarate: i.reported.datarate,
          txPowerDbm: i.reported.txPowerDbm,
        }),
      };
    case "beacon_verifications":
      return { verdict: verifyHeliumBeacon(rulesOf(i), i.lastBeaconMs, beaconOf(i.beacon), gatewayOf(i.beaconer)) };
    case "witness_verifications":
      return {
        verdict: verifyHeliumWitness(rulesOf(i), witnessOf(i.witness), gatewayOf(i.witnessGateway), beaconOf(i.beacon), gatewayOf(i.beaconer), i.firstWitnessReceivedMs),
      };
    case "witness_selection": {
      const { selected, unselected } = selectHeliumWitnesses(i.witnesses, i.maxWitnesses);
      const full: Json = { selected, unselected, selectedCount: selected.length, unselectedCount: unselected.length };
      if (e.selectedAt) full.selectedAt = Object.fromEntries(Object.keys(e.selectedAt).map((k) => [k, selected[Number(k)]]));
      return Object.fromEntries(Object.keys(e).map((k) => [k, full[k]]));
    }
    case "reward_units": {
      const u = heliumRewardUnits(i.witnesses);
      return { beaconer: u.beaconer.toString(), perWitness: u.perWitness.toString() };
    }
    case "hex_density": {
      const scales = heliumHexDensity(i.locations);
      return { scales: Object.fromEntries([...scales.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, s]) => [k, s.toString()])) };
    }
    case "reward_allocation": {
      const { pricePerBone } = heliumPriceInfo(i.priceInBones, i.decimals);
      const a = heliumAllocateRewards(
        dec(i.epochEmissions),
        pricePerBone,
        i.gateways.map((g: Json) => ({ key: g.key, beaconShares: dec(g.beaconShares), witnessShares: dec(g.witnessShares), dcShares: dec(g.dcShares) })),
      );
      const rewards = Object.fromEntries(a.rewards.map((r) => [r.key, { beacon: Number(r.beacon), witness: Number(r.witness), dc: Number(r.dc) }]));
      const full: Json = {
        beaconPerShare: a.beaconPerShare.toString(),
        witnessPerShare: a.witnessPerShare.toString(),
        dcPerShare: a.dcPerShare.toString(),
        rewards: Object.fromEntries(Object.keys(e.rewards).map((k) => [k, rewards[k]])),
        absent: a.absent,
        unallocatedPoc: Number(a.unallocatedPoc),
      };
      return Object.fromEntries(Object.keys(e).map((k) => [k, full[k]]));
    }
    case "scheduled_tokens": {
      const em = dec(i.epochEmissions);
      const pools = heliumScheduledPocTokens(em, dec(i.dcRemainder));
      const full: Json = {
        beacon: pools.beacon.toString(),
        witness: pools.witness.toString(),
        operations: heliumScheduledOperationsTokens(em).toString(),
        oracles: heliumScheduledOracleTokens(em).toString(),
        operationsBones: Number(heliumScheduledOperationsTokens(em).truncToU64()),
      };
      return Object.fromEntries(Object.keys(e).map((k) => [k, full[k]]));
    }
    case "price_info": {
      const p = heliumPriceInfo(i.priceInBones, i.decimals);
      return { pricePerToken: p.pricePerToken.toString(), pricePerBone: p.pricePerBone.toString() };
    }
    case "dc_to_hnt_bones": {
      const price = dec(i.pricePerBone);
      const bones = heliumDcToHntBones(dec(i.dc), price);
      const full: Json = { bones: bones.toString(), backToDc: heliumHntBonesToDc(bones, price).toString() };
      return Object.fromEntries(Object.keys(e).map((k) => [k, full[k]]));
    }
    case "poc_scenario":
      return runScenario(i, "beaconRewardUnit" in e.steps[0]);
    case "decimal_arithmetic":
      return { result: decimalOp(i) };
  }
  throw new Error(`no reference for rule ${v.rule}`);
}

describe("Helium reference: the vector file", () => {
  it("names helium/oracles at the parent of the IoT removal, and counts its vectors", () => {
    assert.equal(doc.source.repository, "helium/oracles");
    assert.equal(doc.source.commit, "824f7724baec1042f0f8b03d222db93a3387bdf0");
    assert.equal(doc.counts.extracted, vectors.filter((v) => v.kind === "extracted").length);
    assert.equal(doc.counts.derived, vectors.filter((v) => v.kind === "derived").length);
    assert.ok(doc.counts.extracted >= 100, "at least the 100 assertions of Helium's own tests");
  });

  it("gives every vector a unique id and provenance: file, test and line when extracted, rule and derivation when derived", () => {
    assert.equal(new Set(vectors.map((v) => v.id)).size, vectors.length);
    for (const v of vectors) {
      assert.equal(v.provenance.source, "helium/oracles@824f7724baec1042f0f8b03d222db93a3387bdf0", v.id);
      if (v.kind === "extracted") {
        assert.match(v.provenance.file, /^iot_verifier\//, v.id);
        assert.ok(typeof v.provenance.test === "string" && Number.isInteger(v.provenance.line) && v.provenance.line > 0, v.id);
      } else {
        assert.equal(v.kind, "derived", v.id);
        assert.ok(v.provenance.rule && v.provenance.derivation, v.id);
      }
      assert.ok(v.id.startsWith(`${v.id.split("/")[0]}/${v.kind}/`), `${v.id} names its kind`);
    }
  });

  it("covers every rule of the profile with extracted vectors where Helium tests it and derived edges everywhere", () => {
    const rules = new Set(vectors.map((v) => v.rule));
    for (const r of [
      "entropy_window", "beacon_schedule", "witness_lag", "witness_frequency", "witness_cell_distance", "witness_distance",
      "expected_rssi", "rssi_decision", "witness_rssi", "beacon_payload", "beacon_payload_verify", "beacon_verifications",
      "witness_verifications", "witness_selection", "reward_units", "hex_density", "reward_allocation", "poc_scenario",
      "denylist", "denylist_edge", "self_witness", "capability", "witness_region", "witness_data", "decimal_arithmetic",
    ]) {
      assert.ok(rules.has(r), `no vector for ${r}`);
    }
    for (const r of ["entropy_window", "beacon_schedule", "witness_lag", "witness_frequency", "witness_cell_distance", "witness_distance", "beacon_payload", "poc_scenario", "hex_density", "reward_units"]) {
      assert.ok(vectors.some((v) => v.rule === r && v.kind === "derived"), `no derived edge for ${r}`);
    }
  });

  it("writes Helium's raw u64 H3 indexes as the same cells the inputs name in hex", () => {
    let checked = 0;
    for (const v of vectors) {
      for (const [raw, hexKey] of [["beaconerLocation", "beaconerLocation"], ["witnessLocation", "witnessLocation"], ["loc1", "beaconerLocation"], ["loc2", "witnessLocation"], ["beaconLoc", "beaconerLocation"], ["witnessLoc", "witnessLocation"]]) {
        const r = v.helium?.[raw];
        if (typeof r === "string" && /^\d+$/.test(r) && typeof v.inputs[hexKey] === "string") {
          assert.equal(BigInt(r).toString(16), v.inputs[hexKey], `${v.id} ${raw}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 20);
  });
});

describe("Helium reference: bad input", () => {
  it("rejects malformed or oversized decimals and overflowing arithmetic with typed errors", () => {
    assert.throws(() => HeliumDecimal.parse("1e5"), DecimalParseError);
    assert.throws(() => HeliumDecimal.parse("0." + "1".repeat(29)), DecimalParseError);
    assert.throws(() => HeliumDecimal.parse("79228162514264337593543950336"), DecimalParseError);
    const max = HeliumDecimal.parse("79228162514264337593543950335");
    assert.throws(() => max.add(HeliumDecimal.ONE), DecimalOverflowError);
    assert.throws(() => max.mul(HeliumDecimal.TWO), DecimalOverflowError);
    assert.throws(() => HeliumDecimal.ONE.div(HeliumDecimal.ZERO), RangeError);
  });

  it("refuses truncated region parameters with a typed error", () => {
    assert.throws(() => heliumRegionParamsFromHex("0a2308e0cabb"), RegionParamsDecodeError);
  });

  it("treats unreadable cells as Helium does: errors become verdicts, density skips them", () => {
    assert.deepEqual(heliumCellDistance("zz", "8c3f304e42e4bff"), { error: "H3CellError" });
    assert.equal(heliumDistanceM("0", "8c3f304e42e4bff"), null);
    assert.equal(verifyWitnessRssi(-1000, 868_000_000, 14, 20, 20, "8c3f304e42e4bff", "not-a-cell"), "BadRssi");
    assert.deepEqual([...heliumHexDensity(["not-a-cell", "8c3f304e42e4bff"]).keys()], ["8c3f304e42e4bff"]);
  });
});

const byRule = new Map<string, Vector[]>();
for (const v of vectors) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);

for (const [rule, vs] of byRule) {
  describe(`Helium reference: ${rule}`, () => {
    for (const v of vs) {
      it(`${v.id} — ${v.description}`, () => {
        const got = evaluate(v);
        if (rule === "expected_rssi") {
          assert.ok(Object.is(got.dbm, num(v.expected.dbm)), `${v.id}: ${got.dbm} !== ${v.expected.dbm}`);
        } else {
          assert.deepStrictEqual(got, v.expected);
        }
      });
    }
  });
}
