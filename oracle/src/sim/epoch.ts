// A seeded, streaming simulation of PoC traffic, epoch after epoch, over a world
// built by fleet.ts.
//
// Everything is a pure function of the parameters (seed included): two calls, or
// two iterations of `reports()`, give identical bytes. Reports are generated
// beacon by beacon and yielded one at a time, so a 100k-hotspot, 10M-witness
// epoch never sits in memory. Each key's beacon plan (times, local entropy,
// downtime) comes from a stream of its own (seed, key, epoch), and every
// reception from hashes of sites and beacons (radio.ts), so an honest hotspot's
// beacons and what it hears are the same in a world with attackers and in its
// honest counterfactual.
//
// Attackers who "write RSSI from the public model" use the calibration the
// previous epoch published (`publicModel`), for the geometry they assert.

import { createHash, sign as edSign, KeyObject } from "node:crypto";
import { deriveBeacon, encodeReport, reportBody, signingMessage, maxConductedPowerDbm10, EntropyRecord, UnsignedBeaconReport, UnsignedReport } from "@hexpin/sdk";
import { HotspotInfo } from "../types";
import { PocConfig, PathLossModel, defaultPocConfig } from "../verify/config";
import { EpochWindow, PocInputs } from "../verify/verifier";
import { selectionScore } from "../verify/selection";
import type { PocState } from "../state/poc-state";
import { SimRandom } from "./prng";
import { CityName } from "./cities";
import { RadioEnvironment, URBAN_915, fadingDb, linkShadowingDb, meanPathLossDb } from "./radio";
import { ReceptionGrid, siteGainDb } from "./reception";
import { AdversaryMix, AttackPlan, DEFAULT_ADVERSARIES, Fleet, SimHotspot, buildFleet } from "./fleet";
import { AttackClass, HOTSPOT_ATTACK, ReportLabel } from "./labels";

export interface SimParams {
  seed: string;
  /** the population: honest hotspots plus the mix's report-level adversaries. */
  hotspots: number;
  city?: CityName;
  /** first epoch's start, unix ms (default 2025-06-15T00:00Z); epochs last 24 h. */
  windowStartMs?: number;
  /** beacons per hotspot per epoch, at most 24 h / beacon interval (default 4). */
  beaconsPerHotspot?: number;
  radio?: Partial<RadioEnvironment>;
  adversaries?: Partial<AdversaryMix>;
  /** attack families placed as groups on top of the population (default none). */
  attacks?: AttackPlan;
  /** the honest counterfactual of the same world (see fleet.ts). */
  counterfactual?: boolean;
  /** share of honest hotspots offline for 8 hours of an epoch (default 0.03). */
  downtime?: number;
  /**
   * Sign reports with real ed25519 keys (default true). `false` emits structurally
   * valid reports with all-zero signatures and non-curve keys, for benchmarks that
   * measure signature verification separately; admit them with
   * `verifySignatures: false`.
   */
  sign?: boolean;
  /**
   * With `sign`: real keys, but reports leave with zero signatures for the caller to
   * fill in (e.g. on worker threads, see sim/signed-bundle.ts). Each report is signed
   * by the key it names and ed25519 signatures are deterministic, so the filled-in bytes
   * equal what `sign` alone yields.
   */
  deferSignatures?: boolean;
  /** rule parameters the devices follow (region plan, beacon interval, standard EIRP); default hexpin US915. */
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
  /** which epoch of the world (0 first). */
  index: number;
  /** the registry the verifier should load (asserted, not true, locations and gains). */
  registry: HotspotInfo[];
  entropy: EntropyRecord[];
  window: EpochWindow;
  config: PocConfig;
  inputs(previousState?: PocState | null): PocInputs;
  /** a fresh, deterministic stream of the epoch's reports. */
  reports(): Generator<SimReport>;
}

export interface SimWorld {
  fleet: Fleet;
  registry: HotspotInfo[];
  config: PocConfig;
  env: RadioEnvironment;
  /** epoch `index` (0 first); `publicModel` is what model-writing attackers read from the last published state. */
  epoch(index: number, publicModel?: PathLossModel | null): SimulatedEpoch;
}

const DAY_MS = 86_400_000;
/** weakest RSSI an attacker writes down: just above what the verifier refuses. */
const WRITTEN_FLOOR_DBM = -124;
const DOWNTIME_MS = 8 * 3_600_000;

export function simulateWorld(params: SimParams): SimWorld {
  const config = params.config ?? defaultPocConfig("US915");
  const env: RadioEnvironment = { ...URBAN_915, ...params.radio };
  const mix: AdversaryMix = { ...DEFAULT_ADVERSARIES, ...params.adversaries };
  const sign = params.sign ?? true;
  const fleet = buildFleet({
    seed: params.seed, count: params.hotspots, city: params.city ?? "san-francisco", mix, plan: params.attacks ?? {}, env, sign,
    beaconEirpDbm10: config.beaconEirpDbm10, counterfactual: params.counterfactual,
  });
  const signNow = sign && !params.deferSignatures;
  const registry = fleet.hotspots.map((h) => h.info);
  const firstStart = params.windowStartMs ?? Date.UTC(2025, 5, 15);
  const beacons = Math.max(1, Math.min(params.beaconsPerHotspot ?? 4, Math.floor(DAY_MS / config.beaconIntervalMs)));
  const entropyEvery = params.entropyIntervalMs ?? 60_000;
  const grid = new ReceptionGrid(fleet.sites, env);
  return {
    fleet,
    registry,
    config,
    env,
    epoch(index: number, publicModel?: PathLossModel | null): SimulatedEpoch {
      const startMs = firstStart + index * DAY_MS;
      const window = { startMs, endMs: startMs + DAY_MS };
      const entropyStart = startMs - 2 * entropyEvery;
      const entropy: EntropyRecord[] = [];
      for (let t = entropyStart, k = 1; t <= window.endMs + 2 * entropyEvery; t += entropyEvery, k++) {
        const id = index * 1_000_000 + k;
        entropy.push({ id, value: new Uint8Array(createHash("sha256").update(`entropy:${params.seed}:${id}`).digest()), publishedAtMs: t });
      }
      const ctx: EpochContext = {
        seed: params.seed, index, fleet, env, config, entropy, entropyStart, entropyEvery, window, beacons, sign: signNow, grid,
        model: publicModel ?? config.geometry.fallbackModel, downtime: params.downtime ?? 0.03,
      };
      return {
        fleet,
        index,
        registry,
        entropy,
        window,
        config,
        inputs: (previousState?: PocState | null) => ({ hotspots: registry, entropy, window, previousState: previousState ?? null, epoch: index }),
        reports: () => streamReports(ctx),
      };
    },
  };
}

/** One epoch of a fresh world (epoch 0): the single-epoch simulator the bench, CLI and demo use. */
export function simulateEpoch(params: SimParams): SimulatedEpoch {
  return simulateWorld(params).epoch(0);
}

interface EpochContext {
  seed: string;
  index: number;
  fleet: Fleet;
  env: RadioEnvironment;
  config: PocConfig;
  entropy: EntropyRecord[];
  entropyStart: number;
  entropyEvery: number;
  window: EpochWindow;
  beacons: number;
  sign: boolean;
  grid: ReceptionGrid;
  model: PathLossModel;
  downtime: number;
}

interface BeaconPlan {
  txAt: number[];
  recv: number[];
  local: Uint8Array[];
  serial: number[];
  jitterDb: number[];
  offlineFrom: number;
}

function* streamReports(c: EpochContext): Generator<SimReport> {
  const { fleet, env, config, entropy, window } = c;
  const hs = fleet.hotspots;
  const sites = fleet.sites;
  const plan = config.region;
  const interval = config.beaconIntervalMs;
  const rng = new SimRandom(`${c.seed}:epoch:${c.index}:noise`);
  const listenersOf: number[][] = sites.map(() => []);
  for (const h of hs) if (h.rxSite >= 0) listenersOf[h.rxSite].push(h.index);

  // each key's beacon plan, from its own stream.
  const plans: BeaconPlan[] = hs.map((h) => {
    // a device keeps its beacon phase from epoch to epoch (the schedule rule spans epochs).
    const phase = new SimRandom(`${c.seed}:phase:${h.address}`).uniform(0, interval - 15 * 60_000);
    const r = new SimRandom(`${c.seed}:key:${h.address}:${c.index}`);
    const offline = h.behaviour === "honest" && r.float() < c.downtime;
    const offlineFrom = offline ? window.startMs + r.uniform(0, DAY_MS - DOWNTIME_MS) : Infinity;
    const p: BeaconPlan = { txAt: [], recv: [], local: [], serial: [], jitterDb: [], offlineFrom };
    for (let k = 0; k < c.beacons; k++) {
      p.txAt.push(Math.round(window.startMs + phase + k * interval + r.uniform(0, 60_000)));
      p.recv.push(Math.round(r.uniform(200, 2500)));
      p.local.push(r.bytes(16));
      p.serial.push(r.nextU32());
      p.jitterDb.push(r.normal());
    }
    return p;
  });
  const offlineAt = (i: number, t: number) => t >= plans[i].offlineFrom && t < plans[i].offlineFrom + DOWNTIME_MS;

  const emit = (u: UnsignedReport, key: KeyObject | null): Uint8Array => {
    const bytes = encodeReport(u);
    if (c.sign && key) bytes.set(edSign(null, signingMessage(reportBody(bytes)), key), bytes.length - 64);
    return bytes;
  };
  const witness = (w: SimHotspot, b: SimHotspot, payload: Uint8Array, freq: number, rssiDb: number, recv: number, tsMs: number, noiseDb: number): Uint8Array => {
    const rssiDbm10 = Math.max(-1500, Math.min(0, Math.round(rssiDb * 10)));
    const snrDb10 = Math.max(-300, Math.min(300, Math.round((rssiDb - env.noiseFloorDbm - noiseDb + rng.normal()) * 10)));
    return emit({ kind: "witness", witnessKey: w.publicKey, beaconerKey: b.publicKey, payload, frequencyHz: freq, rssiDbm10, snrDb10, timestampMs: tsMs }, w.privateKey);
  };
  /** the RSSI an attacker writes for a link between two asserted spots, dBm (null: the model says nobody could hear it). */
  const written = (b: SimHotspot, w: SimHotspot, poison: boolean): number | null => {
    const d = Math.max(1, Math.hypot(b.x - w.x, b.y - w.y));
    if (poison) {
      const rssi = config.beaconEirpDbm10 / 10 + w.info.gainDbi10 / 10 - (31.7 + 22 * Math.log10(d)) + 12 * rng.normal();
      return rssi < WRITTEN_FLOOR_DBM ? WRITTEN_FLOOR_DBM + rng.uniform(0, 3) : rssi;
    }
    const m = c.model;
    const rssi = config.beaconEirpDbm10 / 10 + w.info.gainDbi10 / 10 - (m.interceptDb + m.exponent * 10 * Math.log10(d)) + 0.7 * m.sigmaDb * rng.normal();
    return rssi < WRITTEN_FLOOR_DBM ? null : rssi;
  };
  const recentHonestBeacons: { bytes: Uint8Array; receivedAtMs: number; actor: number }[] = [];
  const honestKeys = hs.filter((h) => h.behaviour === "honest").map((h) => h.index);

  for (let k = 0; k < c.beacons; k++) {
    for (let i = 0; i < hs.length; i++) {
      const b = hs[i];
      const bp = plans[i];
      const txAt = bp.txAt[k];
      if (offlineAt(i, txAt)) continue;
      const entIdx = Math.floor((txAt - 1000 - c.entropyStart) / c.entropyEvery);
      const ent = entropy[entIdx];
      // a precomputer builds its beacon from entropy it had minutes ago, quoting the current id.
      const basis = b.behaviour === "precomputer" ? entropy[Math.max(0, entIdx - 5)].value : ent.value;
      let localEntropy = bp.local[k];
      if (b.friends.length > 0) localEntropy = grindForFriends(b, hs, ent, basis, localEntropy, config, bp.serial[k], txAt);
      const d = deriveBeacon(basis, b.publicKey, localEntropy, plan);
      // devices declare the standard EIRP less their asserted gain.
      const txPowerDbm10 = Math.min(config.beaconEirpDbm10 - b.info.gainDbi10, maxConductedPowerDbm10(plan, b.info.gainDbi10));
      const beaconRecv = txAt + bp.recv[k];
      const beaconBytes = emit(
        { kind: "beacon", hotspotKey: b.publicKey, entropyId: ent.id, entropyValue: ent.value, localEntropy, payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10, timestampMs: txAt },
        b.privateKey,
      );
      const beaconAttack: AttackClass | null = b.behaviour === "precomputer" ? "precomputed_beacon" : HOTSPOT_ATTACK[b.behaviour];
      yield { bytes: beaconBytes, receivedAtMs: beaconRecv, label: { kind: "beacon", actor: i, counterpart: -1, attack: beaconAttack, collateral: false } };
      if (b.behaviour === "honest") {
        recentHonestBeacons.push({ bytes: beaconBytes, receivedAtMs: beaconRecv, actor: i });
        if (recentHonestBeacons.length > 64) recentHonestBeacons.shift();
      }

      // real receptions, by every key listening at a site in range.
      const physTx = (b.physicalTxDbm10 ?? txPowerDbm10) / 10 + (b.behaviour === "shared_radio" ? 4 * bp.jitterDb[k] : 0);
      for (const s of b.txSites) {
        const site = sites[s];
        const eirp = physTx + siteGainDb(env, site);
        const n = c.grid.collect(s, site.x, site.y, eirp);
        for (let q = 0; q < n; q++) {
          const j = c.grid.candidate[q];
          const rssi = eirp + c.grid.rxDb[j] - c.grid.pathLossDb(c.grid.candidateD2[q]) + linkShadowingDb(env, fleet.radioSeed, s, j) + fadingDb(env, bp.serial[k], j);
          if (rssi < env.sensitivityDbm) continue;
          for (const li of listenersOf[j]) {
            if (li === i) continue;
            const w = hs[li];
            if (w.group >= 0 && w.group === b.group) continue; // group mates write each other's reports instead
            if (w.ignores.has(i)) continue;
            const recv = txAt + Math.round(rng.uniform(200, 3000));
            if (offlineAt(li, recv)) continue;
            let heard = rssi;
            if (w.behaviour === "shared_radio") heard = rssi + 6 * rng.normal();
            if (w.behaviour === "collusion_ring") {
              const lie = written(b, w, false);
              if (lie === null) continue;
              heard = lie;
            }
            const freq = d.frequencyHz + Math.round(rng.uniform(-2000, 2000));
            const attack = HOTSPOT_ATTACK[w.behaviour];
            const label: ReportLabel = { kind: "witness", actor: li, counterpart: i, attack, collateral: attack === null && beaconAttack !== null };
            yield { bytes: witness(w, b, d.payload, freq, heard, recv, txAt + 150, sites[j].noiseDb), receivedAtMs: recv, label };
            if (w.behaviour === "duplicator") {
              const again = witness(w, b, d.payload, freq, heard + rng.uniform(1, 3), recv + Math.round(rng.uniform(1000, 5000)), txAt + 170, sites[j].noiseDb);
              yield { bytes: again, receivedAtMs: recv + 1000 + rng.int(4000), label: { ...label, attack: "duplicate_witness", collateral: false } };
            }
          }
        }
      }

      // group mates "witness" each other with numbers written from the model for the asserted geometry.
      if (b.group >= 0) {
        const g = fleet.groups[b.group];
        for (const li of g.writers.get(i) ?? []) {
          const w = hs[li];
          const rssi = written(b, w, g.writerModel === "poison");
          if (rssi === null) continue;
          const recv = txAt + Math.round(rng.uniform(200, 3000));
          const attack: AttackClass = g.family === "collusion_ring" ? "collusion_ring" : g.writerModel === "poison" ? "poisoned_link" : "fabricated_witness";
          const noise = w.rxSite >= 0 ? sites[w.rxSite].noiseDb : 0;
          yield { bytes: witness(w, b, d.payload, d.frequencyHz, rssi, recv, txAt + 150, noise), receivedAtMs: recv, label: { kind: "witness", actor: li, counterpart: i, attack, collateral: false } };
        }
      }

      if (b.behaviour === "self_witnesser") {
        const recv = txAt + Math.round(rng.uniform(200, 3000));
        yield { bytes: witness(b, b, d.payload, d.frequencyHz, rng.uniform(-60, -30), recv, txAt + 150, 0), receivedAtMs: recv, label: { kind: "witness", actor: i, counterpart: i, attack: "self_witness", collateral: false } };
      }

      if (b.behaviour === "radioless" && k === 0 && honestKeys.length > 0) {
        // one junk witness a day: a beacon it never heard, payload invented.
        const victim = hs[honestKeys[rng.int(honestKeys.length)]];
        const recv = txAt + Math.round(rng.uniform(200, 3000));
        yield { bytes: witness(b, victim, rng.bytes(32), d.frequencyHz, -110, recv, txAt, 0), receivedAtMs: recv, label: { kind: "witness", actor: i, counterpart: victim.index, attack: "fabricated_witness", collateral: false } };
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

/**
 * A steering beaconer tries local entropies until its friends' witness-selection
 * scores (as the "beacon"-seeded rule computes them from fields it chooses) are
 * all low. Against the later-entropy seed this buys nothing, which is the point.
 */
function grindForFriends(b: SimHotspot, hs: SimHotspot[], ent: EntropyRecord, basis: Uint8Array, first: Uint8Array, config: PocConfig, serial: number, txAt: number): Uint8Array {
  const r = new SimRandom(`grind:${b.address}:${serial}`);
  let best = first;
  let bestScore = "g";
  for (let t = 0; t < 16; t++) {
    const local = t === 0 ? first : r.bytes(16);
    const d = deriveBeacon(basis, b.publicKey, local, config.region);
    const u: UnsignedBeaconReport = {
      kind: "beacon", hotspotKey: b.publicKey, entropyId: ent.id, entropyValue: ent.value, localEntropy: local, payload: d.payload, frequencyHz: d.frequencyHz,
      txPowerDbm10: Math.min(config.beaconEirpDbm10 - b.info.gainDbi10, maxConductedPowerDbm10(config.region, b.info.gainDbi10)), timestampMs: txAt,
    };
    const id = createHash("sha256").update(reportBody(encodeReport(u))).digest();
    const worst = b.friends.map((f) => selectionScore(ent.value, id, hs[f].publicKey)).sort().pop()!;
    if (worst < bestScore) {
      bestScore = worst;
      best = local;
    }
  }
  return best;
}
