// Who can hear a beacon: a culling grid over the fleet's true positions, so a
// beacon only draws shadowing for hotspots that could possibly receive it.
//
// Witness j hears beaconer b at distance d when
//   txDbm_b + rxDb_j − PL(d) + σ·z ≥ sensitivity,   PL(d) = intercept + 10·n·log10 d,
// with z standard normal. Shadowing beyond MAX_SHADOWING_SIGMAS is treated as
// impossible (p < 3·10⁻⁵), which bounds d:
//   d² ≤ 10^((txDbm_b + σ·Z − sensitivity − intercept) / 5n) · 10^(rxDb_j / 5n)
// a product of a per-beacon and a per-witness factor, both precomputed. Rows are
// stored cell by cell (CSR) in typed arrays, so the scan allocates nothing.

import { RadioEnvironment, meanPathLossDb } from "./radio";
import { SimHotspot } from "./fleet";

export const MAX_SHADOWING_SIGMAS = 4;
const CELL_M = 2_000;
/** cell coordinates are offset into positive range and packed into one number. */
const CELL_OFFSET = 1 << 20;

export class ReceptionGrid {
  /** per hotspot: net receive gain, dB (true antenna gain − site loss). */
  readonly rxDb: Float64Array;
  private readonly rxFactor: Float64Array;
  private readonly maxRxFactor: number;
  private readonly cellRows = new Map<number, number>();
  private readonly rowStart: Uint32Array;
  // rows in cell order
  private readonly rowHotspot: Uint32Array;
  private readonly rowX: Float64Array;
  private readonly rowY: Float64Array;
  private readonly rowRxFactor: Float64Array;
  private readonly fiveN: number;
  /** output of `collect`, reused. */
  readonly candidate: Uint32Array;
  readonly candidateD2: Float64Array;

  constructor(hotspots: readonly SimHotspot[], private readonly env: RadioEnvironment) {
    const n = hotspots.length;
    this.fiveN = 5 * env.exponent;
    this.rxDb = Float64Array.from(hotspots, (h) => h.trueGainDbi10 / 10 - h.siteLossDb);
    this.rxFactor = this.rxDb.map((db) => Math.pow(10, db / this.fiveN));
    this.maxRxFactor = this.rxFactor.reduce((m, v) => Math.max(m, v), 0);

    const cellOf = hotspots.map((h) => cellKey(Math.floor(h.x / CELL_M), Math.floor(h.y / CELL_M)));
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cellOf[a] - cellOf[b] || a - b);
    this.rowHotspot = Uint32Array.from(order);
    this.rowX = Float64Array.from(order, (i) => hotspots[i].x);
    this.rowY = Float64Array.from(order, (i) => hotspots[i].y);
    this.rowRxFactor = Float64Array.from(order, (i) => this.rxFactor[i]);
    const starts: number[] = [];
    for (let r = 0; r < n; r++) {
      const c = cellOf[order[r]];
      if (r === 0 || c !== cellOf[order[r - 1]]) {
        this.cellRows.set(c, starts.length);
        starts.push(r);
      }
    }
    starts.push(n);
    this.rowStart = Uint32Array.from(starts);
    this.candidate = new Uint32Array(n);
    this.candidateD2 = new Float64Array(n);
  }

  /**
   * Collects every hotspot j ≠ `beaconer` that could hear a transmission of
   * `txDbm` (EIRP after the beaconer's site loss) from (x, y) into
   * `candidate[0..count)` with its squared distance in `candidateD2`; returns the
   * count. The buffers are reused by the next call. Deterministic order: cells by
   * x then y, rows by index.
   */
  collect(beaconer: number, x: number, y: number, txDbm: number): number {
    const env = this.env;
    const q = Math.pow(10, (txDbm + MAX_SHADOWING_SIGMAS * env.shadowingSigmaDb - env.sensitivityDbm - env.interceptDb) / this.fiveN);
    const reach = Math.sqrt(q * this.maxRxFactor);
    const cx0 = Math.floor((x - reach) / CELL_M);
    const cx1 = Math.floor((x + reach) / CELL_M);
    const cy0 = Math.floor((y - reach) / CELL_M);
    const cy1 = Math.floor((y + reach) / CELL_M);
    const { rowHotspot, rowX, rowY, rowRxFactor, rowStart, candidate, candidateD2 } = this;
    let count = 0;
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const slot = this.cellRows.get(cellKey(cx, cy));
        if (slot === undefined) continue;
        for (let r = rowStart[slot], end = rowStart[slot + 1]; r < end; r++) {
          const dx = rowX[r] - x;
          const dy = rowY[r] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 > q * rowRxFactor[r]) continue;
          const j = rowHotspot[r];
          if (j === beaconer) continue;
          candidate[count] = j;
          candidateD2[count++] = d2;
        }
      }
    }
    return count;
  }

  /** Mean path loss, dB, at squared distance d2 (m²). */
  pathLossDb(d2: number): number {
    return meanPathLossDb(this.env, Math.sqrt(d2));
  }
}

function cellKey(cx: number, cy: number): number {
  return (cx + CELL_OFFSET) * 2 * CELL_OFFSET + (cy + CELL_OFFSET);
}
