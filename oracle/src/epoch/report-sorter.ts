// Sorting an epoch's reports into canonical order (receive time, then bytes) in bounded
// memory: reports are packed into runs of `runBytes`, each run is sorted and, once
// several exist, spilled to a temporary file; `sorted()` then merges the runs. An epoch
// of 11M reports (~2.2 GB) sorts in ~300 MB of memory.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReceivedReportBytes } from "./bundle";
import { MAX_REPORT_BYTES } from "./bundle-stream";

const FRAME = 12;

interface Run {
  path: string;
  count: number;
}

export interface ReportSorterOptions {
  /** bytes of packed reports per in-memory run (default 256 MiB). */
  runBytes?: number;
  /** where runs are spilled (default the OS temp dir); removed by `sorted()` or `discard()`. */
  tmpDir?: string;
}

export class ReportSorter {
  private readonly runBytes: number;
  private readonly tmpParent: string;
  private dir: string | null = null;
  private readonly runs: Run[] = [];
  private buf: Buffer;
  private used = 0;
  private starts: number[] = [];
  private recvs: number[] = [];
  private total = 0;
  private done = false;

  constructor(opts: ReportSorterOptions = {}) {
    this.runBytes = Math.max(opts.runBytes ?? 256 << 20, MAX_REPORT_BYTES + FRAME);
    this.tmpParent = opts.tmpDir ?? tmpdir();
    this.buf = Buffer.allocUnsafe(this.runBytes);
  }

  get count(): number {
    return this.total;
  }

  add(bytes: Uint8Array, receivedAtMs: number): void {
    if (this.done) throw new Error("sorter already drained");
    if (!Number.isSafeInteger(receivedAtMs) || receivedAtMs < 0) throw new RangeError(`receive time ${receivedAtMs} is not a whole number of ms`);
    if (bytes.length > MAX_REPORT_BYTES) throw new RangeError(`report of ${bytes.length} bytes exceeds ${MAX_REPORT_BYTES}`);
    if (this.used + FRAME + bytes.length > this.buf.length) this.spill();
    const at = this.used;
    this.buf.writeUInt32LE(receivedAtMs % 0x1_0000_0000, at);
    this.buf.writeUInt32LE(Math.floor(receivedAtMs / 0x1_0000_0000), at + 4);
    this.buf.writeUInt32LE(bytes.length, at + 8);
    this.buf.set(bytes, at + FRAME);
    this.used += FRAME + bytes.length;
    this.starts.push(at);
    this.recvs.push(receivedAtMs);
    this.total++;
  }

  /** Frame starts of the current run, in canonical order. */
  private order(): Uint32Array {
    const buf = this.buf;
    const recvs = this.recvs;
    const starts = this.starts;
    const idx = new Uint32Array(starts.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    idx.sort((a, b) => {
      const d = recvs[a] - recvs[b];
      if (d !== 0) return d;
      const sa = starts[a];
      const sb = starts[b];
      return buf.compare(buf, sb + FRAME, sb + FRAME + buf.readUInt32LE(sb + 8), sa + FRAME, sa + FRAME + buf.readUInt32LE(sa + 8));
    });
    for (let i = 0; i < idx.length; i++) idx[i] = starts[idx[i]];
    return idx;
  }

  private spill(): void {
    if (this.starts.length === 0) return;
    this.dir ??= mkdtempSync(join(this.tmpParent, "hexpin-sort-"));
    const path = join(this.dir, `run-${this.runs.length}`);
    const fd = openSync(path, "w");
    try {
      const out = Buffer.allocUnsafe(4 << 20);
      let o = 0;
      for (const s of this.order()) {
        const n = FRAME + this.buf.readUInt32LE(s + 8);
        if (o + n > out.length) {
          writeSync(fd, out, 0, o);
          o = 0;
        }
        this.buf.copy(out, o, s, s + n);
        o += n;
      }
      writeSync(fd, out, 0, o);
    } finally {
      closeSync(fd);
    }
    this.runs.push({ path, count: this.starts.length });
    this.used = 0;
    this.starts = [];
    this.recvs = [];
  }

  /** Every report added, in canonical order; call once. Temporary files are removed at the end. */
  *sorted(): Generator<ReceivedReportBytes> {
    if (this.done) throw new Error("sorter already drained");
    this.done = true;
    try {
      if (this.runs.length === 0) {
        for (const s of this.order()) {
          const len = this.buf.readUInt32LE(s + 8);
          yield { receivedAtMs: this.buf.readUInt32LE(s + 4) * 0x1_0000_0000 + this.buf.readUInt32LE(s), bytes: this.buf.subarray(s + FRAME, s + FRAME + len) };
        }
        return;
      }
      this.spill();
      this.buf = Buffer.alloc(0);
      yield* mergeRuns(this.runs.map((r) => new RunReader(r.path)));
    } finally {
      this.discard();
    }
  }

  /** Drops everything, including spilled runs. */
  discard(): void {
    this.done = true;
    this.buf = Buffer.alloc(0);
    this.starts = [];
    this.recvs = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** Sequential reader of one spilled run. */
class RunReader {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private start = 0;
  private end = 0;
  private eof = false;
  current: ReceivedReportBytes | null = null;

  constructor(path: string) {
    this.fd = openSync(path, "r");
    this.advance();
  }

  private fill(need: number): boolean {
    if (this.end - this.start >= need) return true;
    if (this.eof) return false;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(need * 2);
      this.buf.copy(bigger, 0, this.start, this.end);
      this.buf = bigger;
    } else this.buf.copy(this.buf, 0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    while (this.end - this.start < need && !this.eof) {
      const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (n === 0) this.eof = true;
      this.end += n;
    }
    return this.end - this.start >= need;
  }

  /** Moves to the next report (a copy: the read buffer is reused). */
  advance(): void {
    if (!this.fill(FRAME)) {
      this.current = null;
      closeSync(this.fd);
      return;
    }
    const len = this.buf.readUInt32LE(this.start + 8);
    if (!this.fill(FRAME + len)) throw new Error("sort run truncated");
    const s = this.start;
    this.current = { receivedAtMs: this.buf.readUInt32LE(s + 4) * 0x1_0000_0000 + this.buf.readUInt32LE(s), bytes: Buffer.from(this.buf.subarray(s + FRAME, s + FRAME + len)) };
    this.start += FRAME + len;
  }
}

function less(a: ReceivedReportBytes, b: ReceivedReportBytes): boolean {
  return a.receivedAtMs < b.receivedAtMs || (a.receivedAtMs === b.receivedAtMs && Buffer.compare(a.bytes, b.bytes) < 0);
}

/** k-way merge with a binary heap of run heads. */
function* mergeRuns(readers: RunReader[]): Generator<ReceivedReportBytes> {
  const heap = readers.filter((r) => r.current !== null);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l].current!, heap[m].current!)) m = l;
      if (r < heap.length && less(heap[r].current!, heap[m].current!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  while (heap.length > 0) {
    const top = heap[0];
    yield top.current!;
    top.advance();
    if (top.current === null) {
      heap[0] = heap[heap.length - 1];
      heap.pop();
    }
    if (heap.length > 0) down(0);
  }
}
