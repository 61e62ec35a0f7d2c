// The demo's one door to the simulator (oracle/src/sim): a seeded fleet in a
// real city, honest operators and the adversaries the simulator knows, and
// each epoch's signed beacon/witness reports as the devices would upload them.
// Everything else in oracle/src/demo talks to `DemoFleet`, so when the
// simulator's API changes only this file follows.
//
// One thing the demo needs that a single simulated epoch does not give: many
// consecutive epochs of the *same* fleet. `simulateEpoch` with the same seed and
// another window start gives the same devices, but its entropy feed restarts at
// id 1 every epoch, while an oracle's entropy ids are unique forever. Each
// epoch's ids are therefore moved into their own range (epoch × 10⁹ + id) and the
// beacons quoting them re-signed by their own device key (every key is here); a
// replayer's copy of an honest beacon is rewritten to the same re-signed bytes,
// so the attack stays the attack. Witness reports do not quote entropy ids and
// leave untouched.

import { sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { EntropyRecord, reportBody, signingMessage, type HardwareKeypair } from "@hexpin/sdk";
import { CITY_NAMES, CityName, simulateEpoch, type SimulatedEpoch } from "../sim";

/** One simulated device: its key, what it asserts on-chain, and how it behaves (ground truth). */
export interface DemoDevice {
  index: number;
  /** base58 hardware key. */
  address: string;
  keypair: HardwareKeypair;
  /** "honest", or the adversary kind (the simulator's behaviour label). */
  behaviour: string;
  /** asserted H3 cell (hex) and antenna, as onboarding writes them on-chain. */
  location: string;
  gainDbi10: number;
  elevationM: number;
}

export interface DeviceReport {
  bytes: Uint8Array;
  /** when the oracle should receive it (unix ms, the simulated device's send time). */
  receivedAtMs: number;
  /** the device that signed it. */
  signer: number;
}

export interface DemoEpochTraffic {
  /** the entropy feed devices quoted this epoch (what the oracle publishes at /v1/entropy). */
  entropy: EntropyRecord[];
  /** the epoch's reports, in receive-time order. */
  reports: DeviceReport[];
}

export interface DemoFleet {
  city: CityName;
  devices: DemoDevice[];
  /** every behaviour present, honest first. */
  behaviours: string[];
  /** the fleet's traffic for one epoch window (24 h), deterministic in (seed, epoch, window). */
  epoch(epoch: number, window: { startMs: number; endMs: number }): DemoEpochTraffic;
}

export const DEMO_CITIES: readonly string[] = CITY_NAMES;
export const SIM_EPOCH_LENGTH_SECS = 86_400;

/** Epoch ids live in disjoint ranges so an oracle's entropy table never sees one twice. */
const ENTROPY_ID_STRIDE = 1_000_000_000;

export function isDemoCity(name: string): name is CityName {
  return (CITY_NAMES as readonly string[]).includes(name);
}

export function simulatedFleet(o: { seed: string; hotspots: number; city: string }): DemoFleet {
  if (!isDemoCity(o.city)) throw new RangeError(`unknown city "${o.city}"; the simulator knows ${CITY_NAMES.join(", ")}`);
  const city = o.city;
  const base = simulateEpoch({ seed: o.seed, hotspots: o.hotspots, city, sign: true });
  const devices: DemoDevice[] = base.fleet.hotspots.map((h) => ({
    index: h.index,
    address: h.address,
    keypair: { publicKey: h.publicKey, address: h.address, privateKey: h.privateKey as KeyObject },
    behaviour: h.behaviour,
    location: h.info.location!,
    gainDbi10: h.info.gainDbi10,
    elevationM: h.info.elevationM,
  }));
  const present = new Set(devices.map((d) => d.behaviour));
  const behaviours = ["honest", ...[...present].filter((b) => b !== "honest").sort()];
  return {
    city,
    devices,
    behaviours,
    epoch(epoch, window) {
      if (window.endMs - window.startMs !== SIM_EPOCH_LENGTH_SECS * 1000) throw new RangeError("the simulator's epochs last 24 hours");
      const sim = simulateEpoch({ seed: o.seed, hotspots: o.hotspots, city, sign: true, windowStartMs: window.startMs });
      return traffic(sim, devices, epoch);
    },
  };
}

function traffic(sim: SimulatedEpoch, devices: DemoDevice[], epoch: number): DemoEpochTraffic {
  const offset = epoch * ENTROPY_ID_STRIDE;
  const entropy = sim.entropy.map((e) => ({ ...e, id: e.id + offset }));
  const rewritten = new Map<string, Uint8Array>();
  const byKey = new Map(devices.map((d) => [Buffer.from(d.keypair.publicKey).toString("hex"), d]));
  const reports: DeviceReport[] = [];
  for (const r of sim.reports()) {
    let bytes = r.bytes;
    if (r.label.kind === "beacon") {
      const original = Buffer.from(bytes).toString("base64");
      const known = rewritten.get(original);
      if (known) bytes = known;
      else if (offset !== 0) {
        bytes = reSignWithEntropyOffset(bytes, offset, byKey);
        rewritten.set(original, bytes);
      }
    }
    reports.push({ bytes, receivedAtMs: r.receivedAtMs, signer: r.label.actor });
  }
  reports.sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.signer - b.signer);
  return { entropy, reports };
}

/** A beacon with its quoted entropy id moved by `offset`, signed again by its hotspot. */
function reSignWithEntropyOffset(beacon: Uint8Array, offset: number, byKey: Map<string, DemoDevice>): Uint8Array {
  const out = Uint8Array.from(beacon);
  const dv = new DataView(out.buffer);
  // beacon layout (sdk/src/reports/encoding.ts): version, type, hotspot key (32), entropy id u64 LE at 34
  const hotspotKey = Buffer.from(out.subarray(2, 34)).toString("hex");
  const signer = byKey.get(hotspotKey);
  if (!signer) throw new Error("a simulated beacon names a hotspot outside the fleet");
  dv.setBigUint64(34, dv.getBigUint64(34, true) + BigInt(offset), true);
  out.set(sign(null, signingMessage(reportBody(out)), signer.keypair.privateKey), out.length - 64);
  return out;
}
