// Writing a canonical bundle to disk as a stream: the same `BundleWriter` that defines
// the bytes, a sha256 taken on the fly (the epoch's input digest), 4 MiB blocks written
// as they fill, optionally compressed for distribution. Compression never touches the
// digest: it is always the sha256 of the uncompressed canonical bundle, so a bundle can
// be re-compressed, or served both ways, and keep its identity.
//
// The file appears only when complete: bytes go to `<path>.partial`, renamed on
// `finish()`; `abort()` (or a failure) removes it.

import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash, Hash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { loadNative, nativeUnavailableReason, NativeZstdCompressor } from "../ingest/native";
import { BundleWriter, ReceivedReportBytes } from "./bundle";
import type { CanonicalValue } from "./canonical-json";
import { MAX_REPORT_BYTES } from "./bundle-stream";

export type BundleCompression = "none" | "zstd" | "gzip";

/** Compression a path asks for by its extension: `.zst` zstd, `.gz` gzip, else none. */
export function compressionForPath(path: string): BundleCompression {
  return path.endsWith(".zst") ? "zstd" : path.endsWith(".gz") ? "gzip" : "none";
}

export interface BundleFileOptions {
  /** default: by extension (`compressionForPath`). */
  compression?: BundleCompression;
  /** zstd level (default 3) or gzip level (default 6). */
  level?: number;
}

export interface WrittenBundle {
  path: string;
  /** sha256 of the uncompressed canonical bundle: the epoch's input digest. */
  digest: Buffer;
  reports: number;
  /** uncompressed bundle size. */
  bytes: number;
  /** size on disk. */
  storedBytes: number;
  compression: BundleCompression;
}

const BLOCK = 4 << 20;

export class BundleFileWriter {
  private readonly fd: number;
  private readonly partial: string;
  private readonly hash: Hash = createHash("sha256");
  private readonly writer: BundleWriter;
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private bytes = 0;
  private stored = 0;
  private readonly zstd: NativeZstdCompressor | null = null;
  private closed = false;
  readonly compression: BundleCompression;

  constructor(
    readonly path: string,
    header: CanonicalValue,
    readonly reportCount: number,
    private readonly opts: BundleFileOptions = {},
  ) {
    this.compression = opts.compression ?? compressionForPath(path);
    if (this.compression === "zstd") {
      const native = loadNative();
      if (!native) throw new Error(`zstd compression needs the native addon (${nativeUnavailableReason()}); use .gz or no compression`);
      this.zstd = new native.ZstdCompressor(opts.level ?? 3);
    }
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, "w");
    try {
      this.writer = new BundleWriter((c) => this.take(c), header, reportCount);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /** Appends the next report; reports must come in canonical order. */
  append(r: ReceivedReportBytes): void {
    if (r.bytes.length > MAX_REPORT_BYTES) throw new RangeError(`report of ${r.bytes.length} bytes exceeds ${MAX_REPORT_BYTES}`);
    try {
      this.writer.append(r);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  private take(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(chunk.length - off, BLOCK - this.used);
      this.block.set(chunk.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
      if (this.used === BLOCK) this.flush();
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    const data = this.block.subarray(0, this.used);
    // gzip: one member per block (RFC 1952 allows concatenated members; gunzip reads all)
    const out = this.compression === "zstd" ? this.zstd!.push(data) : this.compression === "gzip" ? gzipSync(data, { level: this.opts.level ?? 6 }) : data;
    this.write(out);
    this.used = 0;
  }

  private write(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.stored += b.length;
  }

  /** Completes the file (all announced reports must have been appended). */
  finish(): WrittenBundle {
    try {
      this.writer.finish();
      this.flush();
      if (this.zstd) this.write(this.zstd.finish());
      closeSync(this.fd);
      this.closed = true;
      renameSync(this.partial, this.path);
    } catch (e) {
      this.abort();
      throw e;
    }
    return { path: this.path, digest: this.hash.digest(), reports: this.reportCount, bytes: this.bytes, storedBytes: this.stored, compression: this.compression };
  }

  /** Stops and removes the partial file. */
  abort(): void {
    if (!this.closed) {
      this.closed = true;
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    rmSync(this.partial, { force: true });
  }
}

/** Writes a whole bundle from reports already in canonical order. */
export function writeBundleFile(path: string, header: CanonicalValue, reportCount: number, sortedReports: Iterable<ReceivedReportBytes>, opts: BundleFileOptions = {}): WrittenBundle {
  const w = new BundleFileWriter(path, header, reportCount, opts);
  try {
    for (const r of sortedReports) w.append(r);
  } catch (e) {
    w.abort();
    throw e;
  }
  return w.finish();
}
