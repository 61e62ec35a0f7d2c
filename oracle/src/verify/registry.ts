// The epoch's hotspot registry, indexed for the hot path: raw key → dense index,
// with locations pre-resolved. Indices follow base58 key order, so "lowest index"
// is a stable, order-independent tie-break.

import { cellToLatLng, cellToParent } from "h3-js";
import { keyFromBase58 } from "@hexpin/sdk";
import { HotspotInfo } from "../types";

export class HotspotIndex {
  readonly size: number;
  /** base58 keys, ascending. */
  readonly keys: readonly string[];
  readonly rawKeys: readonly Uint8Array[];
  /** every raw key, 32 bytes each, in index order. */
  readonly packedKeys: Buffer;
  readonly infos: readonly HotspotInfo[];
  /** 1 when the hotspot has an asserted location. */
  readonly asserted: Uint8Array;
  /** asserted cell centre in radians (0 when unasserted). */
  readonly latRad: Float64Array;
  readonly lngRad: Float64Array;
  /** asserted cell's parent at the min-distance resolution ("" when unasserted). */
  readonly parentCell: readonly string[];
  readonly gainDbi10: Int16Array;
  private readonly byRaw = new Map<string, number>();

  constructor(hotspots: readonly HotspotInfo[], parentResolution: number) {
    const sorted = [...hotspots].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].key === sorted[i - 1].key) throw new Error(`duplicate hotspot ${sorted[i].key} in registry`);
    }
    this.size = sorted.length;
    this.infos = sorted;
    this.keys = sorted.map((h) => h.key);
    this.packedKeys = Buffer.alloc(32 * this.size);
    this.rawKeys = sorted.map((h, i) => {
      const raw = keyFromBase58(h.key);
      this.packedKeys.set(raw, 32 * i);
      return this.packedKeys.subarray(32 * i, 32 * i + 32);
    });
    this.asserted = new Uint8Array(this.size);
    this.latRad = new Float64Array(this.size);
    this.lngRad = new Float64Array(this.size);
    this.gainDbi10 = new Int16Array(this.size);
    const parents: string[] = new Array(this.size).fill("");
    const toRad = Math.PI / 180;
    sorted.forEach((h, i) => {
      this.byRaw.set(latin1(this.rawKeys[i]), i);
      this.gainDbi10[i] = h.gainDbi10;
      if (h.location) {
        const [lat, lng] = cellToLatLng(h.location);
        this.asserted[i] = 1;
        this.latRad[i] = lat * toRad;
        this.lngRad[i] = lng * toRad;
        parents[i] = cellToParent(h.location, parentResolution);
      }
    });
    this.parentCell = parents;
  }

  /** Dense index of a raw 32-byte key, or -1 when the registry does not know it. */
  indexOfRaw(raw: Uint8Array): number {
    return this.byRaw.get(latin1(raw)) ?? -1;
  }

  indexOf(key: string): number {
    const i = lowerBound(this.keys, key);
    return i < this.size && this.keys[i] === key ? i : -1;
  }
}

export function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
