// A fixed grid over latitude/longitude for "which hotspots are asserted within
// r metres of here": cells of CELL_DEG degrees, queried by bounding box, then
// filtered by a flat-earth distance with a 1% margin and finally by the exact
// great-circle distance (only the last decides). Build and query orders are
// functions of the registry alone (cells ascending, indices ascending), so
// anything summed over the results is order-stable.

import { EARTH_RADIUS_M, greatCircleM } from "./geodesy";

const CELL_DEG = 0.02;
const M_PER_DEG = (Math.PI / 180) * EARTH_RADIUS_M;

export class SpatialGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly latRad: Float64Array,
    private readonly lngRad: Float64Array,
    members: Iterable<number>,
  ) {
    for (const i of members) {
      const k = this.key(this.row(latRad[i]), this.col(lngRad[i]));
      let c = this.cells.get(k);
      if (!c) this.cells.set(k, (c = []));
      c.push(i);
    }
  }

  private row(lat: number): number {
    return Math.floor((lat * 180) / Math.PI / CELL_DEG);
  }

  private col(lng: number): number {
    return Math.floor((lng * 180) / Math.PI / CELL_DEG);
  }

  private key(r: number, c: number): number {
    return (r + 4_000) * 10_000 + (c + 4_000);
  }

  /**
   * Calls `visit(j, distanceM)` for every member within `radiusM` (whole metres,
   * as greatCircleM rounds) of hotspot `i`'s asserted point, `i` excluded, in
   * ascending cell then index order.
   */
  near(i: number, radiusM: number, visit: (j: number, distanceM: number) => void): void {
    const lat = this.latRad[i];
    const lng = this.lngRad[i];
    const dLat = radiusM / M_PER_DEG;
    const cos = Math.max(0.01, Math.cos(lat) - (dLat * Math.PI) / 180);
    const dLng = radiusM / (M_PER_DEG * cos);
    const latDeg = (lat * 180) / Math.PI;
    const lngDeg = (lng * 180) / Math.PI;
    const r0 = Math.floor((latDeg - dLat) / CELL_DEG);
    const r1 = Math.floor((latDeg + dLat) / CELL_DEG);
    const c0 = Math.floor((lngDeg - dLng) / CELL_DEG);
    const c1 = Math.floor((lngDeg + dLng) / CELL_DEG);
    const cosLat = Math.cos(lat);
    const prefilter = (radiusM * 1.01 + 10) / EARTH_RADIUS_M;
    const prefilter2 = prefilter * prefilter;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = this.cells.get(this.key(r, c));
        if (!cell) continue;
        for (const j of cell) {
          if (j === i) continue;
          const dy = this.latRad[j] - lat;
          const dx = (this.lngRad[j] - lng) * cosLat;
          if (dx * dx + dy * dy > prefilter2) continue;
          const d = greatCircleM(lat, lng, this.latRad[j], this.lngRad[j]);
          if (d <= radiusM) visit(j, d);
        }
      }
    }
  }
}
