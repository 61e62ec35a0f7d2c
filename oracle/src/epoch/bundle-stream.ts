// Reading a canonical bundle (bundle.ts) as a stream: bytes arrive in chunks of any
// size (a file, an HTTP body, a decompressor), the digest is taken on the fly, and
// reports leave in batches laid out for the signature pool, so no more than a few
// batches are ever in memory.
//
// The parser accepts exactly the bytes `BundleWriter` produces: the header must be
// byte-identical to `bundleHeader()` of what it holds (canonical JSON, sorted, no
// duplicates; unknown fields kept as extensions), reports in canonical order, the count
// as announced, nothing after the last report. Every refusal is a `BundleFormatError`
// with the byte offset (in the uncompressed bundle) where the bundle went wrong.

import { createReadStream, statSync } from "node:fs";
import { createHash, Hash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { loadNative, nativeUnavailableReason } from "../ingest/native";
import type { ReportBatch } from "../ingest/signature-pool";
import { BUNDLE_FORMAT, BUNDLE_MAGIC, bundleHeader, EpochInputs, HeaderJson, headerInputs } from "./bundle";
import { canonicalJson } from "./canonical-json";

/** Largest header and single report the reader takes (the writer refuses larger ones). */
export const MAX_HEADER_BYTES = 1 << 30;
export const MAX_REPORT_BYTES = 1 << 20;

export class BundleFormatError extends Error {
  constructor(
    /** byte offset in the uncompressed bundle. */
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`malformed bundle at byte offset ${offset}: ${reason}`);
    this.name = "BundleFormatError";
  }
}

/** A batch of reports from a bundle, in bundle order. */
export interface BundleReportBatch extends ReportBatch {
  /** index in the bundle of the batch's first report. */
  firstIndex: number;
  receivedAtMs: Float64Array;
  /** byte offset in the bundle of each report's frame. */
  frameOffsets: Float64Array;
}

export type BundleHeaderInfo = Omit<EpochInputs, "reports"> & { reportCount: number; headerBytes: number };

export interface BundleParserOptions {
  /** reports per batch (default 8192). */
  batchReports?: number;
  /** called once, when the header is complete. */
  onHeader?: (header: BundleHeaderInfo) => void;
  /** called with each full batch, in order. */
  onBatch: (batch: BundleReportBatch) => void;
}

const BATCH_BYTES = 2 * MAX_REPORT_BYTES;

/** Push parser: feed chunks with `push`, then `end()`; `digest()` after that. */
export class BundleParser {
  private readonly hash: Hash = createHash("sha256");
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** bundle offset of buf[0]. */
  private base = 0;
  private state: "magic" | "header" | "count" | "reports" | "done" = "magic";
  private headerLen = 0;
  private announced = 0;
  private seen = 0;
  private header: BundleHeaderInfo | null = null;
  private readonly batchReports: number;
  private batch!: BundleReportBatch;
  private batchUsed = 0;
  private lastRecv = -1;
  private lastBytes: Buffer | null = null;
  private total = 0;
  private finalDigest: Buffer | null = null;

  constructor(private readonly opts: BundleParserOptions) {
    this.batchReports = opts.batchReports ?? 8192;
    this.newBatch();
  }

  /** Bytes taken so far. */
  get bytesRead(): number {
    return this.total;
  }

  get reportsRead(): number {
    return this.seen;
  }

  push(chunk: Uint8Array): void {
    if (this.state === "done") throw new BundleFormatError(this.total, "trailing bytes after the last report");
    this.hash.update(chunk);
    this.total += chunk.length;
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.base += this.buf.length;
      this.buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    } else {
      this.base += this.pos;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
    this.parse();
  }

  /** Ends the input: flushes the last batch, refuses a truncated bundle. Returns the digest. */
  end(): Buffer {
    if (this.state !== "done") {
      const what = this.state === "reports" ? `after ${this.seen} of ${this.announced} reports` : `in the ${this.state === "magic" ? "magic" : this.state}`;
      throw new BundleFormatError(this.total, `truncated ${what}`);
    }
    if (this.buf.length - this.pos > 0) throw new BundleFormatError(this.base + this.pos, "trailing bytes after the last report");
    this.flushBatch();
    this.finalDigest = this.hash.digest();
    return this.finalDigest;
  }

  digest(): Buffer {
    if (!this.finalDigest) throw new Error("digest() before end()");
    return this.finalDigest;
  }

  private avail(): number {
    return this.buf.length - this.pos;
  }

  private parse(): void {
    for (;;) {
      switch (this.state) {
        case "magic": {
          if (this.avail() < 12) return;
          if (!this.buf.subarray(this.pos, this.pos + 8).equals(BUNDLE_MAGIC)) throw new BundleFormatError(0, "not a hexpin epoch bundle (bad magic)");
          this.headerLen = this.buf.readUInt32LE(this.pos + 8);
          if (this.headerLen > MAX_HEADER_BYTES) throw new BundleFormatError(8, `header of ${this.headerLen} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`);
          this.pos += 12;
          this.state = "header";
          break;
        }
        case "header": {
          if (this.avail() < this.headerLen) return;
          const text = this.buf.subarray(this.pos, this.pos + this.headerLen);
          this.pos += this.headerLen;
          this.header = { ...parseHeader(text), reportCount: 0, headerBytes: this.headerLen };
          this.state = "count";
          break;
        }
        case "count": {
          if (this.avail() < 8) return;
          const count = this.buf.readBigUInt64LE(this.pos);
          if (count > BigInt(Number.MAX_SAFE_INTEGER)) throw new BundleFormatError(this.base + this.pos, `report count ${count} is out of range`);
          this.announced = Number(count);
          this.pos += 8;
          this.header!.reportCount = this.announced;
          this.opts.onHeader?.(this.header!);
          this.state = this.announced === 0 ? "done" : "reports";
          break;
        }
        case "reports": {
          if (!this.parseReports()) return;
          this.state = "done";
          break;
        }
        case "done":
          if (this.avail() > 0) throw new BundleFormatError(this.base + this.pos, "trailing bytes after the last report");
          return;
      }
    }
  }

  /** Parses as many whole frames as the buffer holds; true once the last one is in. */
  private parseReports(): boolean {
    const buf = this.buf;
    while (this.seen < this.announced) {
      if (buf.length - this.pos < 12) return false;
      const at = this.base + this.pos;
      const lo = buf.readUInt32LE(this.pos);
      const hi = buf.readUInt32LE(this.pos + 4);
      const len = buf.readUInt32LE(this.pos + 8);
      if (hi > 0x1f_ffff) throw new BundleFormatError(at, `report ${this.seen}: receive time ${buf.readBigUInt64LE(this.pos)} is out of range`);
      if (len > MAX_REPORT_BYTES) throw new BundleFormatError(at + 8, `report ${this.seen}: length ${len} exceeds the ${MAX_REPORT_BYTES}-byte limit`);
      if (buf.length - this.pos < 12 + len) return false;
      const recv = hi * 0x1_0000_0000 + lo;
      const start = this.pos + 12;
      if (recv < this.lastRecv || (recv === this.lastRecv && this.lastBytes !== null && this.compareWithLast(buf, start, len) < 0)) {
        throw new BundleFormatError(at, `report ${this.seen} is out of canonical order (receive time, then bytes)`);
      }
      if (this.batchUsed + len > this.batch.data.length || this.batch.offsets.length === this.countInBatch()) this.flushBatch();
      const i = this.countInBatch();
      buf.copy(this.batch.data, this.batchUsed, start, start + len);
      this.batch.offsets[i] = this.batchUsed;
      this.batch.lengths[i] = len;
      this.batch.receivedAtMs[i] = recv;
      this.batch.frameOffsets[i] = at;
      this.batchUsed += len;
      this.batchCount++;
      this.lastRecv = recv;
      this.lastStart = this.batchUsed - len;
      this.lastLen = len;
      this.lastBytes = null;
      this.pos = start + len;
      this.seen++;
    }
    return true;
  }

  private batchCount = 0;
  private lastStart = 0;
  private lastLen = 0;

  private countInBatch(): number {
    return this.batchCount;
  }

  /** Compares the incoming report with the previous one (in this batch, or saved from the last). */
  private compareWithLast(buf: Buffer, start: number, len: number): number {
    const prev = this.lastBytes ?? Buffer.from(this.batch.data.buffer, this.batch.data.byteOffset + this.lastStart, this.lastLen);
    return buf.compare(prev, 0, prev.length, start, start + len);
  }

  private newBatch(): void {
    const n = this.batchReports;
    this.batch = {
      data: new Uint8Array(new ArrayBuffer(BATCH_BYTES)),
      offsets: new Uint32Array(n),
      lengths: new Uint32Array(n),
      receivedAtMs: new Float64Array(n),
      frameOffsets: new Float64Array(n),
      firstIndex: this.seen,
    };
    this.batchUsed = 0;
    this.batchCount = 0;
  }

  private flushBatch(): void {
    const n = this.batchCount;
    if (n === 0) return;
    // keep the last report for the order check across the batch boundary
    const b = this.batch;
    const last = Buffer.from(b.data.subarray(this.lastStart, this.lastStart + this.lastLen));
    const data = new Uint8Array(new ArrayBuffer(this.batchUsed));
    data.set(b.data.subarray(0, this.batchUsed));
    this.opts.onBatch({
      data,
      offsets: b.offsets.slice(0, n),
      lengths: b.lengths.slice(0, n),
      receivedAtMs: b.receivedAtMs.slice(0, n),
      frameOffsets: b.frameOffsets.slice(0, n),
      firstIndex: b.firstIndex,
    });
    this.batch.firstIndex = this.seen;
    this.batchUsed = 0;
    this.batchCount = 0;
    this.lastBytes = last;
  }
}

/** Parses and checks a header: it must be exactly what `bundleHeader` writes for what it holds. */
function parseHeader(bytes: Buffer): Omit<EpochInputs, "reports"> {
  const fail = (why: string): never => {
    throw new BundleFormatError(12, `header ${why}`);
  };
  const text = bytes.toString("utf8");
  let json: HeaderJson;
  try {
    json = JSON.parse(text) as HeaderJson;
  } catch (e) {
    return fail(`is not JSON (${e instanceof Error ? e.message : e})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return fail("is not a JSON object");
  if (json.format !== BUNDLE_FORMAT) return fail(`format ${JSON.stringify(json.format)} is not ${BUNDLE_FORMAT}`);
  const ints = (v: unknown) => Number.isSafeInteger(v);
  if (!ints(json.epoch) || json.epoch < 0) fail("epoch is not a whole number");
  if (!json.window || !ints(json.window.startMs) || !ints(json.window.endMs)) fail("window is not {startMs, endMs} in whole ms");
  if (typeof json.emission !== "string" || !/^(0|[1-9][0-9]*)$/.test(json.emission)) fail("emission is not a decimal string");
  if (!Array.isArray(json.hotspots) || !Array.isArray(json.entropy) || !Array.isArray(json.previousCumulative)) fail("hotspots, entropy or previousCumulative is not a list");
  for (const e of json.entropy) if (!e || !ints(e.id) || !ints(e.publishedAtMs) || typeof e.valueHex !== "string" || !/^[0-9a-f]{64}$/.test(e.valueHex)) fail("has a malformed entropy record");
  for (const p of json.previousCumulative) if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== "string" || typeof p[1] !== "string" || !/^(0|[1-9][0-9]*)$/.test(p[1])) fail("has a malformed previousCumulative entry");
  if (!json.config || typeof json.config !== "object") fail("config is not an object");
  let inputs: Omit<EpochInputs, "reports">;
  let again: string;
  try {
    inputs = headerInputs(json);
    again = canonicalJson(bundleHeader(inputs));
  } catch (e) {
    return fail(`does not describe an epoch (${e instanceof Error ? e.message : e})`);
  }
  if (again !== text) fail("is not in canonical form (canonical JSON, collections sorted, no duplicates)");
  return inputs;
}

/** Where a bundle comes from. */
export interface BundleSource {
  /** the uncompressed bundle bytes, in chunks. */
  chunks: AsyncIterable<Uint8Array>;
  /** bytes as stored (compressed when compressed), when known in advance. */
  storedBytes: number | null;
  /** stored bytes read so far. */
  storedRead(): number;
  compression: "none" | "zstd" | "gzip";
  describe: string;
}

/** A source over bytes already in memory, cut into chunks of `chunkSize` (1 = byte by byte). */
export function memoryBundleSource(bytes: Uint8Array, chunkSize = 1 << 20): BundleSource {
  let read = 0;
  return {
    chunks: (async function* () {
      for (let i = 0; i < bytes.length; i += chunkSize) {
        read = Math.min(bytes.length, i + chunkSize);
        yield bytes.subarray(i, i + chunkSize);
      }
    })(),
    storedBytes: bytes.length,
    storedRead: () => read,
    compression: "none",
    describe: "memory",
  };
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * Opens a bundle from a path, an http(s) URL (streamed) or "-" (stdin). Compression is
 * recognised by its magic bytes (zstd, gzip), whatever the name says.
 */
export async function openBundleSource(location: string): Promise<BundleSource> {
  let raw: AsyncIterable<Uint8Array>;
  let storedBytes: number | null = null;
  if (/^https?:\/\//i.test(location)) {
    let res: Response;
    try {
      res = await fetch(location);
    } catch (e) {
      throw new Error(`cannot fetch ${location}: ${e instanceof Error ? (e.cause as Error)?.message ?? e.message : e}`);
    }
    if (!res.ok || !res.body) throw new Error(`cannot fetch ${location}: HTTP ${res.status} ${res.statusText}`);
    const len = Number(res.headers.get("content-length"));
    storedBytes = Number.isSafeInteger(len) && len > 0 ? len : null;
    raw = res.body as unknown as AsyncIterable<Uint8Array>;
  } else if (location === "-") {
    raw = process.stdin;
  } else {
    try {
      storedBytes = statSync(location).size;
    } catch (e) {
      throw new Error(`cannot read ${location}: ${e instanceof Error ? e.message : e}`);
    }
    raw = createReadStream(location, { highWaterMark: 4 << 20 });
  }
  let read = 0;
  const counted = (async function* () {
    for await (const c of raw) {
      read += c.length;
      yield c;
    }
  })();
  // peek at the first bytes to recognise compression
  const it = counted[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLen = 0;
  while (headLen < 4) {
    const n = await it.next();
    if (n.done) break;
    head.push(n.value);
    headLen += n.value.length;
  }
  const first = Buffer.concat(head);
  const replay = (async function* () {
    if (first.length > 0) yield first;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
  const base = { storedBytes, storedRead: () => read, describe: location };
  if (first.subarray(0, 4).equals(ZSTD_MAGIC)) return { ...base, compression: "zstd", chunks: zstdChunks(replay) };
  if (first.subarray(0, 2).equals(GZIP_MAGIC)) return { ...base, compression: "gzip", chunks: Readable.from(replay).pipe(createGunzip()) };
  return { ...base, compression: "none", chunks: replay };
}

async function* zstdChunks(src: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const native = loadNative();
  if (!native) throw new Error(`a zstd bundle needs the native addon (${nativeUnavailableReason()}); or decompress it first: zstd -d`);
  const d = new native.ZstdDecompressor();
  for await (const c of src) {
    const out = d.push(c);
    if (out.length > 0) yield out;
  }
  d.finish();
}

export { BUNDLE_MAGIC };
