// Canonical binary encoding of a PocState, version 1, and its digest.
//
// Layout (integers little-endian):
//   8   magic "HEXPINS1"
//   1   u8  version = 1
//   8   u64 epoch
//   1   u8  calibration present (0/1), then if present:
//   12      i32 interceptDb100, i32 exponent1000, i32 sigmaDb100
//   4   u32 hotspot count H, then H records of 62 bytes, sorted by base58 key
//       (JS string order), strictly ascending:
//         32 key, u64 location (H3 index, 0 = none), u16 trustBps,
//         i16 txOffsetDb10, u16 txWeight10, i16 rxOffsetDb10, u16 rxWeight10,
//         u32 reachM, u64 lastBeaconMs
//   4   u32 edge count E, then E edges of 12 bytes sorted by (a, b), strictly
//       ascending, a < b < H: u32 a, u32 b, u16 aHeardB, u16 bHeardA
//   only when some record has Helium reciprocity times (the `helium` profile;
//   absent otherwise, so other states encode as before):
//   4   u32 count K ≥ 1, then K entries of 20 bytes, strictly ascending by record:
//         u32 record index, u64 lastBeaconRecipMs, u64 lastWitnessMs (not both 0)
//
// One state has exactly one encoding (the encoder validates order and ranges,
// the decoder refuses anything else), so `pocStateDigest` = sha256(encoding)
// names it. Errors are `PocStateError` with a stable code.

import { createHash } from "node:crypto";
import { getResolution, isValidCell } from "h3-js";
import { keyFromBase58, keyToBase58 } from "@hexpin/sdk";
import { HotspotRecord, PocState, POC_STATE_VERSION, WitnessEdges } from "./poc-state";

export const POC_STATE_MAGIC = Buffer.from("HEXPINS1", "ascii");
const RECORD_LEN = 62;
const EDGE_LEN = 12;
const RECIP_LEN = 20;

export type PocStateErrorCode = "bad_magic" | "bad_version" | "truncated" | "trailing_bytes" | "not_canonical" | "out_of_range";

/** Refusal to encode or decode a state, with a stable code. */
export class PocStateError extends Error {
  constructor(readonly code: PocStateErrorCode, message: string) {
    super(message);
    this.name = "PocStateError";
  }
}

function fail(code: PocStateErrorCode, msg: string): never {
  throw new PocStateError(code, msg);
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < min || v > max) fail("out_of_range", `${what} must be an integer in [${min}, ${max}], got ${v}`);
}

function locationToU64(cell: string | null, what: string): bigint {
  if (cell === null) return 0n;
  if (!isValidCell(cell) || getResolution(cell) !== 12) fail("out_of_range", `${what}: ${cell} is not an H3 res-12 cell`);
  return BigInt(`0x${cell}`);
}

function u64ToLocation(v: bigint, what: string): string | null {
  if (v === 0n) return null;
  const cell = v.toString(16);
  if (!isValidCell(cell) || getResolution(cell) !== 12) fail("out_of_range", `${what}: ${cell} is not an H3 res-12 cell`);
  return cell;
}

export function encodePocState(s: PocState): Buffer {
  if (s.version !== POC_STATE_VERSION) fail("bad_version", `cannot encode state version ${s.version}`);
  checkInt(s.epoch, 0, Number.MAX_SAFE_INTEGER, "epoch");
  const h = s.hotspots.length;
  const e = s.edges.a.length;
  if (s.edges.b.length !== e || s.edges.aHeardB.length !== e || s.edges.bHeardA.length !== e) fail("out_of_range", "edge columns differ in length");
  const recip: number[] = [];
  s.hotspots.forEach((r, i) => {
    if ((r.lastBeaconRecipMs ?? 0) !== 0 || (r.lastWitnessMs ?? 0) !== 0) recip.push(i);
  });
  const out = Buffer.alloc(8 + 1 + 8 + 1 + (s.calibration ? 12 : 0) + 4 + h * RECORD_LEN + 4 + e * EDGE_LEN + (recip.length > 0 ? 4 + recip.length * RECIP_LEN : 0));
  let o = 0;
  POC_STATE_MAGIC.copy(out, o);
  o += 8;
  out.writeUInt8(POC_STATE_VERSION, o++);
  out.writeBigUInt64LE(BigInt(s.epoch), o);
  o += 8;
  out.writeUInt8(s.calibration ? 1 : 0, o++);
  if (s.calibration) {
    const c = s.calibration;
    checkInt(c.interceptDb100, -0x8000_0000, 0x7fff_ffff, "calibration.interceptDb100");
    checkInt(c.exponent1000, 0, 0x7fff_ffff, "calibration.exponent1000");
    checkInt(c.sigmaDb100, 0, 0x7fff_ffff, "calibration.sigmaDb100");
    out.writeInt32LE(c.interceptDb100, o);
    out.writeInt32LE(c.exponent1000, o + 4);
    out.writeInt32LE(c.sigmaDb100, o + 8);
    o += 12;
  }
  out.writeUInt32LE(h, o);
  o += 4;
  let prev: string | null = null;
  for (const r of s.hotspots) {
    if (prev !== null && !(prev < r.key)) fail("not_canonical", `hotspot records must be sorted by key and unique (${r.key} after ${prev})`);
    prev = r.key;
    let raw: Uint8Array;
    try {
      raw = keyFromBase58(r.key);
    } catch {
      fail("out_of_range", `${r.key} is not a 32-byte base58 key`);
    }
    out.set(raw, o);
    out.writeBigUInt64LE(locationToU64(r.location, r.key), o + 32);
    checkInt(r.trustBps, 0, 10_000, `${r.key}.trustBps`);
    checkInt(r.txOffsetDb10, -0x8000, 0x7fff, `${r.key}.txOffsetDb10`);
    checkInt(r.txWeight10, 0, 0xffff, `${r.key}.txWeight10`);
    checkInt(r.rxOffsetDb10, -0x8000, 0x7fff, `${r.key}.rxOffsetDb10`);
    checkInt(r.rxWeight10, 0, 0xffff, `${r.key}.rxWeight10`);
    checkInt(r.reachM, 0, 0xffff_ffff, `${r.key}.reachM`);
    checkInt(r.lastBeaconMs, 0, Number.MAX_SAFE_INTEGER, `${r.key}.lastBeaconMs`);
    out.writeUInt16LE(r.trustBps, o + 40);
    out.writeInt16LE(r.txOffsetDb10, o + 42);
    out.writeUInt16LE(r.txWeight10, o + 44);
    out.writeInt16LE(r.rxOffsetDb10, o + 46);
    out.writeUInt16LE(r.rxWeight10, o + 48);
    out.writeUInt32LE(r.reachM, o + 50);
    out.writeBigUInt64LE(BigInt(r.lastBeaconMs), o + 54);
    o += RECORD_LEN;
  }
  out.writeUInt32LE(e, o);
  o += 4;
  const { a, b, aHeardB, bHeardA } = s.edges;
  for (let i = 0; i < e; i++) {
    if (!(a[i] < b[i]) || b[i] >= h) fail("out_of_range", `edge ${i} (${a[i]}, ${b[i]}) must have a < b < ${h}`);
    if (i > 0 && !(a[i - 1] < a[i] || (a[i - 1] === a[i] && b[i - 1] < b[i]))) fail("not_canonical", `edges must be sorted by (a, b) and unique (edge ${i})`);
    out.writeUInt32LE(a[i], o);
    out.writeUInt32LE(b[i], o + 4);
    out.writeUInt16LE(aHeardB[i], o + 8);
    out.writeUInt16LE(bHeardA[i], o + 10);
    o += EDGE_LEN;
  }
  if (recip.length > 0) {
    out.writeUInt32LE(recip.length, o);
    o += 4;
    for (const i of recip) {
      const r = s.hotspots[i];
      checkInt(r.lastBeaconRecipMs ?? 0, 0, Number.MAX_SAFE_INTEGER, `${r.key}.lastBeaconRecipMs`);
      checkInt(r.lastWitnessMs ?? 0, 0, Number.MAX_SAFE_INTEGER, `${r.key}.lastWitnessMs`);
      out.writeUInt32LE(i, o);
      out.writeBigUInt64LE(BigInt(r.lastBeaconRecipMs ?? 0), o + 4);
      out.writeBigUInt64LE(BigInt(r.lastWitnessMs ?? 0), o + 12);
      o += RECIP_LEN;
    }
  }
  if (o !== out.length) throw new Error("state encoder wrote an unexpected length");
  return out;
}

export function decodePocState(buf: Uint8Array): PocState {
  const d = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const need = (o: number, n: number) => {
    if (o + n > d.length) fail("truncated", `state truncated at byte ${o} (needs ${n} more)`);
  };
  need(0, 18);
  if (!d.subarray(0, 8).equals(POC_STATE_MAGIC)) fail("bad_magic", "not a hexpin PoC state (bad magic)");
  const version = d.readUInt8(8);
  if (version !== POC_STATE_VERSION) fail("bad_version", `unsupported state version ${version}`);
  const epochBig = d.readBigUInt64LE(9);
  if (epochBig > BigInt(Number.MAX_SAFE_INTEGER)) fail("out_of_range", "epoch exceeds 2^53-1");
  let o = 17;
  const hasCal = d.readUInt8(o++);
  if (hasCal > 1) fail("out_of_range", "calibration flag must be 0 or 1");
  let calibration: PocState["calibration"] = null;
  if (hasCal) {
    need(o, 12);
    calibration = { interceptDb100: d.readInt32LE(o), exponent1000: d.readInt32LE(o + 4), sigmaDb100: d.readInt32LE(o + 8) };
    if (calibration.exponent1000 < 0 || calibration.sigmaDb100 < 0) fail("out_of_range", "calibration exponent and sigma must be non-negative");
    o += 12;
  }
  need(o, 4);
  const h = d.readUInt32LE(o);
  o += 4;
  need(o, h * RECORD_LEN);
  const hotspots: HotspotRecord[] = new Array(h);
  for (let i = 0; i < h; i++) {
    const key = keyToBase58(d.subarray(o, o + 32));
    if (i > 0 && !(hotspots[i - 1].key < key)) fail("not_canonical", `hotspot records are not sorted by key (${key})`);
    const lastBig = d.readBigUInt64LE(o + 54);
    if (lastBig > BigInt(Number.MAX_SAFE_INTEGER)) fail("out_of_range", `${key}.lastBeaconMs exceeds 2^53-1`);
    const trustBps = d.readUInt16LE(o + 40);
    if (trustBps > 10_000) fail("out_of_range", `${key}.trustBps ${trustBps} exceeds 10000`);
    hotspots[i] = {
      key,
      location: u64ToLocation(d.readBigUInt64LE(o + 32), key),
      trustBps,
      txOffsetDb10: d.readInt16LE(o + 42),
      txWeight10: d.readUInt16LE(o + 44),
      rxOffsetDb10: d.readInt16LE(o + 46),
      rxWeight10: d.readUInt16LE(o + 48),
      reachM: d.readUInt32LE(o + 50),
      lastBeaconMs: Number(lastBig),
    };
    o += RECORD_LEN;
  }
  need(o, 4);
  const e = d.readUInt32LE(o);
  o += 4;
  need(o, e * EDGE_LEN);
  const edges: WitnessEdges = { a: new Uint32Array(e), b: new Uint32Array(e), aHeardB: new Uint16Array(e), bHeardA: new Uint16Array(e) };
  for (let i = 0; i < e; i++) {
    const a = d.readUInt32LE(o);
    const b = d.readUInt32LE(o + 4);
    if (!(a < b) || b >= h) fail("out_of_range", `edge ${i} (${a}, ${b}) must have a < b < ${h}`);
    if (i > 0 && !(edges.a[i - 1] < a || (edges.a[i - 1] === a && edges.b[i - 1] < b))) fail("not_canonical", `edges are not sorted by (a, b) (edge ${i})`);
    edges.a[i] = a;
    edges.b[i] = b;
    edges.aHeardB[i] = d.readUInt16LE(o + 8);
    edges.bHeardA[i] = d.readUInt16LE(o + 10);
    o += EDGE_LEN;
  }
  if (o < d.length) {
    // the helium profile's reciprocity times (see the layout above)
    if (d.length - o < 4) fail("trailing_bytes", `${d.length - o} trailing bytes after the state`);
    const k = d.readUInt32LE(o);
    o += 4;
    if (k === 0) fail("not_canonical", "an empty reciprocity section must be omitted");
    need(o, k * RECIP_LEN);
    let prev = -1;
    for (let j = 0; j < k; j++) {
      const i = d.readUInt32LE(o);
      if (i >= h || i <= prev) fail("not_canonical", `reciprocity entry ${j} (record ${i}) must name records in ascending order, < ${h}`);
      prev = i;
      const recipBig = d.readBigUInt64LE(o + 4);
      const witnessBig = d.readBigUInt64LE(o + 12);
      if (recipBig > BigInt(Number.MAX_SAFE_INTEGER) || witnessBig > BigInt(Number.MAX_SAFE_INTEGER)) fail("out_of_range", `reciprocity entry ${j} exceeds 2^53-1`);
      if (recipBig === 0n && witnessBig === 0n) fail("not_canonical", `reciprocity entry ${j} holds nothing`);
      if (recipBig !== 0n) hotspots[i].lastBeaconRecipMs = Number(recipBig);
      if (witnessBig !== 0n) hotspots[i].lastWitnessMs = Number(witnessBig);
      o += RECIP_LEN;
    }
  }
  if (o !== d.length) fail("trailing_bytes", `${d.length - o} trailing bytes after the state`);
  return { version: POC_STATE_VERSION, epoch: Number(epochBig), calibration, hotspots, edges };
}

/** sha256 of the canonical encoding, hex: the value a bundle's `previousStateDigest` holds. */
export function pocStateDigest(s: PocState | Uint8Array): string {
  const bytes = s instanceof Uint8Array ? s : encodePocState(s);
  return createHash("sha256").update(bytes).digest("hex");
}
