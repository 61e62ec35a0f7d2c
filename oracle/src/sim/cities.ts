// Coarse city outlines ([lng, lat] rings, GeoJSON order) for placing simulated
// hotspots on land where people actually live.

import { polygon } from "@turf/turf";
import type { Feature, Polygon } from "geojson";

export type CityName = "san-francisco" | "berlin" | "bay-area";

const RINGS: Record<CityName, [number, number][]> = {
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
  // the urbanised Bay Area from San Francisco around to San Jose and Oakland (≈ 2,500 km²).
  "bay-area": [
    [-122.51, 37.71], [-122.5, 37.5], [-122.2, 37.2], [-121.75, 37.2], [-121.75, 37.45], [-122.0, 37.6],
    [-122.15, 37.9], [-122.3, 37.95], [-122.38, 37.81], [-122.51, 37.79], [-122.51, 37.71],
  ],
};

export function cityPolygon(name: CityName): Feature<Polygon> {
  return polygon([RINGS[name]], { name });
}
