// Small, fully signed epochs for tests and the golden fixture: a seeded fleet
// around a point, entropy, beacons heard by nearby hotspots, and a previous
// cumulative map. Deterministic for a given seed; not a network simulator
// (oracle/src/sim is), just enough traffic to exercise every stage.

import { createHash } from "node:crypto";
import { cellToLatLng, latLngToCell } from "h3-js";
import { deriveBeacon, EntropyRecord, HardwareKeypair, keypairFromSeed, REGION_PLANS, signReport } from "@hexpin/sdk";
import { DEFAULT_SCORING_CONFIG } from "../score/scoring";
import type { HotspotInfo } from "../types";
import { DEFAULT_ALLOCATION_CONFIG } from "./allocation";
import type { EpochConfig, EpochInputs, ReceivedReportBytes } from "./bundle";
import { SeededRandom } from "./seeded-random";

export interface ScenarioOptions {
  seed: number;
  hotspots: number;
  epoch?: number;
  /** beacons per hotspot. */
  beaconsPerHotspot?: number;
  emission?: bigint;
  centre?: { lat: number; lng: number };
  /** spread of the fleet in degrees (square). */
  spreadDeg?: number;
  poc?: EpochConfig["poc"];
  previousCumulative?: ReadonlyMap<string, bigint>;
}

export interface Scenario {
  inputs: EpochInputs;
  keypairs: Map<string, HardwareKeypair>;
}

export const SCENARIO_EPOCH_LENGTH_MS = 86_400_000;
const GENESIS_MS = 1_750_000_000_000;

export function buildScenario(o: ScenarioOptions): Scenario {
  const rng = new SeededRandom(o.seed);
  const epoch = o.epoch ?? 1;
  const centre = o.centre ?? { lat: 37.7749, lng: -122.4194 };
  const spread = o.spreadDeg ?? 0.08;
  const region = REGION_PLANS.US915;
  const keypairs = new Map<string, HardwareKeypair>();
  const hotspots: HotspotInfo[] = [];
  for (let i = 0; i < o.hotspots; i++) {
    const kp = keypairFromSeed(createHash("sha256").update(`hexpin scenario ${o.seed} hotspot ${i}`).digest());
    keypairs.set(kp.address, kp);
    hotspots.push({
      key: kp.address,
      owner: kp.address,
      location: rng.float() < 0.05 ? null : latLngToCell(centre.lat + (rng.float() - 0.5) * spread, centre.lng + (rng.float() - 0.5) * spread, 12),
      gainDbi10: [12, 30, 58][rng.int(0, 2)],
      elevationM: rng.int(2, 40),
      onboardedAt: 1_700_000_000 + rng.int(0, 5) * 86_400,
      serial: i + 1,
    });
  }
  const startMs = GENESIS_MS + (epoch - 1) * SCENARIO_EPOCH_LENGTH_MS;
  const window = { startMs, endMs: startMs + SCENARIO_EPOCH_LENGTH_MS };
  const entropy: EntropyRecord[] = Array.from({ length: 24 }, (_, i) => ({
    id: epoch * 1000 + i,
    value: createHash("sha256").update(`entropy ${o.seed} ${epoch} ${i}`).digest(),
    publishedAtMs: startMs + i * 3_600_000,
  }));

  const reports: ReceivedReportBytes[] = [];
  const asserted = hotspots.filter((h) => h.location !== null);
  const beacons = o.beaconsPerHotspot ?? 2;
  for (const h of asserted) {
    const [lat, lng] = cellToLatLng(h.location!);
    for (let b = 0; b < beacons; b++) {
      // entropy is hourly; 8 ± 1 slots apart keeps a hotspot's beacons ≥ 7 h apart (6 h interval rule)
      const e = entropy[(b * 8 + rng.int(0, 1)) % entropy.length];
      const sentAt = e.publishedAtMs + rng.int(1_000, 60_000);
      const local = rng.bytes(16);
      const kp = keypairs.get(h.key)!;
      const derived = deriveBeacon(e.value, kp.publicKey, local, region);
      const beacon = signReport(
        // the standard EIRP (30 dBm) less the asserted gain, as every device declares it.
        { kind: "beacon", hotspotKey: kp.publicKey, entropyId: e.id, entropyValue: e.value, localEntropy: local, payload: derived.payload, frequencyHz: derived.frequencyHz, txPowerDbm10: 300 - h.gainDbi10, timestampMs: sentAt },
        kp,
      );
      reports.push({ bytes: beacon.bytes, receivedAtMs: sentAt + rng.int(0, 500) });
      for (const w of asserted) {
        if (w === h) continue;
        const [wlat, wlng] = cellToLatLng(w.location!);
        const dKm = Math.hypot((wlat - lat) * 111, (wlng - lng) * 88);
        if (dKm > 6 || dKm < 0.3 || rng.float() < 0.3) continue;
        // 30 dBm EIRP + the witness's gain − 31.7 dB at 1 m − 30·log10(d): the verifier's fallback model, ± 4 dB
        const rssi = Math.round(300 + w.gainDbi10 - 317 - 300 * Math.log10(dKm * 1000) + rng.int(-40, 40));
        const wkp = keypairs.get(w.key)!;
        // a few witnesses misreport what they heard, so rejections show up too
        const heard = rng.float() < 0.05 ? rng.bytes(32) : derived.payload;
        const witness = signReport(
          { kind: "witness", witnessKey: wkp.publicKey, beaconerKey: kp.publicKey, payload: heard, frequencyHz: derived.frequencyHz, rssiDbm10: rssi, snrDb10: Math.max(-200, Math.min(300, rssi + 1170 + rng.int(-20, 20))), timestampMs: sentAt },
          wkp,
        );
        reports.push({ bytes: witness.bytes, receivedAtMs: sentAt + rng.int(100, 3_000) });
      }
    }
  }
  const config: EpochConfig = { poc: o.poc ?? {}, scoring: DEFAULT_SCORING_CONFIG, allocation: DEFAULT_ALLOCATION_CONFIG };
  return {
    inputs: {
      epoch,
      window,
      emission: o.emission ?? 1_000_000_000_000n + BigInt(rng.int(0, 999_999)),
      config,
      hotspots,
      entropy,
      reports,
      previousCumulative: o.previousCumulative ?? new Map(),
    },
    keypairs,
  };
}
