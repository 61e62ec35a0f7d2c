// The heavy half of an epoch, with file I/O only (no database, no network):
// stream the sealed segments into the canonical bundle, then run the pure
// epoch function on that bundle, streamed, exactly as `verify-epoch` and
// followers do (computeEpochFromBundle: every signature checked, a few
// batches of reports in memory). Runs in a worker thread (compute-runner.ts)
// so intake keeps answering while an epoch computes. The PoC state the previous
// epoch produced is an input (its digest in the bundle header, its file read
// from the artifact store), and the state this epoch produces is written beside
// the bundle for the next one.

import { closeSync, fsyncSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { parseRewardId, type EntropyRecord } from "@hexpin/sdk";
import { buildMapSnapshot } from "../api/map-data";
import { bundleHeader, EpochConfig, EpochInputs } from "../epoch/bundle";
import { computeEpochFromBundle, BundleEpochResult } from "../epoch/bundle-epoch";
import { BundleFileWriter } from "../epoch/bundle-file";
import { openBundleSource } from "../epoch/bundle-stream";
import type { EpochResult } from "../epoch/compute-epoch";
import { withPreviousStateDigest } from "../epoch/previous-state";
import { encodePocState } from "../state/encoding";
import { epochSummary } from "../cli/epoch-report";
import { SignatureVerifierPool } from "../ingest/signature-pool";
import { SealedSegment, sealedReports } from "../store/segments";
import type { HotspotInfo } from "../types";

/** Everything but the reports, JSON-safe (bigints as decimal strings). */
export interface EpochHeaderInputs {
  epoch: number;
  window: { startMs: number; endMs: number };
  emission: string;
  config: EpochConfig;
  hotspots: HotspotInfo[];
  entropy: { id: number; valueHex: string; publishedAtMs: number }[];
  previousCumulative: [string, string][];
  /** sha256 of the previous epoch's PoC state file (the header's previousStateDigest); null or absent at genesis. */
  previousStateDigest?: string | null;
}

export interface BuildEpochJob extends RecomputeOptions {
  header: EpochHeaderInputs;
  segmentsDir: string;
  manifest: SealedSegment[];
  bundleTmpPath: string;
  coverageTmpPath: string;
  mapTmpPath?: string;
  /** the previous epoch's PoC state file, required when the header names one. */
  previousStatePath?: string | null;
  /** where the PoC state this epoch produces is written (synced), when it produces one. */
  stateTmpPath?: string;
}

export interface EpochComputation {
  inputDigest: string;
  merkleRoot: string | null;
  /** sha256 of the PoC state this epoch produced (the next epoch's previousStateDigest), or null. */
  nextStateDigest: string | null;
  reportCount: number;
  bundleBytes: number;
  /** reward id → cumulative, key order, decimal strings. */
  cumulative: [string, string][];
  /** reward id → this epoch's amount (non-zero only). */
  perEpoch: [string, string][];
  totalCumulative: string;
  paid: string;
  unallocated: string;
  summary: ReturnType<typeof epochSummary>;
}

export function entropyToJson(e: readonly EntropyRecord[]): EpochHeaderInputs["entropy"] {
  return e.map((r) => ({ id: r.id, valueHex: Buffer.from(r.value).toString("hex"), publishedAtMs: r.publishedAtMs }));
}

function headerToInputs(h: EpochHeaderInputs): Omit<EpochInputs, "reports"> {
  return {
    epoch: h.epoch,
    window: h.window,
    emission: BigInt(h.emission),
    config: h.config,
    hotspots: h.hotspots,
    entropy: h.entropy.map((e) => ({ id: e.id, value: Buffer.from(e.valueHex, "hex"), publishedAtMs: e.publishedAtMs })),
    previousCumulative: new Map(h.previousCumulative.map(([k, v]) => [k, BigInt(v)])),
    headerExtensions: withPreviousStateDigest(undefined, h.previousStateDigest ?? null),
  };
}

/**
 * Writes the canonical bundle of an epoch to `path` (fsynced) from its header
 * inputs and sealed segments, streamed in 4 MiB blocks; returns its sha256 and
 * size. The only place the service writes a bundle.
 */
export function writeBundleFile(path: string, header: EpochHeaderInputs, segmentsDir: string, manifest: readonly SealedSegment[]): { digest: string; bytes: number; reports: number } {
  const count = manifest.reduce((n, m) => n + m.records, 0);
  const writer = new BundleFileWriter(path, bundleHeader(headerToInputs(header)), count, { compression: "none" });
  try {
    for (const r of sealedReports(segmentsDir, header.epoch, manifest)) writer.append(r);
  } catch (e) {
    writer.abort();
    throw e;
  }
  const written = writer.finish();
  fsyncFile(path);
  return { digest: written.digest.toString("hex"), bytes: written.bytes, reports: written.reports };
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeSynced(path: string, text: string): void {
  const fd = openSync(path, "w");
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface RecomputeOptions {
  /** signature-checking threads; 0 checks in the calling thread (default: every core). */
  signatureThreads?: number;
  /** the previous epoch's PoC state (file bytes or its path), required when the bundle names one. */
  previousState?: Uint8Array | null;
  previousStatePath?: string | null;
}

/** Writes the PoC state an epoch produced to `path`, synced; false when it produced none. */
export function writeStateFile(path: string, result: EpochResult): boolean {
  if (!result.nextState) return false;
  const fd = openSync(path, "w");
  try {
    writeFileSync(fd, encodePocState(result.nextState));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Recomputes an epoch from its bundle file as a stream (the follower's and
 * verifier's path, and the leader's own after writing): never more than a few
 * batches of reports in memory, every signature checked.
 */
export async function computeFromBundle(path: string, o: RecomputeOptions = {}): Promise<BundleEpochResult> {
  const pool = o.signatureThreads === 0 ? null : new SignatureVerifierPool({ threads: o.signatureThreads });
  try {
    const previousState = o.previousState ?? (o.previousStatePath ? readFileSync(o.previousStatePath) : null);
    return await computeEpochFromBundle(await openBundleSource(path), { pool, closePoolAfterStream: true, coverageMap: true, previousState });
  } finally {
    await pool?.close();
  }
}

/**
 * This epoch's amounts keyed like `cumulative` (reward id = key:serial): the epoch
 * function keys them by hotspot key, and they accrue to the hotspot's current life,
 * the highest serial among its reward ids.
 */
function perEpochByRewardId(result: EpochResult): [string, string][] {
  const life = new Map<string, { id: string; serial: bigint }>();
  for (const id of result.cumulative.keys()) {
    const { key, serial } = parseRewardId(id);
    const seen = life.get(key);
    if (!seen || serial > seen.serial) life.set(key, { id, serial });
  }
  const out: [string, string][] = [];
  for (const [key, v] of result.perEpochRewards) {
    const l = life.get(key);
    if (!l) throw new RangeError(`rewarded hotspot ${key} has no cumulative amount`);
    if (v.total > 0n) out.push([l.id, v.total.toString()]);
  }
  return out;
}

export function summarizeComputation(result: EpochResult, bundleBytes: number, reportCount: number): EpochComputation {
  let total = 0n;
  for (const v of result.cumulative.values()) total += v;
  return {
    inputDigest: result.inputDigest!,
    merkleRoot: result.merkleRoot,
    nextStateDigest: result.nextStateDigest,
    reportCount,
    bundleBytes,
    cumulative: [...result.cumulative].map(([k, v]) => [k, v.toString()]),
    perEpoch: perEpochByRewardId(result),
    totalCumulative: total.toString(),
    paid: result.paid.toString(),
    unallocated: result.unallocated.toString(),
    summary: epochSummary(result),
  };
}

/** A bundle on disk to recompute, and where its derived artifacts go. */
export interface RecomputeJob extends RecomputeOptions {
  bundlePath: string;
  coverageTmpPath: string;
  /** the coverage map page's snapshot of the epoch (map-data.ts), when wanted. */
  mapTmpPath?: string;
  /** where the PoC state this epoch produces is written (synced), when it produces one. */
  stateTmpPath?: string;
}

/** Recomputes a bundle and writes its coverage map (and map snapshot), synced. */
export async function computeBundleFile(job: RecomputeJob): Promise<EpochComputation> {
  const out = await computeFromBundle(job.bundlePath, job);
  writeSynced(job.coverageTmpPath, JSON.stringify(out.result.coverageMap ?? { type: "FeatureCollection", features: [] }));
  if (job.mapTmpPath) writeSynced(job.mapTmpPath, JSON.stringify(buildMapSnapshot(out.header, out.result)));
  if (job.stateTmpPath) writeStateFile(job.stateTmpPath, out.result);
  return summarizeComputation(out.result, out.bytes, out.reports);
}

/** Builds the bundle and computes the epoch from it; leaves every file at its tmp path, synced. */
export async function buildAndComputeEpoch(job: BuildEpochJob): Promise<EpochComputation> {
  const written = writeBundleFile(job.bundleTmpPath, job.header, job.segmentsDir, job.manifest);
  const c = await computeBundleFile({
    bundlePath: job.bundleTmpPath,
    coverageTmpPath: job.coverageTmpPath,
    mapTmpPath: job.mapTmpPath,
    stateTmpPath: job.stateTmpPath,
    previousStatePath: job.previousStatePath,
    signatureThreads: job.signatureThreads,
  });
  if (c.inputDigest !== written.digest) throw new Error(`bundle digest ${written.digest} but the epoch function read ${c.inputDigest}`);
  return c;
}
