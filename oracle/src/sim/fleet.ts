// A simulated fleet: where each hotspot really is and what it claims to be.

import { createHash, KeyObject } from "node:crypto";
import { area, bbox, booleanPointInPolygon, point } from "@turf/turf";
import { latLngToCell } from "h3-js";
import { keypairFromSeed, keyToBase58 } from "@hexpin/sdk";
import { HotspotInfo } from "../types";
import { SimRandom } from "./prng";
import { CityName, cityParts } from "./cities";
import { RadioEnvironment } from "./radio";
import { HotspotBehaviour } from "./labels";

export interface AdversaryMix {
  /** fractions of the fleet per behaviour (each hotspot has one behaviour). */
  spoofedLocation: number;
  inflatedGain: number;
  replayer: number;
  precomputer: number;
  selfWitnesser: number;
  duplicator: number;
  /** number of collusion rings and members per ring. */
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

export interface SimHotspot {
  index: number;
  behaviour: HotspotBehaviour;
  /** raw public key and its base58. */
  publicKey: Uint8Array;
  address: string;
  /** ed25519 signing key; null when the fleet was built unsigned (`sign: false`). */
  privateKey: KeyObject | null;
  /** true position, degrees, and in metres (east, north) in the fleet's plane (see `LocalFrame`). */
  lat: number;
  lng: number;
  x: number;
  y: number;
  trueGainDbi10: number;
  /** extra loss at this site, dB, on transmit and receive. */
  siteLossDb: number;
  /** collusion ring id, or -1. */
  ring: number;
  /** which part of the city or region it stands in (index into `Fleet.frames`). */
  part: number;
  /** what the registry holds (asserted location, asserted gain). */
  info: HotspotInfo;
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
  hotspots: SimHotspot[];
  /** one per part of the city or region. */
  frames: LocalFrame[];
}

const M_PER_DEG_LAT = 111_320;
const PART_SPACING_M = 1_000_000;

/** Position in the fleet's plane, metres (east, north), of a point in the given frame. */
export function toPlane(f: LocalFrame, lat: number, lng: number): [number, number] {
  return [f.xOffsetM + (lng - f.lng) * f.mPerDegLng, (lat - f.lat) * f.mPerDegLat];
}

/**
 * Operators keep this far apart where they can (up to 30 tries per hotspot):
 * witnesses closer than 8 res-11 cells (~350 m) earn nothing by rule, so real
 * deployments spread out. Without it the honest "false rejections" would be mostly
 * the min-distance policy working as designed.
 */
export const OPERATOR_SPACING_M = 450;

export function buildFleet(rng: SimRandom, count: number, city: CityName, mix: AdversaryMix, env: RadioEnvironment, sign: boolean): Fleet {
  const parts = cityParts(city).map((poly, k) => {
    const [minLng, minLat, maxLng, maxLat] = bbox(poly);
    const midLat = (minLat + maxLat) / 2;
    const frame: LocalFrame = { lat: midLat, lng: (minLng + maxLng) / 2, mPerDegLng: M_PER_DEG_LAT * Math.cos((midLat * Math.PI) / 180), mPerDegLat: M_PER_DEG_LAT, xOffsetM: k * PART_SPACING_M };
    return { poly, box: [minLng, minLat, maxLng, maxLat], frame, areaM2: area(poly) };
  });
  const frames = parts.map((p) => p.frame);
  const totalArea = parts.reduce((s, p) => s + p.areaM2, 0);
  type Spot = { part: number; lat: number; lng: number };
  const samplePoint = (): Spot => {
    // a single-part city draws no part, so its stream is what it was before regions existed.
    let part = 0;
    if (parts.length > 1) {
      let u = rng.float() * totalArea;
      while (part < parts.length - 1 && u >= parts[part].areaM2) u -= parts[part++].areaM2;
    }
    const { poly, box } = parts[part];
    for (;;) {
      const lng = rng.uniform(box[0], box[2]);
      const lat = rng.uniform(box[1], box[3]);
      if (booleanPointInPolygon(point([lng, lat]), poly)) return { part, lat, lng };
    }
  };
  const placed = new Map<number, [number, number][]>();
  const spacingCell = (x: number, y: number) => (Math.floor(x / OPERATOR_SPACING_M) + 50_000) * 100_000 + Math.floor(y / OPERATOR_SPACING_M) + 50_000;
  const spacedPoint = (): Spot => {
    let p = samplePoint();
    for (let attempt = 0; attempt < 30; attempt++) {
      const [x, y] = toPlane(frames[p.part], p.lat, p.lng);
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
      p = samplePoint();
    }
    const [x, y] = toPlane(frames[p.part], p.lat, p.lng);
    const c = spacingCell(x, y);
    (placed.get(c) ?? placed.set(c, []).get(c)!).push([x, y]);
    return p;
  };

  // behaviours: rings first, then each adversary fraction, the rest honest; shuffled by rng.
  const behaviours: HotspotBehaviour[] = [];
  const ringMembers = Math.min(count, mix.collusionRings * mix.ringSize);
  for (let i = 0; i < ringMembers; i++) behaviours.push("collusion_ring");
  const fractions: [HotspotBehaviour, number][] = [
    ["spoofed_location", mix.spoofedLocation], ["inflated_gain", mix.inflatedGain], ["replayer", mix.replayer],
    ["precomputer", mix.precomputer], ["self_witnesser", mix.selfWitnesser], ["duplicator", mix.duplicator],
  ];
  for (const [b, f] of fractions) for (let i = 0; i < Math.round(f * count) && behaviours.length < count; i++) behaviours.push(b);
  while (behaviours.length < count) behaviours.push("honest");
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const assigned: HotspotBehaviour[] = new Array(count);
  order.forEach((slot, i) => (assigned[slot] = behaviours[i]));

  // rings: members share one true spot ("a room"), assert spread-out locations around it.
  const ringOf = new Int32Array(count).fill(-1);
  let ringCursor = 0;
  for (let i = 0; i < count; i++) if (assigned[i] === "collusion_ring") ringOf[i] = Math.floor(ringCursor++ / mix.ringSize);
  const ringSpot: Spot[] = [];
  for (let r = 0; r < mix.collusionRings; r++) ringSpot.push(samplePoint());

  const hotspots: SimHotspot[] = [];
  for (let i = 0; i < count; i++) {
    const behaviour = assigned[i];
    const seed = new Uint8Array(createHash("sha256").update(`${rng.nextU32()}-${rng.nextU32()}-${i}`).digest());
    let publicKey: Uint8Array;
    let address: string;
    let privateKey: KeyObject | null = null;
    if (sign) {
      const kp = keypairFromSeed(seed);
      publicKey = kp.publicKey;
      address = kp.address;
      privateKey = kp.privateKey;
    } else {
      // unsigned fleets skip ed25519 key derivation (≈0.6 ms per key): the key is a
      // hash of the seed, not a curve point, and no report will be signed.
      publicKey = new Uint8Array(createHash("sha256").update("unsigned-sim-key").update(seed).digest());
      address = keyToBase58(publicKey);
    }
    const { part, lat, lng } = ringOf[i] >= 0 ? ringSpot[ringOf[i]] : spacedPoint();
    const frame = frames[part];
    const trueGainDbi10 = [20, 30, 30, 40, 50, 60][rng.int(6)];
    const siteLossDb = rng.uniform(0, env.maxSiteLossDb);
    let aLat = lat;
    let aLng = lng;
    let assertedGain = trueGainDbi10;
    if (behaviour === "spoofed_location" || behaviour === "collusion_ring") {
      const dist = behaviour === "spoofed_location" ? rng.uniform(2_000, 20_000) : rng.uniform(2_000, 6_000);
      const bearing = rng.uniform(0, 2 * Math.PI);
      aLat = lat + (dist * Math.cos(bearing)) / frame.mPerDegLat;
      aLng = lng + (dist * Math.sin(bearing)) / frame.mPerDegLng;
    }
    if (behaviour === "inflated_gain") assertedGain = trueGainDbi10 + Math.round(rng.uniform(6, 12)) * 10;
    const [x, y] = toPlane(frame, lat, lng);
    hotspots.push({
      index: i, behaviour, publicKey, address, privateKey, lat, lng, x, y,
      trueGainDbi10, siteLossDb, ring: ringOf[i], part,
      info: {
        key: address, owner: address, location: latLngToCell(aLat, aLng, 12), gainDbi10: assertedGain,
        elevationM: 2 + rng.int(30), onboardedAt: 1_700_000_000 + rng.int(30_000_000), serial: i + 1,
      },
    });
  }
  return { hotspots, frames };
}
