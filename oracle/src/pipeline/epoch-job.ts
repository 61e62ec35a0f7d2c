// The heavy half of an epoch, with file I/O only (no database, no network):
// stream the sealed segments into the canonical bundle, then run the pure
// epoch function on that bundle exactly as `verify-epoch` and followers do.
// Runs in a worker thread (compute-runner.ts) so intake keeps answering while
// an epoch computes. The PoC state the previous epoch produced is an input
// (its digest in the bundle header, its file read from the artifact store), and
// the state this epoch produces is written beside the bundle for the next one.

import { closeSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { createHash } from "node:crypto";
import type { EntropyRecord } from "@hexpin/sdk";
import { bundleHeader, BundleWriter, decodeBundle, EpochConfig, EpochInputs } from "../epoch/bundle";
import { computeEpoch, EpochResult } from "../epoch/compute-epoch";
import { withPreviousStateDigest } from "../epoch/previous-state";
import { encodePocState } from "../state/encoding";
import { epochSummary } from "../cli/epoch-report";
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

export interface BuildEpochJob {
  header: EpochHeaderInputs;
  segmentsDir: string;
  manifest: SealedSegment[];
  bundleTmpPath: string;
  coverageTmpPath: string;
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
 * inputs and sealed segments; returns its sha256 and size. The only place the
 * service touches the bundle writer.
 */
export function writeBundleFile(path: string, header: EpochHeaderInputs, segmentsDir: string, manifest: readonly SealedSegment[]): { digest: string; bytes: number; reports: number } {
  const count = manifest.reduce((n, m) => n + m.records, 0);
  const fd = openSync(path, "w");
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const writer = new BundleWriter(
      (chunk) => {
        hash.update(chunk);
        writeSync(fd, chunk);
        bytes += chunk.length;
      },
      bundleHeader(headerToInputs(header)),
      count,
    );
    for (const r of sealedReports(segmentsDir, header.epoch, manifest)) writer.append(r);
    writer.finish();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { digest: hash.digest("hex"), bytes, reports: count };
}

/** Recomputes an epoch from its bundle bytes and the previous epoch's state file (the follower's and verifier's path). */
export function computeFromBundle(bundle: Buffer, previousState: Uint8Array | null = null): EpochResult {
  return computeEpoch(decodeBundle(bundle), { coverageMap: true, previousState });
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
    perEpoch: [...result.perEpochRewards].map(([k, v]) => [k, v.total.toString()]),
    totalCumulative: total.toString(),
    paid: result.paid.toString(),
    unallocated: result.unallocated.toString(),
    summary: epochSummary(result),
  };
}

/** Builds the bundle and computes the epoch from it; leaves both files at their tmp paths, synced. */
export function buildAndComputeEpoch(job: BuildEpochJob): EpochComputation {
  const written = writeBundleFile(job.bundleTmpPath, job.header, job.segmentsDir, job.manifest);
  const result = computeFromBundle(readFileSync(job.bundleTmpPath), job.previousStatePath ? readFileSync(job.previousStatePath) : null);
  if (result.inputDigest !== written.digest) throw new Error(`bundle digest ${written.digest} but the epoch function read ${result.inputDigest}`);
  const fd = openSync(job.coverageTmpPath, "w");
  try {
    writeFileSync(fd, JSON.stringify(result.coverageMap ?? { type: "FeatureCollection", features: [] }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (job.stateTmpPath) writeStateFile(job.stateTmpPath, result);
  return summarizeComputation(result, written.bytes, written.reports);
}
