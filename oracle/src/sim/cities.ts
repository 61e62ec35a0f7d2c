// Coarse outlines of where simulated hotspots go ([lng, lat] rings, GeoJSON
// order): land where people actually live. A city is one polygon; a region is
// several (its metros), filled in proportion to their areas.

import { polygon } from "@turf/turf";
import type { Feature, Polygon } from "geojson";

export type CityName = "san-francisco" | "berlin" | "bay-area" | "us-metros";

export const CITY_NAMES: readonly CityName[] = ["san-francisco", "berlin", "bay-area", "us-metros"];

// the urbanised Bay Area from San Francisco around to San Jose and Oakland (≈ 2,500 km²).
const BAY_AREA: [number, number][] = [
  [-122.51, 37.71], [-122.5, 37.5], [-122.2, 37.2], [-121.75, 37.2], [-121.75, 37.45], [-122.0, 37.6],
  [-122.15, 37.9], [-122.3, 37.95], [-122.38, 37.81], [-122.51, 37.79], [-122.51, 37.71],
];

const SINGLE: Record<Exclude<CityName, "us-metros">, [number, number][]> = {
  // the city of San Francisco, bay and ocean shores approximated.
  "san-francisco": [
    [-122.514, 37.708], [-122.386, 37.708], [-122.375, 37.735], [-122.387, 37.758], [-122.386, 37.79],
    [-122.398, 37.806], [-122.423, 37.81], [-122.476, 37.811], [-122.505, 37.788], [-122.514, 37.77], [-122.514, 37.708],
  ],
  // inside Berlin's ring road, roughly.
  berlin: [
    [13.28, 52.48], [13.38, 52.46], [13.47, 52.47], [13.51, 52.51], [13.47, 52.56],
    [13.37, 52.57], [13.29, 52.55], [13.26, 52.52], [13.28, 52.48],
  ],
  "bay-area": BAY_AREA,
};

/**
 * Fifteen large US metros as ellipses around their urbanised areas (centre, east–west
 * and north–south half-extents in km), ≈ 49,000 km² in all: about 2 hotspots/km²
 * at 100k hotspots, ~27 witnesses per beacon in URBAN_915. Shores are not
 * traced, so some hotspots stand in water; the radio does not care.
 */
const US_METROS: { name: string; lat: number; lng: number; ewKm: number; nsKm: number }[] = [
  { name: "new-york", lat: 40.73, lng: -73.95, ewKm: 45, nsKm: 40 },
  { name: "los-angeles", lat: 34.05, lng: -118.2, ewKm: 55, nsKm: 35 },
  { name: "chicago", lat: 41.83, lng: -87.85, ewKm: 22, nsKm: 45 },
  { name: "houston", lat: 29.76, lng: -95.4, ewKm: 40, nsKm: 35 },
  { name: "dallas-fort-worth", lat: 32.8, lng: -97.0, ewKm: 55, nsKm: 30 },
  { name: "phoenix", lat: 33.45, lng: -112.05, ewKm: 40, nsKm: 25 },
  { name: "atlanta", lat: 33.76, lng: -84.4, ewKm: 35, nsKm: 35 },
  { name: "miami", lat: 26.1, lng: -80.25, ewKm: 13, nsKm: 60 },
  { name: "seattle", lat: 47.55, lng: -122.25, ewKm: 15, nsKm: 45 },
  { name: "denver", lat: 39.72, lng: -104.95, ewKm: 20, nsKm: 25 },
  { name: "san-diego", lat: 32.8, lng: -117.1, ewKm: 18, nsKm: 22 },
  { name: "washington", lat: 38.9, lng: -77.05, ewKm: 30, nsKm: 30 },
  { name: "boston", lat: 42.36, lng: -71.1, ewKm: 25, nsKm: 35 },
  { name: "philadelphia", lat: 39.98, lng: -75.2, ewKm: 30, nsKm: 28 },
];

function ellipseRing(lat: number, lng: number, ewKm: number, nsKm: number, vertices = 16): [number, number][] {
  const mPerDegLat = 111_320;
  const mPerDegLng = mPerDegLat * Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let k = 0; k < vertices; k++) {
    const a = (2 * Math.PI * k) / vertices;
    ring.push([lng + (ewKm * 1000 * Math.cos(a)) / mPerDegLng, lat + (nsKm * 1000 * Math.sin(a)) / mPerDegLat]);
  }
  ring.push(ring[0]);
  return ring;
}

/** The polygons making up a city (one) or a region (one per metro). */
export function cityParts(name: CityName): Feature<Polygon>[] {
  if (name === "us-metros") {
    return [
      ...US_METROS.map((m) => polygon([ellipseRing(m.lat, m.lng, m.ewKm, m.nsKm)], { name: m.name })),
      polygon([BAY_AREA], { name: "bay-area" }),
    ];
  }
  return [polygon([SINGLE[name]], { name })];
}
