// Who can hear a transmission: a culling grid over the receiving sites' true
// positions, so a beacon only draws shadowing for sites that could possibly
// receive it.
//
// Site j hears a transmission of EIRP e (dBm, after the transmitter's site loss)
// at distance d when e + rx_j − PL(d) + shadowing + fading ≥ sensitivity,
// PL(d) = intercept + 10·n·log10 d. Shadowing plus fading beyond
// MAX_SHADOWING_SIGMAS of their total spread is treated as impossible
// (p < 3·10⁻⁵), which bounds d:
//   d² ≤ 10^((e + σ·Z − sensitivity − intercept) / 5n) · 10^(rx_j / 5n)
// a product of a per-transmission and a per-site factor, both precomputed. Rows
// are stored cell by cell (CSR) in typed arrays, so the scan allocates nothing.

import { RadioEnvironment, heightGainTrueDb, meanPathLossDb, totalSigmaDb } from "./radio";

export const MAX_SHADOWING_SIGMAS = 4;
const CELL_M = 2_000;
/** cell coordinates are offset into positive range and packed into one number. */
const CELL_OFFSET = 1 << 20;

/** What reception needs to know about a site. */
export interface ReceivingSite {
  index: number;
  x: number;
  y: number;
  gainDbi10: number;
  siteLossDb: number;
  heightM: number;
  /** false for transmit-only sites (relays' transmitters). */
  receives: boolean;
}

/** A site's net receive (and transmit) gain over an isotropic antenna at 10 m, dB. */
export function siteGainDb(env: RadioEnvironment, s: Pick<ReceivingSite, "gainDbi10" | "siteLossDb" | "heightM">): number {
  return s.gainDbi10 / 10 - s.siteLossDb + heightGainTrueDb(env, s.heightM);
}

export class ReceptionGrid {
  /** per site: net receive gain, dB. */
  readonly rxDb: Float64Array;
  private readonly maxRxFactor: number;
  private readonly cellRows = new Map<number, number>();
  private readonly rowStart: Uint32Array;
  // rows in cell order
  private readonly rowSite: Uint32Array;
  private readonly rowX: Float64Array;
  private readonly rowY: Float64Array;
  private readonly rowRxFactor: Float64Array;
  private readonly fiveN: number;
  /** output of `collect`, reused. */
  readonly candidate: Uint32Array;
  readonly candidateD2: Float64Array;

  constructor(sites: readonly ReceivingSite[], private readonly env: RadioEnvironment) {
    const n = sites.length;
    this.fiveN = 5 * env.exponent;
    this.rxDb = Float64Array.from(sites, (s) => siteGainDb(env, s));
    const rxFactor = this.rxDb.map((db) => Math.pow(10, db / this.fiveN));
    const receivers = sites.filter((s) => s.receives).map((s) => s.index);
    this.maxRxFactor = receivers.reduce((m, i) => Math.max(m, rxFactor[i]), 0);
    const cellOf = (i: number) => cellKey(Math.floor(sites[i].x / CELL_M), Math.floor(sites[i].y / CELL_M));
    const order = receivers.sort((a, b) => cellOf(a) - cellOf(b) || a - b);
    this.rowSite = Uint32Array.from(order);
    this.rowX = Float64Array.from(order, (i) => sites[i].x);
    this.rowY = Float64Array.from(order, (i) => sites[i].y);
    this.rowRxFactor = Float64Array.from(order, (i) => rxFactor[i]);
    const starts: number[] = [];
    for (let r = 0; r < order.length; r++) {
      const c = cellOf(order[r]);
      if (r === 0 || c !== cellOf(order[r - 1])) {
        this.cellRows.set(c, starts.length);
        starts.push(r);
      }
    }
    starts.push(order.length);
    this.rowStart = Uint32Array.from(starts);
    this.candidate = new Uint32Array(n);
    this.candidateD2 = new Float64Array(n);
  }

  /**
   * Collects every receiving site j ≠ `from` that could hear a transmission of
   * `eirpDbm` from (x, y) into `candidate[0..count)` with its squared distance
   * in `candidateD2`; returns the count. The buffers are reused by the next call.
   * Deterministic order: cells by x then y, rows by index.
   */
  collect(from: number, x: number, y: number, eirpDbm: number): number {
    const env = this.env;
    const q = Math.pow(10, (eirpDbm + MAX_SHADOWING_SIGMAS * totalSigmaDb(env) - env.sensitivityDbm - env.interceptDb) / this.fiveN);
    const reach = Math.sqrt(q * this.maxRxFactor);
    const cx0 = Math.floor((x - reach) / CELL_M);
    const cx1 = Math.floor((x + reach) / CELL_M);
    const cy0 = Math.floor((y - reach) / CELL_M);
    const cy1 = Math.floor((y + reach) / CELL_M);
    const { rowSite, rowX, rowY, rowRxFactor, rowStart, candidate, candidateD2 } = this;
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
          const j = rowSite[r];
          if (j === from) continue;
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
