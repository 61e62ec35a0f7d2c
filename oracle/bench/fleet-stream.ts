// A fast, seeded epoch generator for the benchmark: hotspots clustered in
// towns, four beacons per hotspot spaced by the 6 h schedule, each heard by a
// share of its town, emitted as *unsigned* canonical report bytes in beacon
// time order. Signatures are measured separately (see run.ts), as intake
// checks them before reports reach the epoch pipeline.
//
// Unlike the scenario used by tests, this never holds the reports: `stream`
// calls back per report so 10M of them cost no memory.

import { createHash } from "node:crypto";
import { cellToLatLng, latLngToCell } from "h3-js";
import { deriveBeacon, encodeReport, EntropyRecord, REGION_PLANS } from "@hexpin/sdk";
import { SeededRandom } from "../src/epoch/seeded-random";
import type { HotspotInfo } from "../src/types";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const bs58: { encode(bytes: Uint8Array): string } = require("bs58");

export interface BenchFleetOptions {
  seed: number;
  hotspots: number;
  witnessReports: number;
  townSize?: number;
}

export interface BenchFleet {
  hotspots: HotspotInfo[];
  rawKeys: Uint8Array[];
  entropy: EntropyRecord[];
  window: { startMs: number; endMs: number };
  beacons: number;
  witnessesPerBeacon: number;
}

const HOUR = 3_600_000;
const BEACONS_PER_HOTSPOT = 4;
const ENTROPY_EVERY_MS = 60_000;

export function buildBenchFleet(o: BenchFleetOptions): BenchFleet {
  const rng = new SeededRandom(o.seed);
  const townSize = o.townSize ?? 48;
  const hotspots: HotspotInfo[] = [];
  const rawKeys: Uint8Array[] = [];
  let town = { lat: 0, lng: 0 };
  for (let i = 0; i < o.hotspots; i++) {
    if (i % townSize === 0) town = { lat: 30 + rng.float() * 15, lng: -120 + rng.float() * 45 };
    const raw = createHash("sha256").update(`hexpin bench ${o.seed} ${i}`).digest();
    rawKeys.push(raw);
    hotspots.push({
      key: bs58.encode(raw),
      owner: bs58.encode(raw),
      location: latLngToCell(town.lat + (rng.float() - 0.5) * 0.04, town.lng + (rng.float() - 0.5) * 0.05, 12),
      gainDbi10: [12, 30, 58][rng.int(0, 2)],
      elevationM: rng.int(2, 30),
      onboardedAt: 1_700_000_000 + rng.int(0, 400) * 86_400,
    });
  }
  const startMs = 1_750_000_000_000;
  const window = { startMs, endMs: startMs + 24 * HOUR };
  const entropy: EntropyRecord[] = [];
  for (let t = startMs - ENTROPY_EVERY_MS, id = 1; t < window.endMs; t += ENTROPY_EVERY_MS, id++) {
    entropy.push({ id, value: createHash("sha256").update(`bench entropy ${o.seed} ${id}`).digest(), publishedAtMs: t });
  }
  const beacons = o.hotspots * BEACONS_PER_HOTSPOT;
  const witnessesPerBeacon = Math.max(0, Math.min(townSize - 1, Math.round(o.witnessReports / beacons)));
  return { hotspots, rawKeys, entropy, window, beacons, witnessesPerBeacon };
}

/** Streams every report of the epoch, beacon first then its witnesses, in beacon time order. */
export function streamBenchReports(fleet: BenchFleet, seed: number, emit: (bytes: Uint8Array, receivedAtMs: number) => void): void {
  const rng = new Mulberry32(seed ^ 0x5eed);
  const region = REGION_PLANS.US915;
  const n = fleet.hotspots.length;
  const townSize = 48;
  // beacon b of hotspot i at b·6h + 10 min + a per-hotspot offset < 5 h 40 min: ≥ 6 h apart
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = 10 * 60_000 + rng.int(0, 340 * 60_000);
  const order: number[] = [];
  for (let b = 0; b < BEACONS_PER_HOTSPOT; b++) for (let i = 0; i < n; i++) order.push(b * n + i);
  const timeOf = (slot: number) => fleet.window.startMs + Math.floor(slot / n) * 6 * HOUR + offsets[slot % n];
  order.sort((a, b) => timeOf(a) - timeOf(b) || a - b);
  const centres = fleet.hotspots.map((h) => cellToLatLng(h.location!));
  const firstEntropy = fleet.entropy[0].publishedAtMs;

  for (const slot of order) {
    const i = slot % n;
    const t = timeOf(slot);
    const e = fleet.entropy[Math.floor((t - firstEntropy) / ENTROPY_EVERY_MS)];
    const local = rng.bytes(16);
    const key = fleet.rawKeys[i];
    const d = deriveBeacon(e.value, key, local, region);
    emit(
      encodeReport({ kind: "beacon", hotspotKey: key, entropyId: e.id, entropyValue: e.value, localEntropy: local, payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10: 270, timestampMs: t }),
      t + rng.int(0, 400),
    );
    const townStart = i - (i % townSize);
    const townEnd = Math.min(n, townStart + townSize);
    const peers = townEnd - townStart - 1;
    const want = Math.min(fleet.witnessesPerBeacon, peers);
    const start = rng.int(0, Math.max(peers - 1, 0));
    for (let k = 0; k < want; k++) {
      let j = townStart + ((start + k) % peers);
      if (j >= i) j++;
      const h = fleet.hotspots[i];
      const w = fleet.hotspots[j];
      const [lat, lng] = centres[i];
      const [wlat, wlng] = centres[j];
      const dM = Math.max(1, Math.hypot((wlat - lat) * 111_000, (wlng - lng) * 111_000 * Math.cos((lat * Math.PI) / 180)));
      const rssi = Math.round(270 + h.gainDbi10 + w.gainDbi10 - 317 - 300 * Math.log10(dM) + rng.int(-40, 40));
      emit(
        encodeReport({ kind: "witness", witnessKey: fleet.rawKeys[j], beaconerKey: key, payload: d.payload, frequencyHz: d.frequencyHz, rssiDbm10: Math.max(-1400, rssi), snrDb10: rng.int(-100, 100), timestampMs: t }),
        t + rng.int(100, 3_000),
      );
    }
  }
}

/** 32-bit PRNG for the hot loop; SeededRandom's bigint splitmix is too slow for 10M reports. */
class Mulberry32 {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (this.next() * 256) | 0;
    return out;
  }
}
