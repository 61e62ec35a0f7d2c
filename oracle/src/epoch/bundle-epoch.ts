// An epoch recomputed from its bundle as a stream — the path `verify-epoch`,
// `simulate-epoch` and the bench share. Reports flow: bundle source → BundleParser
// (digest on the fly) → signature pool (worker threads) → admission and the PoC stage
// in bundle order → settlement. At most `maxInflight` batches are in memory, so memory
// is the PoC stage's own plus a few MiB, whatever the bundle's size.
//
// The outcome is exactly `computeEpoch`'s on the same bundle: same admission order,
// same signature rule (signature-rule.ts), same stage and settlement.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ReportAdmitter } from "../ingest/admit";
import { SignatureVerifierPool } from "../ingest/signature-pool";
import { loadNative } from "../ingest/native";
import type { ReasonCode } from "../types";
import { BundleHeaderInfo, BundleParser, BundleReportBatch, BundleSource } from "./bundle-stream";
import type { PocState } from "../state/poc-state";
import { EpochResult, PocStage, PocStageContext, PocStageFactory, settleEpoch } from "./compute-epoch";
import { pocVerifierStage } from "./verifier-stage";
import { resolvePreviousState } from "./previous-state";

export { PreviousStateMismatchError } from "./previous-state";

export interface BundleEpochOptions {
  /** the signature pool to use; created (and closed) per call when omitted; null checks signatures in this thread. */
  pool?: SignatureVerifierPool | null;
  /**
   * close the pool once the last signature is checked, before the PoC rules run, so its
   * threads' memory is not held through them (a pool created here is always closed then).
   */
  closePoolAfterStream?: boolean;
  /** default true; false only for unsigned simulations. */
  verifySignatures?: boolean;
  pocStage?: PocStageFactory;
  coverageMap?: boolean;
  /**
   * the previous epoch's PoC state (its published file's bytes, or decoded); its
   * digest must equal the header's `previousStateDigest`, and is required when the
   * header names one (previous-state.ts).
   */
  previousState?: PocState | Uint8Array | null;
  /** reports whose signature is invalid listed in the result (default 10; all are counted). */
  listInvalid?: number;
  onProgress?: (phase: "read" | "finish" | "coverage" | "allocate" | "merkle", done: number, total: number) => void;
}

export interface InvalidSignature {
  /** index of the report in the bundle (0-based, canonical order). */
  index: number;
  /** byte offset of its frame in the uncompressed bundle. */
  byteOffset: number;
}

export interface BundleEpochResult {
  result: EpochResult;
  header: BundleHeaderInfo;
  reports: number;
  invalidSignatures: { count: number; first: InvalidSignature[] };
  bytes: number;
  storedBytes: number;
  compression: BundleSource["compression"];
  signatureBackend: string;
  seconds: { stream: number; finish: number; settle: number };
  /** each PoC stage (and settlement's steps): seconds taken and the process's memory when it ended, MiB. */
  stages: { name: string; seconds: number; rssMiB: number; heapUsedMiB: number; heapTotalMiB: number; arrayBuffersMiB: number }[];
}

const now = () => performance.now() / 1000;

let fullGc: (() => void) | null = null;

/**
 * A full garbage collection where a large structure just became garbage (the stream's
 * batches; the verifier's per-row columns) — V8 on a machine with memory to spare would
 * otherwise let the next phase's allocations pile on top of it, and the epoch's peak RSS
 * would be the sum of both — then the C allocator's free memory (worker threads' arenas
 * included) handed back. V8's gc extension is enabled on first use, not on import.
 */
function collectGarbage(): void {
  if (fullGc === null) {
    fullGc = () => undefined; // a runtime without the extension: V8's own schedule it is
    try {
      if (typeof globalThis.gc !== "function") setFlagsFromString("--expose-gc");
      const gc = (globalThis.gc ?? runInNewContext("gc")) as unknown;
      if (typeof gc === "function") fullGc = gc as () => void;
    } catch {
      // keep the no-op
    }
  }
  fullGc();
  const native = loadNative();
  if (native && typeof native.releaseFreeMemory === "function") native.releaseFreeMemory();
}

export async function computeEpochFromBundle(source: BundleSource, opts: BundleEpochOptions = {}): Promise<BundleEpochResult> {
  const verifySignatures = opts.verifySignatures ?? true;
  const ownPool = verifySignatures && opts.pool === undefined;
  const pool = verifySignatures && opts.pool !== null ? (opts.pool ?? new SignatureVerifierPool()) : null;
  const maxInflight = 2 * (pool?.threads ?? 1) + 2;
  const listInvalid = opts.listInvalid ?? 10;
  const admitter = new ReportAdmitter({ verifySignatures });
  const rejected: Partial<Record<ReasonCode, number>> = {};
  const invalid: InvalidSignature[] = [];
  let invalidCount = 0;
  let header: BundleHeaderInfo | null = null;
  let stage: PocStage | null = null;
  const queue: { batch: BundleReportBatch; checked: Promise<{ verdicts: Uint8Array; batch: BundleReportBatch }> | null }[] = [];
  const t0 = now();

  const consume = async (item: (typeof queue)[number]) => {
    let batch = item.batch;
    let verdicts: Uint8Array | null = null;
    if (item.checked) ({ verdicts, batch } = await item.checked);
    const { data, offsets, lengths, receivedAtMs } = batch;
    for (let i = 0; i < offsets.length; i++) {
      const r = admitter.admit(data.subarray(offsets[i], offsets[i] + lengths[i]), receivedAtMs[i], verdicts ? verdicts[i] === 1 : undefined);
      if (r.ok) stage!.ingest(r.received);
      else {
        rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
        if (r.reason === "bad_signature" && invalidCount++ < listInvalid) invalid.push({ index: batch.firstIndex + i, byteOffset: batch.frameOffsets[i] });
      }
    }
  };

  const parser = new BundleParser({
    onHeader: (h) => {
      header = h;
      const previousState = resolvePreviousState(h.epoch, h.headerExtensions, opts.previousState);
      const ctx: PocStageContext = { config: h.config.poc, hotspots: h.hotspots, entropy: h.entropy, window: h.window, headerExtensions: h.headerExtensions, epoch: h.epoch, previousState };
      stage = (opts.pocStage ?? pocVerifierStage)(ctx);
    },
    onBatch: (b) => {
      queue.push({ batch: b, checked: pool ? (pool.verify(b) as Promise<{ verdicts: Uint8Array; batch: BundleReportBatch }>) : null });
    },
  });

  try {
    for await (const chunk of source.chunks) {
      parser.push(chunk);
      while (queue.length > maxInflight) await consume(queue.shift()!);
      opts.onProgress?.("read", source.storedRead(), source.storedBytes ?? 0);
    }
    const digest = parser.end();
    while (queue.length > 0) await consume(queue.shift()!);
    if (ownPool || opts.closePoolAfterStream) await pool?.close();
    collectGarbage();
    const tStream = now();
    opts.onProgress?.("finish", 0, 1);
    const stages: BundleEpochResult["stages"] = [];
    let tStage = t0;
    const stageDone = (name: string) => {
      const t = now();
      const m = process.memoryUsage();
      const mib = (x: number) => Math.round(x / 2 ** 20);
      stages.push({ name, seconds: t - tStage, rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), heapTotalMiB: mib(m.heapTotal), arrayBuffersMiB: mib(m.arrayBuffers) });
      tStage = t;
    };
    stageDone("stream");
    const outcome = stage!.finish((name, phase) => {
      if (phase === "end") stageDone(name);
      else tStage = now();
    });
    stage = null; // the verifier's per-report columns are garbage from here on: settlement needs only the outcome
    collectGarbage();
    const reasonCounts: Partial<Record<ReasonCode, number>> = { ...outcome.reasonCounts };
    for (const [reason, count] of Object.entries(rejected) as [ReasonCode, number][]) reasonCounts[reason] = (reasonCounts[reason] ?? 0) + count;
    const tFinish = now();
    const h = header!;
    const { reportCount: _count, headerBytes: _bytes, ...inputs } = h;
    tStage = now();
    let settling = "";
    const result = settleEpoch(inputs, { ...outcome, reasonCounts }, digest.toString("hex"), {
      coverageMap: opts.coverageMap ?? false,
      onProgress: (s, d, t) => {
        if (s !== settling) {
          if (settling) stageDone(settling);
          settling = s;
        }
        opts.onProgress?.(s === "verify" ? "finish" : s, d, t);
      },
    });
    stageDone(settling ? `${settling} and the rest` : "settle");
    const tSettle = now();
    return {
      result,
      header: h,
      reports: parser.reportsRead,
      invalidSignatures: { count: invalidCount, first: invalid },
      bytes: parser.bytesRead,
      storedBytes: source.storedRead(),
      compression: source.compression,
      signatureBackend: pool ? `${pool.backend} × ${pool.threads} threads${pool.backend === "native" ? `, batches of ${pool.batchSize}` : ""}` : verifySignatures ? "signature-rule.ts in this thread" : "none (signatures not checked)",
      seconds: { stream: tStream - t0, finish: tFinish - tStream, settle: tSettle - tFinish },
      stages,
    };
  } finally {
    // batches still in flight after a failure: their outcome no longer matters
    for (const q of queue) q.checked?.catch(() => undefined);
    if (ownPool) await pool!.close();
  }
}
