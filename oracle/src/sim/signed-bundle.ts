// A simulated epoch written as a signed canonical bundle on disk, in bounded memory:
// the simulator's reports are signed on worker threads (native addon; or by the
// simulator itself with node:crypto when the addon is missing — same bytes), sorted
// externally (ReportSorter) and streamed into the bundle file (BundleFileWriter).
// Used by `hexpin-oracle simulate-epoch` and the bench.

import type { KeyObject } from "node:crypto";
import { bundleHeader } from "../epoch/bundle";
import { BundleCompression, WrittenBundle, writeBundleFile } from "../epoch/bundle-file";
import { ReportSorter } from "../epoch/report-sorter";
import { epochConfig } from "../epoch/verifier-stage";
import { loadNative } from "../ingest/native";
import { SignatureVerifierPool } from "../ingest/signature-pool";
import { withPreviousStateDigest } from "../epoch/previous-state";
import { pocStateDigest } from "../state/encoding";
import type { PocState } from "../state/poc-state";
import { simulateWorld, SimParams, SimulatedEpoch } from "./epoch";
import { modelOf } from "./run-epochs";

export interface SignedBundleOptions {
  out: string;
  epoch: number;
  emission: bigint;
  compression?: BundleCompression;
  /** signing threads (default: all cores). */
  threads?: number;
  /** where the sorter spills (default the OS temp dir). */
  tmpDir?: string;
  /** called as beacons are generated (done, expected). */
  onProgress?: (phase: "simulate" | "write", done: number, total: number) => void;
  /**
   * the PoC state the previous epoch of the same simulated world produced: the
   * bundle names its digest (epoch must be its epoch + 1) and model-writing
   * attackers read its calibration. Absent: a genesis epoch.
   */
  previousState?: PocState | null;
}

export interface SignedBundle {
  sim: SimulatedEpoch;
  written: WrittenBundle;
  signedBy: "native workers" | "simulator (node:crypto)";
  seconds: { fleet: number; simulateAndSign: number; write: number };
}

const PKCS8_SEED_OFFSET = 16;
const BATCH_REPORTS = 8192;
const BATCH_BYTES = BATCH_REPORTS * 256;

function seedOf(key: KeyObject): Buffer {
  return key.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_SEED_OFFSET);
}

const now = () => performance.now() / 1000;

/** A simulated epoch's signed reports, sorted (receive time, bytes) in the sorter; the caller discards it. */
export interface SignedSimulatedReports {
  sim: SimulatedEpoch;
  sorter: ReportSorter;
  signedBy: SignedBundle["signedBy"];
  seconds: { fleet: number; simulateAndSign: number };
}

/**
 * Simulates an epoch and signs every report (native worker threads, or the
 * simulator with node:crypto when the addon is missing — same bytes), sorted
 * externally: `sorter.sorted()` streams them in canonical order. Used by the
 * bundle writer below and by the service's epoch bench (which stores them in
 * the service's segment files instead).
 */
export async function signSimulatedReports(
  params: Omit<SimParams, "sign" | "deferSignatures">,
  opts: Pick<SignedBundleOptions, "epoch" | "previousState" | "threads" | "tmpDir"> & { onProgress?: (phase: "simulate", done: number, total: number) => void },
): Promise<SignedSimulatedReports> {
  const t0 = now();
  const defer = loadNative() !== null;
  const previous = opts.previousState ?? null;
  if (previous && previous.epoch !== opts.epoch - 1) throw new RangeError(`the previous PoC state is from epoch ${previous.epoch}; epoch ${opts.epoch} needs epoch ${opts.epoch - 1}'s`);
  // epoch n is day n − 1 of the simulated world, so a chain of epochs walks one world.
  const sim = simulateWorld({ ...params, sign: true, deferSignatures: defer }).epoch(Math.max(0, opts.epoch - 1), modelOf(previous));
  const tFleet = now();
  const pool = defer ? new SignatureVerifierPool({ backend: "native", threads: opts.threads, signingSeeds: Buffer.concat(sim.fleet.hotspots.map((h) => seedOf(h.privateKey!))) }) : null;
  const sorter = new ReportSorter({ tmpDir: opts.tmpDir });
  let inflightAll: Promise<void>[] = [];
  try {
    const expected = sim.registry.length * Math.max(1, params.beaconsPerHotspot ?? 4);
    let beacons = 0;
    const inflight: Promise<void>[] = [];
    inflightAll = inflight;
    let batch = { data: new Uint8Array(new ArrayBuffer(BATCH_BYTES)), offsets: new Uint32Array(BATCH_REPORTS), lengths: new Uint32Array(BATCH_REPORTS) };
    let recv = new Float64Array(BATCH_REPORTS);
    let n = 0;
    let used = 0;
    const dispatch = () => {
      if (n === 0) return;
      const count = n;
      const times = recv;
      const sent = { data: batch.data, offsets: batch.offsets.slice(0, count), lengths: batch.lengths.slice(0, count) };
      inflight.push(
        pool!.sign(sent).then((b) => {
          for (let i = 0; i < count; i++) sorter.add(b.data.subarray(b.offsets[i], b.offsets[i] + b.lengths[i]), times[i]);
        }),
      );
      batch = { data: new Uint8Array(new ArrayBuffer(BATCH_BYTES)), offsets: new Uint32Array(BATCH_REPORTS), lengths: new Uint32Array(BATCH_REPORTS) };
      recv = new Float64Array(BATCH_REPORTS);
      n = 0;
      used = 0;
    };
    for (const r of sim.reports()) {
      if (r.label.kind === "beacon" && ++beacons % 1000 === 0) opts.onProgress?.("simulate", Math.min(beacons, expected), expected);
      if (!pool) {
        sorter.add(r.bytes, r.receivedAtMs);
        continue;
      }
      if (n === BATCH_REPORTS || used + r.bytes.length > BATCH_BYTES) {
        dispatch();
        while (inflight.length > 2 * pool.threads) await inflight.shift();
      }
      batch.data.set(r.bytes, used);
      batch.offsets[n] = used;
      batch.lengths[n] = r.bytes.length;
      recv[n] = r.receivedAtMs;
      used += r.bytes.length;
      n++;
    }
    if (pool) {
      dispatch();
      await Promise.all(inflight);
    }
    opts.onProgress?.("simulate", expected, expected);
    return { sim, sorter, signedBy: pool ? "native workers" : "simulator (node:crypto)", seconds: { fleet: tFleet - t0, simulateAndSign: now() - tFleet } };
  } catch (e) {
    for (const p of inflightAll) p.catch(() => undefined);
    sorter.discard();
    throw e;
  } finally {
    await pool?.close();
  }
}

export async function writeSignedSimulatedBundle(params: Omit<SimParams, "sign" | "deferSignatures">, opts: SignedBundleOptions): Promise<SignedBundle> {
  const signed = await signSimulatedReports(params, { epoch: opts.epoch, previousState: opts.previousState, threads: opts.threads, tmpDir: opts.tmpDir, onProgress: opts.onProgress });
  const previous = opts.previousState ?? null;
  const { sim, sorter } = signed;
  try {
    const tSim = now();
    const header = bundleHeader({
      epoch: opts.epoch,
      window: sim.window,
      emission: opts.emission,
      config: epochConfig({ rules: sim.config }),
      hotspots: sim.registry,
      entropy: sim.entropy,
      previousCumulative: new Map(),
      headerExtensions: withPreviousStateDigest(undefined, previous ? pocStateDigest(previous) : null),
    });
    const total = sorter.count;
    let written = 0;
    const progress = function* <T>(it: Iterable<T>) {
      for (const x of it) {
        yield x;
        if (++written % 100_000 === 0) opts.onProgress?.("write", written, total);
      }
    };
    const w = writeBundleFile(opts.out, header, total, progress(sorter.sorted()), { compression: opts.compression });
    opts.onProgress?.("write", total, total);
    return { sim, written: w, signedBy: signed.signedBy, seconds: { ...signed.seconds, write: now() - tSim } };
  } finally {
    sorter.discard();
  }
}
