// Report signature checks spread over worker threads. Each worker holds one verifier
// (the native addon's, with its decompressed-key cache, or the JavaScript rule) and
// takes batches of reports laid out in one buffer; the buffer is transferred, not
// copied, both ways. Verdicts follow signature-rule.ts exactly on every backend.
//
// Backends: "native" — ZIP-215 batch verification (oracle/native), `batchSize` reports
// per multiscalar multiplication; "node" — node:crypto plus the ZIP-215 fallback.

import { availableParallelism } from "node:os";
import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { loadNative } from "./native";

export type SignatureBackend = "native" | "node";

/** Reports in one buffer: report i is `data[offsets[i], offsets[i] + lengths[i])`. */
export interface ReportBatch {
  /** must own its whole ArrayBuffer (it is transferred to a worker and back). */
  data: Uint8Array;
  offsets: Uint32Array;
  lengths: Uint32Array;
}

export interface SignaturePoolOptions {
  /** worker threads (default: the machine's available parallelism). */
  threads?: number;
  /** default "native" when the addon loads, else "node". */
  backend?: SignatureBackend;
  /** reports per batch equation on the native backend (default 1024; ≤ 1: one by one). */
  batchSize?: number;
  /** 32-byte seeds (concatenated) of keys the workers may sign with (`sign`, native only). */
  signingSeeds?: Uint8Array;
}

export const DEFAULT_BATCH_SIZE = 1024;

interface Pending {
  resolve(v: { result: Uint8Array; batch: ReportBatch }): void;
  reject(e: Error): void;
}

interface PoolWorker {
  worker: Worker;
  busy: number;
  pending: Map<number, Pending>;
}

export class SignatureVerifierPool {
  readonly backend: SignatureBackend;
  readonly threads: number;
  readonly batchSize: number;
  private readonly workers: PoolWorker[] = [];
  private nextId = 0;
  private closed = false;

  constructor(opts: SignaturePoolOptions = {}) {
    const native = loadNative();
    this.backend = opts.backend ?? (native ? "native" : "node");
    if (this.backend === "native" && !native) throw new Error("native signature backend requested but the addon is unavailable");
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    this.batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
    const file = join(__dirname, `signature-worker${extname(__filename)}`);
    for (let i = 0; i < this.threads; i++) {
      const workerData = { backend: this.backend, batchSize: this.batchSize, signingSeeds: opts.signingSeeds ?? null };
      const worker =
        extname(__filename) === ".ts"
          ? new Worker(`require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(join(__dirname, "../../../tsconfig.json"))} }); require(${JSON.stringify(file)});`, { eval: true, workerData })
          : new Worker(file, { workerData });
      const pw: PoolWorker = { worker, busy: 0, pending: new Map() };
      worker.on("message", (m: { id: number; result?: Uint8Array; batch?: ReportBatch; error?: string }) => {
        const p = pw.pending.get(m.id);
        if (!p) return;
        pw.pending.delete(m.id);
        pw.busy--;
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve({ result: m.result!, batch: m.batch! });
      });
      const fail = (e: Error) => {
        for (const p of pw.pending.values()) p.reject(e);
        pw.pending.clear();
        pw.busy = 0;
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`signature worker exited (code ${code})`)));
      this.workers.push(pw);
    }
  }

  /** Verdicts, one byte per report (1 valid); the batch comes back usable. */
  async verify(batch: ReportBatch): Promise<{ verdicts: Uint8Array; batch: ReportBatch }> {
    const { result, batch: back } = await this.run("verify", batch);
    return { verdicts: result, batch: back };
  }

  /** Signs every report in place with the key it names (native backend, `signingSeeds`). */
  async sign(batch: ReportBatch): Promise<ReportBatch> {
    return (await this.run("sign", batch)).batch;
  }

  private run(op: "verify" | "sign", batch: ReportBatch): Promise<{ result: Uint8Array; batch: ReportBatch }> {
    if (this.closed) return Promise.reject(new Error("signature pool is closed"));
    if (batch.data.byteOffset !== 0 || batch.data.byteLength !== batch.data.buffer.byteLength) {
      return Promise.reject(new RangeError("a batch's data must own its whole ArrayBuffer"));
    }
    const pw = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    pw.busy++;
    return new Promise((resolve, reject) => {
      pw.pending.set(id, { resolve, reject });
      pw.worker.postMessage({ op, id, batch }, [batch.data.buffer as ArrayBuffer, batch.offsets.buffer as ArrayBuffer, batch.lengths.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
