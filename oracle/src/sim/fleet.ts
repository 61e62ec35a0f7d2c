// A simulated world: physical radio sites (where radios really are, what they
// really have) and registry keys (what is claimed), with every attack family
// placed. Honest hotspots are one key on one site with true claims; attackers
// bind keys to sites as their attack needs (several keys on one radio, keys
// with no radio, a remote key reporting what a relay hears, ...).
//
// Sites and keys of the honest population come first and are drawn from their
// own random stream, so a world with attackers and its honest counterfactual
// (every attacker radio registered honestly, keys without a radio gone) share
// the honest population exactly: the same keys, sites, beacons and receptions.

import { createHash, KeyObject } from "node:crypto";
import { area, bbox, booleanPointInPolygon, point } from "@turf/turf";
import { latLngToCell } from "h3-js";
import { keypairFromSeed, keyToBase58 } from "@hexpin/sdk";
import { HotspotInfo } from "../types";
import { SimRandom } from "./prng";
import { CityName, cityParts } from "./cities";
import { RadioEnvironment } from "./radio";
import { ReceivingSite } from "./reception";
import { AttackFamily, HotspotBehaviour } from "./labels";

export interface AdversaryMix {
  /** fractions of the honest-sized population per report-level behaviour (each key has one behaviour). */
  spoofedLocation: number;
  /** "overclaim": 100 m elevation and +6–12 dB gain claimed on a real, correctly placed radio. */
  inflatedGain: number;
  replayer: number;
  precomputer: number;
  selfWitnesser: number;
  duplicator: number;
  /** number of collusion rings (real radios in one room, asserted apart) and members per ring. */
  collusionRings: number;
  ringSize: number;
}

export const DEFAULT_ADVERSARIES: AdversaryMix = {
  spoofedLocation: 0.02,
  inflatedGain: 0.02,
  replayer: 0.01,
  precomputer: 0.01,
  selfWitnesser: 0.01,
  duplicator: 0.01,
  collusionRings: 2,
  ringSize: 5,
};

/** Attack families placed as groups on top of the population (see labels.ts). */
export type PlannedFamily =
  | "radioless_empty" | "model_ring" | "shared_radio" | "unregistered_feed" | "wormhole" | "calibration_poison"
  | "selection_steer" | "bridged_sybil" | "fabricated_town" | "silent_neighbour";

/** Groups per planned family. */
export type AttackPlan = Partial<Record<PlannedFamily, number>>;

/** Every planned family, a few groups each: what the attack measurement runs. */
export const FULL_ATTACK_PLAN: Readonly<Required<AttackPlan>> = {
  radioless_empty: 3,
  model_ring: 2,
  shared_radio: 4,
  unregistered_feed: 2,
  wormhole: 3,
  calibration_poison: 1,
  selection_steer: 2,
  bridged_sybil: 2,
  fabricated_town: 1,
  silent_neighbour: 3,
};

export interface SimSite extends ReceivingSite {
  part: number;
  lat: number;
  lng: number;
  /** local noise above the floor, dB (SNR is lower by this much). */
  noiseDb: number;
  /** the key an honest operator of this radio would register (first key bound to it). */
  ownerKey: number;
}

export interface SimHotspot {
  index: number;
  behaviour: HotspotBehaviour;
  family: AttackFamily;
  /** attack group (index into Fleet.groups), −1 when not in one. */
  group: number;
  publicKey: Uint8Array;
  address: string;
  /** ed25519 signing key; null when the fleet was built unsigned (`sign: false`). */
  privateKey: KeyObject | null;
  /** sites transmitting its beacons (empty: no radio). */
  txSites: number[];
  /** site whose receptions it reports (−1: hears nothing real). */
  rxSite: number;
  /** its radio's true position (or, without a radio, its asserted one), degrees and plane metres. */
  lat: number;
  lng: number;
  x: number;
  y: number;
  part: number;
  trueGainDbi10: number;
  siteLossDb: number;
  /** collusion-ring id for the mix's rings, −1 otherwise. */
  ring: number;
  /** conducted power it really sends at, tenths of dBm (declared power follows the rules). */
  physicalTxDbm10: number | null;
  /** keys whose beacons it never reports (silent neighbours). */
  ignores: Set<number>;
  /** keys it grinds witness selection for (steering beaconers). */
  friends: number[];
  /** what the registry holds (asserted location, gain, elevation). */
  info: HotspotInfo;
}

/** An attack group: its members and who fabricates witness reports of whose beacons. */
export interface AttackGroup {
  family: AttackFamily;
  members: number[];
  /** beaconer key → keys that write witness reports of its beacons from the model. */
  writers: Map<number, number[]>;
  /** "public": last epoch's calibrated model for the asserted geometry; "poison": a flattened model with wide spread. */
  writerModel: "public" | "poison";
}

/**
 * One part's local projection: metres per degree at its reference point (its
 * bounding-box centre), placed `xOffsetM` east in the fleet's plane. Parts sit
 * `PART_SPACING_M` apart there, far beyond hearing range, so distances are only
 * ever taken within a part, where the flat projection is accurate.
 */
export interface LocalFrame {
  lat: number;
  lng: number;
  mPerDegLng: number;
  mPerDegLat: number;
  xOffsetM: number;
}

export interface Fleet {
  /** registry keys. */
  hotspots: SimHotspot[];
  sites: SimSite[];
  frames: LocalFrame[];
  groups: AttackGroup[];
  /** 32-bit seed of the radio's hashes (shadowing). */
  radioSeed: number;
  /** true for an honest counterfactual world. */
  counterfactual: boolean;
}

const M_PER_DEG_LAT = 111_320;
const PART_SPACING_M = 1_000_000;

/** Position in the fleet's plane, metres (east, north), of a point in the given frame. */
export function toPlane(f: LocalFrame, lat: number, lng: number): [number, number] {
  return [f.xOffsetM + (lng - f.lng) * f.mPerDegLng, (lat - f.lat) * f.mPerDegLat];
}

function offsetLatLng(f: LocalFrame, lat: number, lng: number, distM: number, bearing: number): { lat: number; lng: number } {
  return { lat: lat + (distM * Math.cos(bearing)) / f.mPerDegLat, lng: lng + (distM * Math.sin(bearing)) / f.mPerDegLng };
}

/**
 * Operators keep this far apart where they can (up to 30 tries per hotspot):
 * witnesses closer than 8 res-11 cells (~350 m) earn nothing by rule, so real
 * deployments spread out. Without it the honest "false rejections" would be mostly
 * the min-distance policy working as designed.
 */
export const OPERATOR_SPACING_M = 450;

export interface FleetParams {
  seed: string;
  /** the population: honest hotspots plus the mix's report-level adversaries. */
  count: number;
  city: CityName;
  mix: AdversaryMix;
  plan: AttackPlan;
  env: RadioEnvironment;
  sign: boolean;
  /** the standard beacon EIRP, tenths of dBm (what devices declare plus their asserted gain). */
  beaconEirpDbm10: number;
  /** build the honest counterfactual: every attacker radio registered honestly, radio-less keys gone. */
  counterfactual?: boolean;
}

type Spot = { part: number; lat: number; lng: number };

export function buildFleet(p: FleetParams): Fleet {
  const root = new SimRandom(p.seed);
  const rng = root.fork("fleet");
  const parts = cityParts(p.city).map((poly, k) => {
    const [minLng, minLat, maxLng, maxLat] = bbox(poly);
    const midLat = (minLat + maxLat) / 2;
    const frame: LocalFrame = { lat: midLat, lng: (minLng + maxLng) / 2, mPerDegLng: M_PER_DEG_LAT * Math.cos((midLat * Math.PI) / 180), mPerDegLat: M_PER_DEG_LAT, xOffsetM: k * PART_SPACING_M };
    return { poly, box: [minLng, minLat, maxLng, maxLat], frame, areaM2: area(poly) };
  });
  const frames = parts.map((x) => x.frame);
  const totalArea = parts.reduce((s, x) => s + x.areaM2, 0);
  const samplePoint = (r: SimRandom): Spot => {
    let part = 0;
    if (parts.length > 1) {
      let u = r.float() * totalArea;
      while (part < parts.length - 1 && u >= parts[part].areaM2) u -= parts[part++].areaM2;
    }
    const { poly, box } = parts[part];
    for (;;) {
      const lng = r.uniform(box[0], box[2]);
      const lat = r.uniform(box[1], box[3]);
      if (booleanPointInPolygon(point([lng, lat]), poly)) return { part, lat, lng };
    }
  };
  const placed = new Map<number, [number, number][]>();
  const spacingCell = (x: number, y: number) => (Math.floor(x / OPERATOR_SPACING_M) + 50_000) * 100_000 + Math.floor(y / OPERATOR_SPACING_M) + 50_000;
  const spacedPoint = (): Spot => {
    let s = samplePoint(rng);
    for (let attempt = 0; attempt < 30; attempt++) {
      const [x, y] = toPlane(frames[s.part], s.lat, s.lng);
      let clear = true;
      for (let dx = -1; dx <= 1 && clear; dx++) {
        for (let dy = -1; dy <= 1 && clear; dy++) {
          for (const [qx, qy] of placed.get(spacingCell(x + dx * OPERATOR_SPACING_M, y + dy * OPERATOR_SPACING_M)) ?? []) {
            if (Math.hypot(qx - x, qy - y) < OPERATOR_SPACING_M) {
              clear = false;
              break;
            }
          }
        }
      }
      if (clear) break;
      s = samplePoint(rng);
    }
    const [x, y] = toPlane(frames[s.part], s.lat, s.lng);
    const c = spacingCell(x, y);
    (placed.get(c) ?? placed.set(c, []).get(c)!).push([x, y]);
    return s;
  };

  const sites: SimSite[] = [];
  const hotspots: SimHotspot[] = [];
  const groups: AttackGroup[] = [];
  const addSite = (r: SimRandom, s: Spot, over: Partial<SimSite> = {}): number => {
    const [x, y] = toPlane(frames[s.part], s.lat, s.lng);
    const site: SimSite = {
      index: sites.length, part: s.part, lat: s.lat, lng: s.lng, x, y,
      gainDbi10: [20, 30, 30, 40, 50, 60][r.int(6)], siteLossDb: r.uniform(0, p.env.maxSiteLossDb), heightM: 2 + r.int(30),
      noiseDb: r.uniform(-2, 4), receives: true, ownerKey: -1, ...over,
    };
    sites.push(site);
    return site.index;
  };
  const makeKey = (label: string) => {
    const seed = new Uint8Array(createHash("sha256").update(label).digest());
    if (p.sign) {
      const kp = keypairFromSeed(seed);
      return { publicKey: kp.publicKey, address: kp.address, privateKey: kp.privateKey as KeyObject | null };
    }
    // unsigned fleets skip ed25519 key derivation (≈0.6 ms per key): the key is a
    // hash of the seed, not a curve point, and no report will be signed.
    const publicKey = new Uint8Array(createHash("sha256").update("unsigned-sim-key").update(seed).digest());
    return { publicKey, address: keyToBase58(publicKey), privateKey: null };
  };
  /** Registers a key; `asserted` defaults to its radio's true spot and claims. */
  const addKey = (
    label: string, behaviour: HotspotBehaviour, family: AttackFamily, txSites: number[], rxSite: number, r: SimRandom,
    asserted?: { lat: number; lng: number; gainDbi10?: number; elevationM?: number }, extra: Partial<SimHotspot> = {},
  ): number => {
    const k = makeKey(label);
    const radio = sites[txSites[0] ?? rxSite] as SimSite | undefined;
    const spot = asserted ?? { lat: radio!.lat, lng: radio!.lng };
    const part = radio ? radio.part : 0;
    const [x, y] = radio ? [radio.x, radio.y] : toPlane(frames[part], spot.lat, spot.lng);
    const index = hotspots.length;
    hotspots.push({
      index, behaviour, family, group: -1, ...k, txSites, rxSite,
      lat: radio ? radio.lat : spot.lat, lng: radio ? radio.lng : spot.lng, x, y, part,
      trueGainDbi10: radio?.gainDbi10 ?? 0, siteLossDb: radio?.siteLossDb ?? 0, ring: -1, physicalTxDbm10: null,
      ignores: new Set(), friends: [],
      info: {
        key: k.address, owner: k.address, location: latLngToCell(spot.lat, spot.lng, 12),
        gainDbi10: asserted?.gainDbi10 ?? radio?.gainDbi10 ?? 30, elevationM: asserted?.elevationM ?? radio?.heightM ?? 10,
        onboardedAt: 1_700_000_000 + r.int(30_000_000), serial: index + 1,
      },
      ...extra,
    });
    for (const s of [...txSites, rxSite]) if (s >= 0 && sites[s].ownerKey < 0) sites[s].ownerKey = index;
    return index;
  };

  // ---- the population: honest hotspots plus the mix's report-level adversaries.
  const mix = p.mix;
  const behaviours: HotspotBehaviour[] = [];
  const ringMembers = Math.min(p.count, mix.collusionRings * mix.ringSize);
  for (let i = 0; i < ringMembers; i++) behaviours.push("collusion_ring");
  const fractions: [HotspotBehaviour, number][] = [
    ["spoofed_location", mix.spoofedLocation], ["elevation_overclaim", mix.inflatedGain], ["replayer", mix.replayer],
    ["precomputer", mix.precomputer], ["self_witnesser", mix.selfWitnesser], ["duplicator", mix.duplicator],
  ];
  for (const [b, f] of fractions) for (let i = 0; i < Math.round(f * p.count) && behaviours.length < p.count; i++) behaviours.push(b);
  while (behaviours.length < p.count) behaviours.push("honest");
  const order = Array.from({ length: p.count }, (_, i) => i);
  for (let i = p.count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const assigned: HotspotBehaviour[] = new Array(p.count);
  order.forEach((slot, i) => (assigned[slot] = behaviours[i]));
  const ringOf = new Int32Array(p.count).fill(-1);
  let ringCursor = 0;
  for (let i = 0; i < p.count; i++) if (assigned[i] === "collusion_ring") ringOf[i] = Math.floor(ringCursor++ / mix.ringSize);
  const ringSpot: Spot[] = [];
  for (let r = 0; r < mix.collusionRings; r++) ringSpot.push(samplePoint(rng));
  const familyOf: Record<string, AttackFamily> = {
    honest: "honest", spoofed_location: "spoofed_location", elevation_overclaim: "overclaim", replayer: "replayer",
    precomputer: "precomputer", self_witnesser: "self_witnesser", duplicator: "duplicator", collusion_ring: "collusion_ring",
  };
  const ringGroups = new Map<number, number>();
  for (let i = 0; i < p.count; i++) {
    const keyLabel = `${rng.nextU32()}-${rng.nextU32()}-${i}`;
    const keyRng = rng.fork(`key ${i}`);
    const spot = ringOf[i] >= 0 ? ringSpot[ringOf[i]] : spacedPoint();
    const site = addSite(keyRng, ringOf[i] >= 0 ? { ...spot, lat: spot.lat + keyRng.uniform(-3e-5, 3e-5), lng: spot.lng + keyRng.uniform(-3e-5, 3e-5) } : spot);
    const behaviour = p.counterfactual ? "honest" : assigned[i];
    const s = sites[site];
    let asserted: { lat: number; lng: number; gainDbi10?: number; elevationM?: number } | undefined;
    const frame = frames[s.part];
    if (behaviour === "spoofed_location" || behaviour === "collusion_ring") {
      const dist = behaviour === "spoofed_location" ? keyRng.uniform(2_000, 20_000) : keyRng.uniform(2_000, 6_000);
      asserted = offsetLatLng(frame, s.lat, s.lng, dist, keyRng.uniform(0, 2 * Math.PI));
    }
    if (behaviour === "elevation_overclaim") asserted = { lat: s.lat, lng: s.lng, gainDbi10: s.gainDbi10 + Math.round(keyRng.uniform(6, 12)) * 10, elevationM: 100 };
    const k = addKey(keyLabel, behaviour, p.counterfactual ? (familyOf[assigned[i]] as AttackFamily) : familyOf[behaviour], [site], site, keyRng, asserted, { ring: p.counterfactual ? -1 : ringOf[i] });
    // the overclaimer declares power lowered by its gain claim but sends at its usual power.
    if (behaviour === "elevation_overclaim") hotspots[k].physicalTxDbm10 = p.beaconEirpDbm10 - s.gainDbi10;
    if (behaviour === "collusion_ring") {
      let g = ringGroups.get(ringOf[i]);
      if (g === undefined) {
        g = groups.length;
        ringGroups.set(ringOf[i], g);
        groups.push({ family: "collusion_ring", members: [], writers: new Map(), writerModel: "public" });
      }
      groups[g].members.push(k);
      hotspots[k].group = g;
    }
  }
  for (const g of groups) for (const b of g.members) g.writers.set(b, g.members.filter((x) => x !== b));
  const honestSites = sites.length;

  // ---- planned attack families, from their own stream.
  const arng = root.fork("attacks");
  const minDistToHonest = (s: Spot): number => {
    const [x, y] = toPlane(frames[s.part], s.lat, s.lng);
    let best = Infinity;
    for (let i = 0; i < honestSites; i++) {
      if (sites[i].part !== s.part) continue;
      const d = Math.hypot(sites[i].x - x, sites[i].y - y);
      if (d < best) best = d;
    }
    return best;
  };
  /** A point at least `minClearM` from every honest radio, `fromKm` outside a random part's box. */
  const emptySpot = (r: SimRandom, minKm: number, maxKm: number, minClearM: number): Spot => {
    for (let attempt = 0; ; attempt++) {
      const part = r.int(parts.length);
      const f = frames[part];
      const [minLng, minLat, maxLng, maxLat] = parts[part].box;
      const halfDiagM = Math.hypot(((maxLng - minLng) * f.mPerDegLng) / 2, ((maxLat - minLat) * f.mPerDegLat) / 2);
      const s = { part, ...offsetLatLng(f, f.lat, f.lng, halfDiagM + r.uniform(minKm, maxKm) * 1000, r.uniform(0, 2 * Math.PI)) };
      if (minDistToHonest(s) >= minClearM || attempt > 50) return s;
    }
  };
  /** Where a ray from a part's centre leaves its polygon, and the ray's bearing. */
  const fringe = (r: SimRandom): { spot: Spot; bearing: number } => {
    const part = r.int(parts.length);
    const f = frames[part];
    const bearing = r.uniform(0, 2 * Math.PI);
    let inside = { lat: f.lat, lng: f.lng };
    for (let d = 0; d < 200_000; d += 100) {
      const q = offsetLatLng(f, f.lat, f.lng, d, bearing);
      if (!booleanPointInPolygon(point([q.lng, q.lat]), parts[part].poly)) break;
      inside = q;
    }
    return { spot: { part, ...inside }, bearing };
  };
  const near = (r: SimRandom, s: Spot, minM: number, maxM: number): Spot => ({ part: s.part, ...offsetLatLng(frames[s.part], s.lat, s.lng, r.uniform(minM, maxM), r.uniform(0, 2 * Math.PI)) });
  const nearestHonest = (s: Spot, count: number, exclude: Set<number>): number[] => {
    const [x, y] = toPlane(frames[s.part], s.lat, s.lng);
    const c: [number, number][] = [];
    for (const h of hotspots) if (h.behaviour === "honest" && h.part === s.part && !exclude.has(h.index)) c.push([Math.hypot(h.x - x, h.y - y), h.index]);
    return c.sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, count).map((e) => e[1]);
  };
  const newGroup = (family: AttackFamily, writerModel: "public" | "poison" = "public"): AttackGroup => {
    const g: AttackGroup = { family, members: [], writers: new Map(), writerModel };
    groups.push(g);
    return g;
  };
  const join = (g: AttackGroup, k: number) => {
    g.members.push(k);
    hotspots[k].group = groups.indexOf(g);
  };
  /** each member heard (in writing) by `fanIn` random other members. */
  const randomWriters = (r: SimRandom, g: AttackGroup, fanIn: number) => {
    for (const b of g.members) {
      const others = g.members.filter((x) => x !== b);
      for (let i = others.length - 1; i > 0; i--) {
        const j = r.int(i + 1);
        [others[i], others[j]] = [others[j], others[i]];
      }
      g.writers.set(b, others.slice(0, fanIn));
    }
  };
  const cf = p.counterfactual === true;
  /** In the counterfactual, an attacker's radio is one honest key at its true spot. */
  const honestRadio = (label: string, family: AttackFamily, site: number, r: SimRandom) => addKey(label, "honest", family, [site], site, r);
  const plan = p.plan;
  let label = 0;
  const L = (what: string) => `${p.seed}/attack/${what}/${label++}`;

  for (let gi = 0; gi < (plan.radioless_empty ?? 0); gi++) {
    const r = arng.fork(`radioless_empty ${gi}`);
    const base = emptySpot(r, 8, 20, 6_000);
    const g = newGroup("radioless_empty");
    for (let m = 0; m < 3; m++) {
      const spot = m === 0 ? base : near(r, base, 500, 2_000);
      if (cf) continue;
      join(g, addKey(L("radioless"), "radioless", "radioless_empty", [], -1, r, { ...spot, gainDbi10: 120, elevationM: 300 }));
    }
    g.members.forEach((b) => g.writers.set(b, g.members.filter((x) => x !== b)));
  }
  for (let gi = 0; gi < (plan.model_ring ?? 0); gi++) {
    const r = arng.fork(`model_ring ${gi}`);
    const base = samplePoint(r);
    const g = newGroup("model_ring");
    for (let m = 0; m < 5; m++) {
      const spot = near(r, base, 600, 3_000);
      if (cf) continue;
      join(g, addKey(L("model"), "model_writer", "model_ring", [], -1, r, spot));
    }
    randomWriters(r, g, 3);
  }
  for (let gi = 0; gi < (plan.shared_radio ?? 0); gi++) {
    const r = arng.fork(`shared_radio ${gi}`);
    const site = addSite(r, samplePoint(r));
    const s = sites[site];
    const g = newGroup("shared_radio");
    if (cf) {
      honestRadio(L("shared-cf"), "shared_radio", site, r);
      continue;
    }
    for (let m = 0; m < 3; m++) {
      const spot = m === 0 ? { lat: s.lat, lng: s.lng } : offsetLatLng(frames[s.part], s.lat, s.lng, r.uniform(200, 500), r.uniform(0, 2 * Math.PI));
      join(g, addKey(L("shared"), "shared_radio", "shared_radio", [site], site, r, spot));
    }
  }
  for (let gi = 0; gi < (plan.unregistered_feed ?? 0); gi++) {
    const r = arng.fork(`unregistered_feed ${gi}`);
    const base = samplePoint(r);
    const g = newGroup("unregistered_feed");
    for (let m = 0; m < 3; m++) {
      const spot = near(r, base, 500, 2_500);
      const receiver = addSite(r, spot);
      if (cf) continue;
      join(g, addKey(L("fed"), "fed_key", "unregistered_feed", [], receiver, r, spot));
    }
    g.members.forEach((b) => g.writers.set(b, g.members.filter((x) => x !== b)));
  }
  for (let gi = 0; gi < (plan.wormhole ?? 0); gi++) {
    const r = arng.fork(`wormhole ${gi}`);
    const remote = addSite(r, emptySpot(r, 10, 30, 10_000));
    const relay = addSite(r, samplePoint(r), { gainDbi10: sites[remote].gainDbi10, heightM: sites[remote].heightM, siteLossDb: sites[remote].siteLossDb });
    if (cf) {
      honestRadio(L("wormhole-cf"), "wormhole", remote, r);
      continue;
    }
    addKey(L("wormhole"), "wormhole", "wormhole", [remote, relay], relay, r, { lat: sites[remote].lat, lng: sites[remote].lng, gainDbi10: sites[remote].gainDbi10, elevationM: sites[remote].heightM });
  }
  for (let gi = 0; gi < (plan.calibration_poison ?? 0); gi++) {
    const r = arng.fork(`calibration_poison ${gi}`);
    const base = emptySpot(r, 15, 30, 10_000);
    const g = newGroup("calibration_poison", "poison");
    for (let m = 0; m < 8; m++) {
      const spot = near(r, base, 2_000, 12_000);
      if (cf) continue;
      join(g, addKey(L("poisoner"), "poisoner", "calibration_poison", [], -1, r, spot));
    }
    randomWriters(r, g, 4);
    const rb = arng.fork(`calibration_poison beneficiaries ${gi}`);
    for (let m = 0; m < 5; m++) {
      const r = rb;
      const site = addSite(r, samplePoint(r));
      const s = sites[site];
      const spoofed = offsetLatLng(frames[s.part], s.lat, s.lng, r.uniform(1_500, 3_000), r.uniform(0, 2 * Math.PI));
      if (cf) honestRadio(L("beneficiary-cf"), "calibration_poison", site, r);
      else addKey(L("beneficiary"), "poison_beneficiary", "calibration_poison", [site], site, r, spoofed);
    }
  }
  for (let gi = 0; gi < (plan.selection_steer ?? 0); gi++) {
    const r = arng.fork(`selection_steer ${gi}`);
    const base = samplePoint(r);
    const beaconerSite = addSite(r, base);
    const friendSites = Array.from({ length: 4 }, () => addSite(r, near(r, base, 600, 1_800)));
    if (cf) {
      honestRadio(L("steer-cf"), "selection_steer", beaconerSite, r);
      for (const s of friendSites) honestRadio(L("friend-cf"), "selection_steer", s, r);
      continue;
    }
    const b = addKey(L("steer"), "steering_beaconer", "selection_steer", [beaconerSite], beaconerSite, r);
    const friends = friendSites.map((s) => addKey(L("friend"), "steering_friend", "selection_steer", [s], s, r));
    hotspots[b].friends = friends;
  }
  for (let gi = 0; gi < (plan.bridged_sybil ?? 0); gi++) {
    const r = arng.fork(`bridged_sybil ${gi}`);
    const { spot, bearing } = fringe(r);
    const f = frames[spot.part];
    const bridgeSites = [0, 1].map(() => addSite(r, { part: spot.part, ...offsetLatLng(f, spot.lat, spot.lng, r.uniform(300, 1_000), bearing + Math.PI + r.uniform(-0.6, 0.6)) }));
    if (cf) {
      for (const s of bridgeSites) honestRadio(L("bridge-cf"), "bridged_sybil", s, r);
      continue;
    }
    const g = newGroup("bridged_sybil");
    const bridges = bridgeSites.map((s) => addKey(L("bridge"), "bridge_radio", "bridged_sybil", [s], s, r));
    const keys: number[] = [];
    for (let m = 0; m < 5; m++) keys.push(addKey(L("bridged"), "bridged_key", "bridged_sybil", [], -1, r, offsetLatLng(f, spot.lat, spot.lng, r.uniform(1_500, 3_000), bearing + r.uniform(-0.5, 0.5))));
    for (const k of [...bridges, ...keys]) join(g, k);
    for (const k of keys) g.writers.set(k, [...bridges, ...keys.filter((x) => x !== k).slice(0, 2)]);
    for (const b of bridges) g.writers.set(b, keys);
  }
  for (let gi = 0; gi < (plan.fabricated_town ?? 0); gi++) {
    const r = arng.fork(`fabricated_town ${gi}`);
    const base = emptySpot(r, 10, 25, 10_000);
    const f = frames[base.part];
    const g = newGroup("fabricated_town");
    const spots: { lat: number; lng: number }[] = [];
    for (let m = 0; m < 15; m++) spots.push(offsetLatLng(f, base.lat, base.lng, 1_200 * Math.sqrt(m) + r.uniform(0, 300), m * 2.4));
    if (!cf) for (const s of spots) join(g, addKey(L("town"), "town_key", "fabricated_town", [], -1, r, s));
    for (const b of g.members) {
      const [bx, by] = toPlane(f, hotspots[b].lat, hotspots[b].lng);
      g.writers.set(b, g.members.filter((w) => w !== b && Math.hypot(hotspots[w].x - bx, hotspots[w].y - by) < 3_500 && r.float() < 0.6));
    }
  }
  for (let gi = 0; gi < (plan.silent_neighbour ?? 0); gi++) {
    const r = arng.fork(`silent_neighbour ${gi}`);
    const base = samplePoint(r);
    const victims = nearestHonest(base, 2, new Set());
    const around = victims.length ? hotspots[victims[0]] : null;
    const centre = around ? { part: around.part, lat: around.lat, lng: around.lng } : base;
    for (let m = 0; m < 4; m++) {
      const site = addSite(r, near(r, centre, 500, 1_500));
      if (cf) honestRadio(L("silent-cf"), "silent_neighbour", site, r);
      else addKey(L("silent"), "silent_neighbour", "silent_neighbour", [site], site, r, undefined, { ignores: new Set(victims) });
    }
  }
  const used = groups.filter((g) => g.members.length > 0);
  for (const h of hotspots) h.group = h.group >= 0 ? used.indexOf(groups[h.group]) : -1;
  const radioSeed = createHash("sha256").update(`radio:${p.seed}`).digest().readUInt32LE(0);
  return { hotspots, sites, frames, groups: used, radioSeed, counterfactual: cf };
}
