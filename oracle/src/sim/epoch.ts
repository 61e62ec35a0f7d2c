// simulateEpoch: a seeded, streaming simulation of one epoch of PoC traffic.
//
// Everything is a pure function of the parameters (seed included): two calls, or
// two iterations of `reports()`, give identical bytes. Reports are generated beacon
// by beacon and yielded one at a time, so a 100k-hotspot, 10M-witness epoch never
// sits in memory. Witness counts scale with density: in URBAN_915 a beacon is heard
// by about 9.5 km² × density hotspots (measured: "bay-area" at 10k hotspots ≈ 38
// per beacon; "us-metros" at 100k, 4 beacons each ≈ 10M witness reports).

import { createHash, sign as edSign, KeyObject } from "node:crypto";
import { cellToLatLng } from "h3-js";
import { deriveBeacon, encodeReport, reportBody, signingMessage, maxConductedPowerDbm10, EntropyRecord, UnsignedReport } from "@hexpin/sdk";
import { HotspotInfo } from "../types";
import { PocConfig, defaultPocConfig } from "../verify/config";
import { EpochWindow, PocInputs } from "../verify/verifier";
import { fsplDb10 } from "../verify/geodesy";
import { SimRandom } from "./prng";
import { CityName } from "./cities";
import { RadioEnvironment, URBAN_915 } from "./radio";
import { ReceptionGrid } from "./reception";
import { AdversaryMix, DEFAULT_ADVERSARIES, Fleet, SimHotspot, buildFleet, toPlane } from "./fleet";
import { AttackClass, HOTSPOT_ATTACK, ReportLabel } from "./labels";

export interface SimParams {
  seed: string;
  hotspots: number;
  city?: CityName;
  /** epoch start, unix ms (default 2025-06-15T00:00Z); the epoch lasts 24 h. */
  windowStartMs?: number;
  /** beacons per hotspot in the epoch, at most 24 h / beacon interval (default 4). */
  beaconsPerHotspot?: number;
  radio?: Partial<RadioEnvironment>;
  adversaries?: Partial<AdversaryMix>;
  /**
   * Sign reports with real ed25519 keys (default true). `false` emits structurally
   * valid reports with all-zero signatures and non-curve keys, for benchmarks that
   * measure signature verification separately; admit them with
   * `verifySignatures: false`.
   */
  sign?: boolean;
  /** rule parameters the devices follow (region plan, beacon interval); default US915. */
  config?: PocConfig;
  /** entropy publication cadence (default 60 s). */
  entropyIntervalMs?: number;
}

export interface SimReport {
  /** canonical report bytes as a device would upload them. */
  bytes: Uint8Array;
  /** when the oracle received them. */
  receivedAtMs: number;
  label: ReportLabel;
}

export interface SimulatedEpoch {
  fleet: Fleet;
  /** the registry the verifier should load (asserted, not true, locations and gains). */
  registry: HotspotInfo[];
  entropy: EntropyRecord[];
  window: EpochWindow;
  config: PocConfig;
  inputs(): PocInputs;
  /** a fresh, deterministic stream of the epoch's reports. */
  reports(): Generator<SimReport>;
}

const DAY_MS = 86_400_000;

export function simulateEpoch(params: SimParams): SimulatedEpoch {
  const config = params.config ?? defaultPocConfig("US915");
  const env: RadioEnvironment = { ...URBAN_915, ...params.radio };
  const mix: AdversaryMix = { ...DEFAULT_ADVERSARIES, ...params.adversaries };
  const sign = params.sign ?? true;
  const root = new SimRandom(params.seed);
  const fleet = buildFleet(root.fork("fleet"), params.hotspots, params.city ?? "san-francisco", mix, env, sign);
  const startMs = params.windowStartMs ?? Date.UTC(2025, 5, 15);
  const window = { startMs, endMs: startMs + DAY_MS };
  const entropyEvery = params.entropyIntervalMs ?? 60_000;
  const entropyStart = startMs - 2 * entropyEvery;
  const entropy: EntropyRecord[] = [];
  for (let t = entropyStart, id = 1; t <= window.endMs + 2 * entropyEvery; t += entropyEvery, id++) {
    entropy.push({ id, value: new Uint8Array(createHash("sha256").update(`entropy:${params.seed}:${id}`).digest()), publishedAtMs: t });
  }
  const registry = fleet.hotspots.map((h) => h.info);
  const beacons = Math.max(1, Math.min(params.beaconsPerHotspot ?? 4, Math.floor(DAY_MS / config.beaconIntervalMs)));
  return {
    fleet,
    registry,
    entropy,
    window,
    config,
    inputs: () => ({ hotspots: registry, entropy, window }),
    reports: () => streamReports(root.fork("reports"), fleet, env, config, entropy, entropyStart, entropyEvery, window, beacons, sign),
  };
}

function* streamReports(
  rng: SimRandom, fleet: Fleet, env: RadioEnvironment, config: PocConfig, entropy: EntropyRecord[],
  entropyStart: number, entropyEvery: number, window: EpochWindow, beaconsPerHotspot: number, sign: boolean,
): Generator<SimReport> {
  const hs = fleet.hotspots;
  const n = hs.length;
  const plan = config.region;
  const interval = config.beaconIntervalMs;

  const grid = new ReceptionGrid(hs, env);
  // asserted positions in the fleet's plane, for ring members computing their lies.
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  for (const h of hs) {
    if (h.ring < 0) continue;
    const [lat, lng] = cellToLatLng(h.info.location!);
    [ax[h.index], ay[h.index]] = toPlane(fleet.frames[h.part], lat, lng);
  }
  const ringMembers = new Map<number, number[]>();
  for (const h of hs) if (h.ring >= 0) (ringMembers.get(h.ring) ?? ringMembers.set(h.ring, []).get(h.ring)!).push(h.index);

  const phase = Float64Array.from(hs, () => rng.uniform(0, interval - 15 * 60_000));
  const recentHonestBeacons: { bytes: Uint8Array; receivedAtMs: number; actor: number }[] = [];

  const emit = (u: UnsignedReport, key: KeyObject | null): Uint8Array => {
    const bytes = encodeReport(u);
    if (sign && key) bytes.set(edSign(null, signingMessage(reportBody(bytes)), key), bytes.length - 64);
    return bytes;
  };
  const witness = (w: SimHotspot, b: SimHotspot, payload: Uint8Array, freq: number, rssiDb: number, recv: number, tsMs: number): Uint8Array => {
    const rssiDbm10 = Math.max(-1500, Math.min(0, Math.round(rssiDb * 10)));
    const snrDb10 = Math.max(-300, Math.min(300, Math.round((rssiDb - env.noiseFloorDbm) * 10)));
    return emit({ kind: "witness", witnessKey: w.publicKey, beaconerKey: b.publicKey, payload, frequencyHz: freq, rssiDbm10, snrDb10, timestampMs: tsMs }, w.privateKey);
  };

  for (let k = 0; k < beaconsPerHotspot; k++) {
    for (let i = 0; i < n; i++) {
      const b = hs[i];
      const txAt = Math.round(window.startMs + phase[i] + k * interval + rng.uniform(0, 60_000));
      const entIdx = Math.floor((txAt - 1000 - entropyStart) / entropyEvery);
      const ent = entropy[entIdx];
      const localEntropy = rng.bytes(16);
      // a precomputer builds its beacon from entropy it had minutes ago, quoting the current id.
      const basis = b.behaviour === "precomputer" ? entropy[Math.max(0, entIdx - 5)].value : ent.value;
      const d = deriveBeacon(basis, b.publicKey, localEntropy, plan);
      // devices declare (and send) the standard EIRP less their asserted gain.
      const txPowerDbm10 = Math.min(config.beaconEirpDbm10 - b.info.gainDbi10, maxConductedPowerDbm10(plan, b.info.gainDbi10));
      const beaconRecv = txAt + Math.round(rng.uniform(200, 2500));
      const beaconBytes = emit(
        { kind: "beacon", hotspotKey: b.publicKey, entropyId: ent.id, entropyValue: ent.value, localEntropy, payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10, timestampMs: txAt },
        b.privateKey,
      );
      const beaconAttack: AttackClass | null = b.behaviour === "precomputer" ? "precomputed_beacon" : HOTSPOT_ATTACK[b.behaviour];
      yield { bytes: beaconBytes, receivedAtMs: beaconRecv, label: { kind: "beacon", actor: i, counterpart: -1, attack: beaconAttack, collateral: false } };
      if (beaconAttack === null) {
        recentHonestBeacons.push({ bytes: beaconBytes, receivedAtMs: beaconRecv, actor: i });
        if (recentHonestBeacons.length > 64) recentHonestBeacons.shift();
      }

      // real receptions by everyone in range (ring members' mutual reports are fabricated below).
      const txDbm = txPowerDbm10 / 10 + b.trueGainDbi10 / 10 - b.siteLossDb;
      const candidates = grid.collect(i, b.x, b.y, txDbm);
      for (let c = 0; c < candidates; c++) {
        const j = grid.candidate[c];
        const w = hs[j];
        if (b.ring >= 0 && w.ring === b.ring) continue;
        const rssi = txDbm + grid.rxDb[j] - grid.pathLossDb(grid.candidateD2[c]) + env.shadowingSigmaDb * rng.normal();
        if (rssi < env.sensitivityDbm) continue;
        const freq = d.frequencyHz + Math.round(rng.uniform(-2000, 2000));
        const recv = txAt + Math.round(rng.uniform(200, 3000));
        const attack = HOTSPOT_ATTACK[w.behaviour];
        const label: ReportLabel = { kind: "witness", actor: j, counterpart: i, attack, collateral: attack === null && beaconAttack !== null };
        yield { bytes: witness(w, b, d.payload, freq, rssi, recv, txAt + 150), receivedAtMs: recv, label };
        if (w.behaviour === "duplicator") {
          const again = witness(w, b, d.payload, freq, rssi + rng.uniform(1, 3), recv + Math.round(rng.uniform(1000, 5000)), txAt + 170);
          yield { bytes: again, receivedAtMs: recv + 1000 + rng.int(4000), label: { ...label, attack: "duplicate_witness", collateral: false } };
        }
      }

      // ring members "witness" each other from their shared room: numbers chosen to
      // look plausible and stay under the free-space ceiling of their asserted spots.
      if (b.ring >= 0) {
        for (const j of ringMembers.get(b.ring)!) {
          if (j === i) continue;
          const w = hs[j];
          const assertedDist = Math.max(1, Math.round(Math.hypot(ax[j] - ax[i], ay[j] - ay[i])));
          const ceiling10 = txPowerDbm10 + b.info.gainDbi10 + w.info.gainDbi10 - fsplDb10(assertedDist, d.frequencyHz);
          const rssi = Math.min(ceiling10 / 10 - 1, rng.uniform(-115, -80));
          const recv = txAt + Math.round(rng.uniform(200, 3000));
          yield { bytes: witness(w, b, d.payload, d.frequencyHz, rssi, recv, txAt + 150), receivedAtMs: recv, label: { kind: "witness", actor: j, counterpart: i, attack: "collusion_ring", collateral: false } };
        }
      }

      if (b.behaviour === "self_witnesser") {
        const recv = txAt + Math.round(rng.uniform(200, 3000));
        yield { bytes: witness(b, b, d.payload, d.frequencyHz, rng.uniform(-60, -30), recv, txAt + 150), receivedAtMs: recv, label: { kind: "witness", actor: i, counterpart: i, attack: "self_witness", collateral: false } };
      }

      if (b.behaviour === "replayer" && recentHonestBeacons.length > 0) {
        // re-send someone's beacon: soon (a duplicate inside the entropy window) or
        // much later (stale entropy). The bytes and signature are the original's.
        const victim = recentHonestBeacons[rng.int(recentHonestBeacons.length)];
        const delay = rng.float() < 0.5 ? rng.uniform(5_000, 60_000) : rng.uniform(10 * 60_000, 3 * 3_600_000);
        yield { bytes: victim.bytes, receivedAtMs: victim.receivedAtMs + Math.round(delay), label: { kind: "beacon", actor: victim.actor, counterpart: -1, attack: "replayed_beacon", collateral: false } };
      }
    }
  }
}
