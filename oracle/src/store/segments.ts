// Accepted reports, durably: checksummed append-only segment files, one
// directory per epoch. A report is acknowledged only after the write holding
// it has been fdatasync'ed (group commit: concurrent requests share one sync).
//
//   <root>/<epoch>/<seq>.seg     seq: 8 decimal digits, a new file per writer
//   header   8 bytes "HXSEG001" ‖ u64 LE epoch
//   record   u32 LE length L ‖ u64 LE receivedAtMs ‖ L report bytes ‖ u32 LE crc32 of the preceding 12 + L bytes
//
// Why files and not database rows: measured in oracle/bench/storage.ts, the
// embedded database costs as much CPU per inserted report as verifying its
// signature, and reading an epoch back in canonical order is ~50× slower
// than streaming these files. The database holds the epoch state machine; at
// freeze it records each sealed segment's length and sha256 (the manifest),
// so an epoch's reports are exactly the sealed bytes, checked again when read.
//
// Crash safety: only the tail of the newest segment can be torn (a single
// writer appends); recovery truncates at the first record whose length or
// checksum fails. Records before it were synced before any acknowledgement
// that covered them, so nothing acknowledged is ever cut. Receive times are
// stamped by the intake and never decrease across segments and restarts
// (`maxReceivedAtMs` seeds the next stamp), so each segment is already sorted
// by receive time and the canonical order is a streaming merge.

import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, ftruncateSync, writeSync } from "node:fs";
import { open as openFile, FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { ReportHashSet } from "./report-hash-set";

export const SEGMENT_MAGIC = Buffer.from("HXSEG001", "ascii");
export const SEGMENT_HEADER_LEN = 16;
const RECORD_PREFIX = 12;
const RECORD_SUFFIX = 4;
/** Larger lengths are corruption: no report encoding comes close. */
export const MAX_STORED_REPORT_BYTES = 4096;

export interface StoredReport {
  receivedAtMs: number;
  bytes: Uint8Array;
}

/** One sealed segment as the epoch's manifest records it. */
export interface SealedSegment {
  name: string;
  bytes: number;
  records: number;
  sha256: string;
}

export class SegmentCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SegmentCorruptError";
  }
}

export function encodeRecord(r: StoredReport): Buffer {
  const L = r.bytes.length;
  const out = Buffer.allocUnsafe(RECORD_PREFIX + L + RECORD_SUFFIX);
  out.writeUInt32LE(L, 0);
  out.writeBigUInt64LE(BigInt(r.receivedAtMs), 4);
  out.set(r.bytes, RECORD_PREFIX);
  out.writeUInt32LE(crc32(out.subarray(0, RECORD_PREFIX + L)), RECORD_PREFIX + L);
  return out;
}

function segmentHeader(epoch: number): Buffer {
  const h = Buffer.alloc(SEGMENT_HEADER_LEN);
  SEGMENT_MAGIC.copy(h, 0);
  h.writeBigUInt64LE(BigInt(epoch), 8);
  return h;
}

/**
 * Parses a whole segment buffer: the records of its valid prefix and that
 * prefix's length. Stops at the first record that is cut short or fails its
 * checksum (`error` says which); a bad header yields validBytes 0.
 */
export function parseSegment(buf: Buffer, epoch: number): { records: StoredReport[]; validBytes: number; error: string | null } {
  if (buf.length < SEGMENT_HEADER_LEN || !buf.subarray(0, 8).equals(SEGMENT_MAGIC) || buf.readBigUInt64LE(8) !== BigInt(epoch)) {
    return { records: [], validBytes: 0, error: buf.length === 0 ? "empty" : "bad segment header" };
  }
  const records: StoredReport[] = [];
  let off = SEGMENT_HEADER_LEN;
  let lastRecv = -1;
  while (off < buf.length) {
    if (off + RECORD_PREFIX > buf.length) return { records, validBytes: off, error: "record prefix cut short" };
    const L = buf.readUInt32LE(off);
    if (L === 0 || L > MAX_STORED_REPORT_BYTES) return { records, validBytes: off, error: `implausible record length ${L}` };
    const end = off + RECORD_PREFIX + L + RECORD_SUFFIX;
    if (end > buf.length) return { records, validBytes: off, error: "record cut short" };
    if (crc32(buf.subarray(off, off + RECORD_PREFIX + L)) !== buf.readUInt32LE(end - RECORD_SUFFIX)) return { records, validBytes: off, error: "record checksum mismatch" };
    const receivedAtMs = Number(buf.readBigUInt64LE(off + 4));
    if (receivedAtMs < lastRecv) return { records, validBytes: off, error: "receive times decrease" };
    lastRecv = receivedAtMs;
    records.push({ receivedAtMs, bytes: buf.subarray(off + RECORD_PREFIX, off + RECORD_PREFIX + L) });
    off = end;
  }
  return { records, validBytes: off, error: null };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const SEGMENT_NAME = /^(\d{8})\.seg$/;

export function segmentNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => SEGMENT_NAME.test(n)).sort();
}

interface OpenSegment {
  fh: FileHandle;
  name: string;
  size: number;
}

interface PendingWrite {
  epoch: number;
  chunk: Buffer;
}

export interface SegmentStoreOptions {
  /** roll to a new segment past this size (default 64 MiB). */
  maxSegmentBytes?: number;
  /** epochs already sealed: their directories are neither recovered nor written. */
  isSealed: (epoch: number) => boolean;
  /** called once per segment recovery that cut a torn tail (for logs). */
  onRecovered?: (event: { epoch: number; segment: string; keptBytes: number; cutBytes: number; error: string }) => void;
}

export class ReportSegmentStore {
  private readonly hashSets = new Map<number, ReportHashSet>();
  private readonly counts = new Map<number, number>();
  private readonly writers = new Map<number, OpenSegment>();
  private readonly sealed = new Set<number>();
  private pending: PendingWrite[] = [];
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private nextSeq = new Map<number, number>();
  private readonly maxSegmentBytes: number;
  /** highest receive time in any recovered or appended record (the intake's stamp floor). */
  maxReceivedAtMs = 0;

  private constructor(readonly root: string, private readonly opts: SegmentStoreOptions) {
    this.maxSegmentBytes = opts.maxSegmentBytes ?? 64 * 1024 * 1024;
  }

  /** Opens the store, recovering every unsealed epoch: torn tails cut, hash sets rebuilt. */
  static open(root: string, opts: SegmentStoreOptions): ReportSegmentStore {
    mkdirSync(root, { recursive: true });
    const store = new ReportSegmentStore(root, opts);
    for (const entry of readdirSync(root)) {
      if (!/^\d+$/.test(entry)) continue;
      const epoch = Number(entry);
      const dir = join(root, entry);
      const names = segmentNames(dir);
      const last = names.length ? Number(SEGMENT_NAME.exec(names[names.length - 1])![1]) : 0;
      store.nextSeq.set(epoch, last + 1);
      if (opts.isSealed(epoch)) {
        store.sealed.add(epoch);
        continue;
      }
      store.recoverEpoch(epoch, dir, names);
    }
    return store;
  }

  private recoverEpoch(epoch: number, dir: string, names: string[]): void {
    const set = this.hashSetFor(epoch);
    let count = 0;
    for (const name of names) {
      const path = join(dir, name);
      const buf = readFileSync(path);
      const { records, validBytes, error } = parseSegment(buf, epoch);
      if (error !== null) {
        const fd = openSync(path, "r+");
        try {
          // A file that lost even its header (or was killed between its creation and its
          // header's write: 0 bytes) gets a fresh one, so it parses as an empty segment and
          // the epoch can still be sealed.
          if (validBytes === 0) {
            ftruncateSync(fd, 0);
            const h = segmentHeader(epoch);
            writeSync(fd, h, 0, h.length, 0);
          } else ftruncateSync(fd, validBytes);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        this.opts.onRecovered?.({ epoch, segment: name, keptBytes: Math.max(validBytes, SEGMENT_HEADER_LEN), cutBytes: buf.length - validBytes, error });
      }
      for (const r of records) {
        set.add(reportHash(r.bytes));
        if (r.receivedAtMs > this.maxReceivedAtMs) this.maxReceivedAtMs = r.receivedAtMs;
      }
      count += records.length;
    }
    this.counts.set(epoch, count);
  }

  private hashSetFor(epoch: number): ReportHashSet {
    let s = this.hashSets.get(epoch);
    if (!s) {
      s = new ReportHashSet();
      this.hashSets.set(epoch, s);
    }
    return s;
  }

  /** Reports stored for an unsealed epoch (recovered + appended). */
  count(epoch: number): number {
    return this.counts.get(epoch) ?? 0;
  }

  isSealed(epoch: number): boolean {
    return this.sealed.has(epoch);
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** True when this report hash is stored (or queued) for the epoch. */
  has(epoch: number, hash: Uint8Array): boolean {
    return this.hashSets.get(epoch)?.has(hash) ?? false;
  }

  /**
   * Queues reports not yet stored (the caller has checked `has` in the same
   * tick) and returns once they are durable. Receive times must not decrease.
   */
  append(epoch: number, reports: readonly StoredReport[], hashes: readonly Uint8Array[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.sealed.has(epoch)) return Promise.reject(new Error(`epoch ${epoch} is sealed`));
    if (reports.length) {
      let t = this.maxReceivedAtMs;
      for (const r of reports) {
        if (!Number.isSafeInteger(r.receivedAtMs) || r.receivedAtMs < t) return Promise.reject(new RangeError("receive times must not decrease"));
        t = r.receivedAtMs;
      }
      this.maxReceivedAtMs = t;
      const set = this.hashSetFor(epoch);
      const chunks = reports.map((r, i) => {
        set.add(hashes[i]);
        return encodeRecord(r);
      });
      this.pending.push({ epoch, chunk: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
      this.counts.set(epoch, this.count(epoch) + reports.length);
    }
    return this.durable();
  }

  /** Resolves once everything queued so far is on disk (fdatasync'ed). */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      // Waiters that queued with nothing new to write (duplicates) wait for the write in flight, so they loop once more too.
      while (this.pending.length > 0 || this.waiters.length > 0) {
        const batch = this.pending;
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        const touched = new Set<OpenSegment>();
        for (const epoch of new Set(batch.map((b) => b.epoch))) {
          const chunks = batch.filter((b) => b.epoch === epoch).map((b) => b.chunk);
          const w = await this.writerFor(epoch);
          await w.fh.writev(chunks);
          w.size += chunks.reduce((n, c) => n + c.length, 0);
          touched.add(w);
        }
        for (const w of touched) await w.fh.datasync();
        for (const w of touched) if (w.size >= this.maxSegmentBytes) await this.closeWriter(w);
        for (const x of waiters) x.resolve();
      }
    } catch (e) {
      // A failed write or sync leaves the files' state unknown: stop accepting (Postgres does the same on fsync failure).
      this.failure = e instanceof Error ? e : new Error(String(e));
      for (const x of this.waiters) x.reject(this.failure);
      this.waiters = [];
      throw this.failure;
    } finally {
      this.flushing = null;
    }
  }

  private async writerFor(epoch: number): Promise<OpenSegment> {
    const open = this.writers.get(epoch);
    if (open) return open;
    const dir = join(this.root, String(epoch));
    mkdirSync(dir, { recursive: true });
    const seq = this.nextSeq.get(epoch) ?? 1;
    this.nextSeq.set(epoch, seq + 1);
    const name = `${String(seq).padStart(8, "0")}.seg`;
    const fh = await openFile(join(dir, name), "wx");
    const header = segmentHeader(epoch);
    await fh.write(header);
    await fh.datasync();
    fsyncDir(dir);
    fsyncDir(this.root);
    const w = { fh, name, size: header.length };
    this.writers.set(epoch, w);
    return w;
  }

  private async closeWriter(w: OpenSegment): Promise<void> {
    for (const [epoch, x] of this.writers) if (x === w) this.writers.delete(epoch);
    await w.fh.close();
  }

  /**
   * Seals an epoch: waits for its queued writes, closes its writer and returns
   * the manifest (name, size, records, sha256 per segment). Appending to a
   * sealed epoch throws. Sealing again returns the same manifest.
   */
  async seal(epoch: number): Promise<SealedSegment[]> {
    this.sealed.add(epoch);
    await this.durable();
    const w = this.writers.get(epoch);
    if (w) await this.closeWriter(w);
    this.hashSets.delete(epoch);
    return manifestOf(join(this.root, String(epoch)), epoch);
  }

  async close(): Promise<void> {
    await this.durable().catch(() => {});
    for (const w of [...this.writers.values()]) await this.closeWriter(w);
  }

  epochDir(epoch: number): string {
    return join(this.root, String(epoch));
  }
}

/** Names, sizes, record counts and sha256 of an epoch's segments, in name order. */
export function manifestOf(dir: string, epoch: number): SealedSegment[] {
  return segmentNames(dir).map((name) => {
    const buf = readFileSync(join(dir, name));
    const { records, validBytes, error } = parseSegment(buf, epoch);
    if (error !== null || validBytes !== buf.length) throw new SegmentCorruptError(`segment ${epoch}/${name} is damaged at byte ${validBytes}: ${error}`);
    return { name, bytes: buf.length, records: records.length, sha256: createHash("sha256").update(buf).digest("hex") };
  });
}

export function reportHash(bytes: Uint8Array): Buffer {
  return createHash("sha256").update(bytes).digest();
}

/** Streams one sealed segment's records, checking every checksum and, at the end, its manifest entry. */
class SegmentCursor {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly hash = createHash("sha256");
  private read = 0;
  private records = 0;
  head: StoredReport | null = null;

  constructor(private readonly path: string, private readonly epoch: number, private readonly expected: SealedSegment) {
    this.fd = openSync(path, "r");
    this.fill(SEGMENT_HEADER_LEN);
    if (this.end - this.start < SEGMENT_HEADER_LEN || !this.buf.subarray(0, 8).equals(SEGMENT_MAGIC) || this.buf.readBigUInt64LE(8) !== BigInt(epoch)) {
      this.fail("bad segment header");
    }
    this.start = SEGMENT_HEADER_LEN;
    this.advance();
  }

  private fail(why: string): never {
    closeSync(this.fd);
    throw new SegmentCorruptError(`segment ${this.epoch}/${this.expected.name}: ${why}`);
  }

  /** Ensures at least `n` unread bytes are buffered unless the file ends first. */
  private fill(n: number): void {
    if (this.end - this.start >= n || this.eof) return;
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    while (this.end < n && !this.eof) {
      const got = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (got === 0) this.eof = true;
      else {
        this.hash.update(this.buf.subarray(this.end, this.end + got));
        this.read += got;
        this.end += got;
      }
    }
  }

  advance(): void {
    this.fill(RECORD_PREFIX);
    if (this.end === this.start) {
      this.head = null;
      closeSync(this.fd);
      const sha = this.hash.digest("hex");
      if (this.read !== this.expected.bytes || sha !== this.expected.sha256 || this.records !== this.expected.records) {
        throw new SegmentCorruptError(`segment ${this.epoch}/${this.expected.name} does not match the sealed manifest (size ${this.read}/${this.expected.bytes}, records ${this.records}/${this.expected.records}, sha256 ${sha === this.expected.sha256 ? "ok" : "differs"})`);
      }
      return;
    }
    if (this.end - this.start < RECORD_PREFIX) this.fail("record prefix cut short");
    const L = this.buf.readUInt32LE(this.start);
    if (L === 0 || L > MAX_STORED_REPORT_BYTES) this.fail(`implausible record length ${L}`);
    const total = RECORD_PREFIX + L + RECORD_SUFFIX;
    this.fill(total);
    if (this.end - this.start < total) this.fail("record cut short");
    const rec = this.buf.subarray(this.start, this.start + total);
    if (crc32(rec.subarray(0, RECORD_PREFIX + L)) !== rec.readUInt32LE(RECORD_PREFIX + L)) this.fail("record checksum mismatch");
    const receivedAtMs = Number(rec.readBigUInt64LE(4));
    if (this.head && receivedAtMs < this.head.receivedAtMs) this.fail("receive times decrease");
    this.head = { receivedAtMs, bytes: Buffer.from(rec.subarray(RECORD_PREFIX, RECORD_PREFIX + L)) };
    this.start += total;
    this.records++;
  }
}

/**
 * An epoch's sealed reports in canonical bundle order (receive time, then
 * bytes), streamed: a k-way merge of the segments, each already sorted by
 * receive time; records sharing a millisecond are sorted bytewise. Throws
 * SegmentCorruptError if any segment differs from the manifest.
 */
export function* sealedReports(dir: string, epoch: number, manifest: readonly SealedSegment[]): Generator<StoredReport> {
  const onDisk = segmentNames(dir);
  const listed = manifest.map((m) => m.name).sort();
  if (onDisk.join(",") !== listed.join(",")) throw new SegmentCorruptError(`epoch ${epoch}: segments on disk (${onDisk.join(", ") || "none"}) differ from the sealed manifest (${listed.join(", ") || "none"})`);
  const cursors = manifest.map((m) => new SegmentCursor(join(dir, m.name), epoch, m)).filter((c) => c.head !== null);
  while (cursors.length > 0) {
    let t = Infinity;
    for (const c of cursors) if (c.head!.receivedAtMs < t) t = c.head!.receivedAtMs;
    const group: StoredReport[] = [];
    for (let i = cursors.length - 1; i >= 0; i--) {
      const c = cursors[i];
      while (c.head && c.head.receivedAtMs === t) {
        group.push(c.head);
        c.advance();
      }
      if (!c.head) cursors.splice(i, 1);
    }
    if (group.length > 1) group.sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    yield* group;
  }
}
