// Test support: Helium's vector file (tests/fixtures/helium-vectors.json) turned
// into the `helium` profile's inputs. A `poc_scenario` vector is a sequence of
// steps, each one beacon and the witness reports of its payload, processed by
// Helium's runner one after the other with its tables (last_beacon,
// last_beacon_recip, last_witness) in between; here each step is one epoch of the
// verifier whose previous state is the one the step before produced (passed
// through its canonical encoding), with the timestamps a step injects written
// into that state first.
//
// Helium keys and payloads are not hexpin's: each vector key becomes an ed25519
// key derived from it; a beacon gets hexpin's payload (local entropy chosen so its
// channel is the vector's frequency) when Helium's own payload check passes the
// vector's, and a corrupted one otherwise; a witness carries the beacon's hexpin
// payload when its vector payload equals the beacon's, another otherwise.
// Locations coarser than hexpin's res 12 become their res-12 centre child (same
// centre, same res-11 parent).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cellToCenterChild, getResolution } from "h3-js";
import { EntropyRecord, HardwareKeypair, REGION_PLANS, RegionName, deriveBeacon, keypairFromSeed, signReport } from "@hexpin/sdk";
import type { HotspotInfo } from "../../types";
import type { ReceivedReport } from "../../ingest/received";
import { decodePocState, encodePocState } from "../../state/encoding";
import { HotspotRecord, POC_STATE_VERSION, PocState, emptyEdges } from "../../state/poc-state";
import { defaultPocConfig, PocConfig } from "../config";
import { PocVerifier } from "../verifier";
import { heliumRegionParamsFromHex, verifyHeliumBeaconPayload } from "../profiles/helium-reference";
import type { ReasonCode } from "../../types";

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export interface HeliumVector {
  id: string;
  rule: string;
  kind: "extracted" | "derived";
  inputs: Json;
  helium: Json;
  expected: Json;
}

export const HELIUM_VECTORS: HeliumVector[] = JSON.parse(readFileSync(join(__dirname, "../../../../tests/fixtures/helium-vectors.json"), "utf8")).vectors;

const sha = (...parts: (string | Uint8Array)[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** One step's verdicts: the beacon's and each witness report's (vector order), null = counted. */
export interface StepResult {
  beacon: ReasonCode | null;
  witnesses: (ReasonCode | null)[];
  /** keys (vector names) of the witnesses the verifier selected, sorted. */
  selected: string[];
  /** the valid beacon's HIP-15 units (UNIT), when it is valid. */
  units: { beaconer: number; perWitness: number } | null;
}

export class HeliumScenario {
  readonly keys = new Map<string, HardwareKeypair>();
  readonly names = new Map<string, string>();
  readonly hotspots: HotspotInfo[];
  readonly config: PocConfig;
  readonly region: RegionName;

  constructor(readonly v: HeliumVector) {
    const i = v.inputs;
    const regions = new Set(Object.values(i.gateways).map((g: Json) => g.region as string));
    if (regions.size !== 1) throw new Error(`${v.id}: one region per network`);
    this.region = [...regions][0] as RegionName;
    this.hotspots = Object.entries(i.gateways).map(([k, g]: [string, Json]) => ({
      key: this.key(k).address, owner: this.key(k).address, location: res12(g.location), gainDbi10: g.gainDbi10,
      elevationM: g.elevationM, onboardedAt: 1_600_000_000, serial: 1,
    }));
    const base = defaultPocConfig(this.region, "helium");
    this.config = { ...base, beaconIntervalMs: i.config.beaconIntervalMs, maxWitnessesPerBeacon: i.config.maxWitnesses };
  }

  key(name: string): HardwareKeypair {
    let kp = this.keys.get(name);
    if (!kp) {
      kp = keypairFromSeed(sha("helium-vector-key:", name));
      this.keys.set(name, kp);
      this.names.set(kp.address, name);
    }
    return kp;
  }

  private locationOf(name: string): string | null {
    const h = this.hotspots.find((x) => x.key === this.key(name).address);
    return h ? h.location : null;
  }

  /** `state` with the step's injected timestamps written in. */
  private inject(state: PocState | null, step: Json, epoch: number): PocState | null {
    const recip: Record<string, number> = step.setLastBeaconRecip ?? {};
    const wit: Record<string, number> = step.setLastWitness ?? {};
    const names = new Set([...Object.keys(recip), ...Object.keys(wit)]);
    if (names.size === 0) return state;
    const records = new Map<string, HotspotRecord>((state?.hotspots ?? []).map((r) => [r.key, { ...r }]));
    for (const n of names) {
      const key = this.key(n).address;
      const r = records.get(key) ?? { key, location: this.locationOf(n), trustBps: 0, txOffsetDb10: 0, txWeight10: 0, rxOffsetDb10: 0, rxWeight10: 0, reachM: 0, lastBeaconMs: 0 };
      if (recip[n] !== undefined) r.lastBeaconRecipMs = recip[n];
      if (wit[n] !== undefined) r.lastWitnessMs = wit[n];
      records.set(key, r);
    }
    const hotspots = [...records.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { version: POC_STATE_VERSION, epoch: Math.max(0, epoch - 1), calibration: null, hotspots, edges: emptyEdges() };
  }

  /** Runs every step through the verifier; `config` overrides the scenario's. */
  run(config: PocConfig = this.config): StepResult[] {
    const i = this.v.inputs;
    const plan = REGION_PLANS[this.region];
    const params = heliumRegionParamsFromHex(i.config.regionParamsHex);
    const denylist = {
      hotspots: (i.config.denied as string[]).map((k) => this.key(k).address),
      pairs: (i.config.deniedEdges as [string, string][]).map(([a, b]) => [this.key(a).address, this.key(b).address] as const),
    };
    let state: PocState | null = null;
    const out: StepResult[] = [];
    (i.steps as Json[]).forEach((step, s) => {
      state = this.inject(state, step, s);
      const b = step.beacon;
      const ent: EntropyRecord = { id: s + 1, value: sha("entropy", String(s), b.remoteEntropyHex), publishedAtMs: step.entropyStartMs };
      const bkp = this.key(b.key);
      let localEntropy = sha("local", String(s)).subarray(0, 16);
      let d = deriveBeacon(ent.value, bkp.publicKey, localEntropy, plan);
      for (let n = 0; d.frequencyHz !== b.frequencyHz && n < 1000; n++) {
        localEntropy = sha("local", String(s), String(n)).subarray(0, 16);
        d = deriveBeacon(ent.value, bkp.publicKey, localEntropy, plan);
      }
      const heliumOk =
        verifyHeliumBeaconPayload(
          { remoteEntropy: hex(b.remoteEntropyHex), entropyStartMs: step.entropyStartMs, entropyVersion: i.config.entropyVersion, localEntropy: hex(b.localEntropyHex), regionParams: params, gainDbi10: i.gateways[b.key]?.gainDbi10 ?? 0 },
          { payload: hex(b.payloadHex), frequencyHz: b.frequencyHz, datarate: b.datarate, txPowerDbm: b.txPowerDbm },
        ) === "ok";
      const payload = heliumOk ? d.payload : sha("not the payload", d.payload);
      const beacon: ReceivedReport = {
        report: signReport({ kind: "beacon", hotspotKey: bkp.publicKey, entropyId: ent.id, entropyValue: ent.value, localEntropy, payload, frequencyHz: d.frequencyHz, txPowerDbm10: b.txPowerDbm * 10, timestampMs: b.receivedMs }, bkp).report,
        receivedAtMs: b.receivedMs,
      };
      const witnesses: ReceivedReport[] = (step.witnesses as Json[]).map((x) => {
        const kp = this.key(x.key);
        const wp = x.payloadHex === b.payloadHex ? payload : sha("other payload", x.payloadHex);
        return {
          report: signReport({ kind: "witness", witnessKey: kp.publicKey, beaconerKey: bkp.publicKey, payload: wp, frequencyHz: x.frequencyHz, rssiDbm10: x.rssiDbm10, snrDb10: 0, timestampMs: x.receivedMs }, kp).report,
          receivedAtMs: x.receivedMs,
        };
      });
      const times = [b.receivedMs, ...witnesses.map((x) => x.receivedAtMs)];
      const window = { startMs: Math.min(...times) - 86_400_000, endMs: Math.max(...times) + 86_400_000 };
      const verifier = new PocVerifier({ hotspots: this.hotspots, entropy: [ent], window, denylist, previousState: state, epoch: s }, config);
      const bSeq = verifier.ingest(beacon);
      const wSeqs = witnesses.map((x) => verifier.ingest(x));
      const outcome = verifier.finish();
      state = outcome.nextState ? decodePocState(encodePocState(outcome.nextState)) : null;
      const valid = outcome.beacons.find((x) => x.beaconer === bkp.address);
      out.push({
        beacon: verifier.verdict(bSeq),
        witnesses: wSeqs.map((q) => verifier.verdict(q)),
        selected: (valid?.selectedWitnesses ?? []).map((k) => this.names.get(k)!).sort(),
        units: valid?.units ?? null,
      });
    });
    return out;
  }
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));

function res12(cell: string | null): string | null {
  if (cell === null) return null;
  return getResolution(cell) < 12 ? cellToCenterChild(cell, 12) : cell;
}
