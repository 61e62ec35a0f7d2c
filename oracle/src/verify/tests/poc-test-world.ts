// Test fixture: a small, hand-checkable PoC world around San Francisco. Hotspots
// sit on a ring (or a grid) at known distances; RSSIs follow the fixed test
// path-loss model exactly (plus, in `radioEpoch`, a fixed offset per transmitter
// site and listener), so every baseline report is valid and each rule test
// changes one thing.

import { createHash } from "node:crypto";
import { latLngToCell } from "h3-js";
import { keypairFromSeed, signReport, deriveBeacon, HardwareKeypair, EntropyRecord, US915, BeaconReport, WitnessReport, UnsignedBeaconReport } from "@hexpin/sdk";
import { HotspotInfo } from "../../types";
import { ReceivedReport } from "../../ingest/received";
import { PocConfig, PathLossModel, defaultPocConfig } from "../config";
import { PocInputs } from "../verifier";
import { fsplDb10 } from "../geodesy";

/** The US915 standard beacon EIRP (hexpin): devices declare this less their asserted gain. */
export const STANDARD_EIRP_DBM10 = 300;
export const TEST_MODEL: PathLossModel = { interceptDb: 31.7, exponent: 3, sigmaDb: 6 };
export const WINDOW = { startMs: 1_750_000_000_000, endMs: 1_750_000_000_000 + 86_400_000 };
const CENTER = { lat: 37.7749, lng: -122.4194 };
const M_PER_DEG_LAT = 111_320;

/** The helium-derived profile with the fixed test model: the rule tests written before the hexpin profile. */
export function testConfig(overrides: Partial<PocConfig> = {}): PocConfig {
  const base = defaultPocConfig("US915", "helium-derived");
  return { ...base, geometry: { ...base.geometry, model: TEST_MODEL }, ...overrides };
}

/** The hexpin profile with the fixed test model (a calibrated one needs far more links than a test world has). */
export function hexpinTestConfig(overrides: Partial<PocConfig> = {}): PocConfig {
  const base = defaultPocConfig("US915", "hexpin");
  return { ...base, geometry: { ...base.geometry, model: TEST_MODEL }, ...overrides };
}

/** Epoch `e`'s receive window: WINDOW shifted by whole days. */
export function windowOf(e: number): { startMs: number; endMs: number } {
  return { startMs: WINDOW.startMs + e * 86_400_000, endMs: WINDOW.endMs + e * 86_400_000 };
}

/** A deterministic offset in [−spread, +spread] dB for a transmitter site and a listener (static shadowing). */
export function siteOffsetDb(site: { lat: number; lng: number }, listener: string, spread: number): number {
  const h = createHash("sha256").update(`${site.lat.toFixed(6)},${site.lng.toFixed(6)}|${listener}`).digest();
  return ((h.readUInt32LE(0) / 2 ** 32) * 2 - 1) * spread;
}

export interface RadioEpochOptions {
  /** where a hotspot's beacons are really sent from (default: its asserted spot). */
  transmitFrom?: Map<WorldHotspot, { lat: number; lng: number }>;
  /** where a hotspot really listens (default: its asserted spot). */
  listenFrom?: Map<WorldHotspot, { lat: number; lng: number }>;
  /** fields a beaconer sets in its beacon report (e.g. its device timestamp). */
  beaconTweak?: (beaconer: WorldHotspot) => Partial<UnsignedBeaconReport>;
  /** hotspots whose beacons nobody hears (no radio). */
  silent?: Set<WorldHotspot>;
  /** hotspots that report nothing they hear. */
  deaf?: Set<WorldHotspot>;
  /** reports to add for a beacon (fabricated witnesses): called once per beaconer. */
  extra?: (beaconer: WorldHotspot, beacon: ReceivedReport, world: PocTestWorld) => ReceivedReport[];
  /** weakest RSSI heard, dBm×10 (default −1200). */
  floorDbm10?: number;
  /** static shadowing spread, dB (default 4). */
  shadowingDb?: number;
}

/** The SNR a receiver reports with an RSSI: RSSI − noise floor (−117 dBm), clamped to what LoRa reports. */
export function consistentSnrDb10(rssiDbm10: number): number {
  return Math.max(-200, Math.min(300, rssiDbm10 + 1170));
}

export interface WorldHotspot {
  kp: HardwareKeypair;
  info: HotspotInfo;
  lat: number;
  lng: number;
}

export function seedOf(label: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(label).digest());
}

/** Point `north`/`east` metres from the centre. */
export function offset(north: number, east: number): { lat: number; lng: number } {
  return { lat: CENTER.lat + north / M_PER_DEG_LAT, lng: CENTER.lng + east / (M_PER_DEG_LAT * Math.cos((CENTER.lat * Math.PI) / 180)) };
}

export class PocTestWorld {
  readonly hotspots: WorldHotspot[] = [];
  readonly entropy: EntropyRecord[] = [];

  /** `count` hotspots on a ring of irregular radii (≈0.8–3 km), gains 3 dBi. */
  constructor(count: number, label = "world") {
    for (let i = 0; i < count; i++) {
      const angle = (2 * Math.PI * i) / count;
      const radius = 800 + ((i * 733) % 2200);
      const p = offset(radius * Math.cos(angle), radius * Math.sin(angle));
      this.add(`${label}-${i}`, p.lat, p.lng);
    }
  }

  add(label: string, lat: number, lng: number, opts: { gainDbi10?: number; location?: string | null; owner?: string; elevationM?: number } = {}): WorldHotspot {
    const kp = keypairFromSeed(seedOf(label));
    const info: HotspotInfo = {
      key: kp.address,
      owner: opts.owner ?? kp.address,
      location: opts.location === undefined ? latLngToCell(lat, lng, 12) : opts.location,
      gainDbi10: opts.gainDbi10 ?? 30,
      elevationM: opts.elevationM ?? 10,
      onboardedAt: 1_700_000_000,
      serial: this.hotspots.length + 1,
    };
    const h = { kp, info, lat, lng };
    this.hotspots.push(h);
    return h;
  }

  /** An entropy record published at `atMs` (id = running count). */
  publishEntropy(atMs: number): EntropyRecord {
    const rec = { id: 1000 + this.entropy.length, value: seedOf(`entropy-${this.entropy.length}`), publishedAtMs: atMs };
    this.entropy.push(rec);
    return rec;
  }

  inputs(extra: Partial<PocInputs> = {}): PocInputs {
    return { hotspots: this.hotspots.map((h) => h.info), entropy: this.entropy, window: WINDOW, ...extra };
  }

  beacon(h: WorldHotspot, ent: EntropyRecord, receivedAtMs: number, tweak: Partial<UnsignedBeaconReport> = {}): ReceivedReport {
    const localEntropy = seedOf(`local-${h.info.key}-${ent.id}`).subarray(0, 16);
    const d = deriveBeacon(ent.value, h.kp.publicKey, localEntropy, US915);
    const unsigned: UnsignedBeaconReport = {
      kind: "beacon", hotspotKey: h.kp.publicKey, entropyId: ent.id, entropyValue: ent.value, localEntropy,
      payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10: STANDARD_EIRP_DBM10 - h.info.gainDbi10, timestampMs: receivedAtMs - 300, ...tweak,
    };
    return { report: signReport(unsigned, h.kp).report, receivedAtMs };
  }

  /** Great-circle metres between true positions. */
  distanceM(a: WorldHotspot, b: WorldHotspot): number {
    const toRad = Math.PI / 180;
    const s1 = Math.sin(((b.lat - a.lat) * toRad) / 2);
    const s2 = Math.sin(((b.lng - a.lng) * toRad) / 2);
    const h = s1 * s1 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * s2 * s2;
    return 2 * 6_371_000 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }

  /** The RSSI (dBm×10) the test model predicts for `w` hearing `b`'s beacon. */
  modelRssi(b: WorldHotspot, w: WorldHotspot, beacon: BeaconReport): number {
    const d = this.distanceM(b, w);
    const pl = TEST_MODEL.interceptDb + 10 * TEST_MODEL.exponent * Math.log10(d);
    return Math.round(beacon.txPowerDbm10 + b.info.gainDbi10 + w.info.gainDbi10 - pl * 10);
  }

  /** Free-space ceiling for the link, dBm×10 (a witness above it is `signal_too_strong`). */
  fsplCeiling(b: WorldHotspot, w: WorldHotspot, beacon: BeaconReport): number {
    return beacon.txPowerDbm10 + b.info.gainDbi10 + w.info.gainDbi10 - fsplDb10(Math.round(this.distanceM(b, w)), beacon.frequencyHz);
  }

  witness(w: WorldHotspot, b: WorldHotspot, beacon: ReceivedReport, delayMs: number, tweak: Partial<Omit<WitnessReport, "kind" | "signature">> = {}): ReceivedReport {
    const br = beacon.report as BeaconReport;
    const rssiDbm10 = tweak.rssiDbm10 ?? this.modelRssi(b, w, br);
    const unsigned = {
      kind: "witness" as const, witnessKey: w.kp.publicKey, beaconerKey: b.kp.publicKey, payload: br.payload,
      frequencyHz: br.frequencyHz, rssiDbm10, snrDb10: consistentSnrDb10(rssiDbm10), timestampMs: beacon.receivedAtMs + delayMs, ...tweak,
    };
    return { report: signReport(unsigned, w.kp).report, receivedAtMs: beacon.receivedAtMs + delayMs };
  }

  /** `side × side` hotspots on a square grid `spacingM` apart, centred on the world's centre. */
  static grid(side: number, spacingM: number, label = "grid"): PocTestWorld {
    const w = new PocTestWorld(0, label);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const p = offset((r - (side - 1) / 2) * spacingM, (c - (side - 1) / 2) * spacingM);
        w.add(`${label}-${r}-${c}`, p.lat, p.lng);
      }
    }
    return w;
  }

  /**
   * One epoch of radio (epoch `e`, window shifted by e days): every hotspot
   * beacons once, an hour plus a minute per hotspot into the window, on fresh
   * entropy; every other hotspot whose signal (test model from where the beacon
   * is really sent, plus a fixed offset per transmitter site and listener)
   * reaches the floor witnesses it, half a second plus 10 ms per position later.
   */
  radioEpoch(e: number, opts: RadioEpochOptions = {}): { reports: ReceivedReport[]; beacons: Map<WorldHotspot, ReceivedReport> } {
    const floor = opts.floorDbm10 ?? -1200;
    const spread = opts.shadowingDb ?? 4;
    const win = windowOf(e);
    const reports: ReceivedReport[] = [];
    const beacons = new Map<WorldHotspot, ReceivedReport>();
    this.hotspots.forEach((b, i) => {
      const t = win.startMs + 3_600_000 + i * 60_000;
      const ent = this.publishEntropy(t - 10_000);
      const beacon = this.beacon(b, ent, t, opts.beaconTweak?.(b) ?? {});
      beacons.set(b, beacon);
      reports.push(beacon);
      if (!opts.silent?.has(b)) {
        const from = opts.transmitFrom?.get(b) ?? { lat: b.lat, lng: b.lng };
        const site: WorldHotspot = { ...b, lat: from.lat, lng: from.lng };
        this.hotspots.forEach((w, j) => {
          const at = opts.listenFrom?.get(w) ?? { lat: w.lat, lng: w.lng };
          if (w === b || opts.deaf?.has(w) || (from.lat === at.lat && from.lng === at.lng)) return;
          const rssi = this.modelRssi(site, { ...w, ...at }, beacon.report as BeaconReport) + Math.round(10 * siteOffsetDb(from, w.info.key, spread));
          if (rssi >= floor) reports.push(this.witness(w, b, beacon, 500 + j * 10, { rssiDbm10: rssi }));
        });
      }
      if (opts.extra) reports.push(...opts.extra(b, beacon, this));
    });
    // entropy after the last witness deadline, for later-entropy selection seeds.
    this.publishEntropy(win.startMs + 3_600_000 + this.hotspots.length * 60_000 + 60_000);
    return { reports, beacons };
  }

  /**
   * The baseline epoch: every hotspot beacons once (a minute apart, each on fresh
   * entropy) and every other hotspot witnesses it. All reports valid.
   */
  baseline(): { reports: ReceivedReport[]; beacons: ReceivedReport[] } {
    const reports: ReceivedReport[] = [];
    const beacons: ReceivedReport[] = [];
    this.hotspots.forEach((b, i) => {
      const t = WINDOW.startMs + 3_600_000 + i * 60_000;
      const ent = this.publishEntropy(t - 10_000);
      const beacon = this.beacon(b, ent, t);
      beacons.push(beacon);
      reports.push(beacon);
      this.hotspots.forEach((w, j) => {
        if (j !== i) reports.push(this.witness(w, b, beacon, 500 + j * 10));
      });
    });
    return { reports, beacons };
  }
}
