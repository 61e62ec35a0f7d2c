// The canonical input bundle: everything an epoch's rewards are a function
// of, in one byte string whose sha256 is the epoch's `inputDigest`. Anyone
// holding the bundle can recompute the Merkle root (`hexpin-oracle verify-epoch`).
//
// Layout (all integers little-endian):
//   8 bytes   magic "HEXPINB1"
//   u32       header length H
//   H bytes   header: canonical JSON (see canonical-json.ts), UTF-8:
//               { format, epoch, window: {startMs, endMs}, emission: "<decimal>",
//                 config: { poc, scoring, allocation },
//                 hotspots: HotspotInfo[] sorted by key,
//                 entropy: [{ id, valueHex, publishedAtMs }] sorted by id,
//                 previousCumulative: [[rewardId "<key>:<serial>", "<decimal>"]] sorted,
//                 ...headerExtensions }   // fields later versions add, e.g.
//                 previousStateDigest: hex sha256 of the previous epoch's PoC state
//                   (oracle/src/state), published beside the bundle; absent at genesis
//   u64       report count R
//   R times   u64 receivedAtMs ‖ u32 length L ‖ L bytes of the encoded report,
//             sorted by receivedAtMs, then by report bytes (bytewise)
//
// Sorting every collection makes the bundle, and so the digest and every
// output, independent of the order inputs were gathered in. Two reports with
// identical bytes and receive time are kept (duplicates are the verifier's
// business, and it must see them).

import { createHash, Hash } from "node:crypto";
import type { EntropyRecord } from "@hexpin/sdk";
import type { HotspotInfo } from "../types";
import type { ScoringConfig } from "../score/scoring";
import type { AllocationConfig } from "./allocation";
import { canonicalJson, CanonicalValue } from "./canonical-json";

export const BUNDLE_MAGIC = Buffer.from("HEXPINB1", "ascii");
export const BUNDLE_FORMAT = "hexpin-epoch-bundle/v1";

/** A report as the oracle's intake received it. */
export interface ReceivedReportBytes {
  bytes: Uint8Array;
  receivedAtMs: number;
}

export interface EpochConfig {
  /** the PoC verifier's configuration, passed through as plain JSON. */
  poc: CanonicalValue;
  scoring: ScoringConfig;
  allocation: AllocationConfig;
}

export interface EpochInputs {
  epoch: number;
  /** the epoch's receive-time window, unix ms, [startMs, endMs). */
  window: { startMs: number; endMs: number };
  /** base units to distribute this epoch. */
  emission: bigint;
  config: EpochConfig;
  hotspots: HotspotInfo[];
  entropy: EntropyRecord[];
  reports: ReceivedReportBytes[];
  /** cumulative amounts committed by the previous epoch's root. */
  previousCumulative: ReadonlyMap<string, bigint>;
  /**
   * Header fields beyond the ones above (e.g. `previousStateDigest`), carried through
   * verbatim so a bundle re-encodes to the same bytes and the epoch function sees them.
   */
  headerExtensions?: Readonly<Record<string, CanonicalValue>>;
}

/** The header fields this version defines; every other field is an extension. */
export const BUNDLE_HEADER_FIELDS = ["format", "epoch", "window", "emission", "config", "hotspots", "entropy", "previousCumulative"] as const;

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts reports into canonical order: receivedAtMs, then bytes. */
export function compareReports(a: ReceivedReportBytes, b: ReceivedReportBytes): number {
  return a.receivedAtMs - b.receivedAtMs || Buffer.compare(a.bytes, b.bytes);
}

/** The header object, canonically ordered; `canonicalJson` of it is the header bytes. */
export function bundleHeader(inputs: Omit<EpochInputs, "reports">): CanonicalValue {
  const hotspots = [...inputs.hotspots].sort((a, b) => byString(a.key, b.key));
  for (let i = 1; i < hotspots.length; i++) if (hotspots[i].key === hotspots[i - 1].key) throw new RangeError(`hotspot ${hotspots[i].key} listed twice`);
  const entropy = [...inputs.entropy].sort((a, b) => a.id - b.id);
  for (let i = 1; i < entropy.length; i++) if (entropy[i].id === entropy[i - 1].id) throw new RangeError(`entropy ${entropy[i].id} listed twice`);
  for (const k of Object.keys(inputs.headerExtensions ?? {})) {
    if ((BUNDLE_HEADER_FIELDS as readonly string[]).includes(k)) throw new RangeError(`header extension ${k} would replace a defined field`);
  }
  return {
    ...inputs.headerExtensions,
    format: BUNDLE_FORMAT,
    epoch: inputs.epoch,
    window: { startMs: inputs.window.startMs, endMs: inputs.window.endMs },
    emission: inputs.emission.toString(),
    config: inputs.config as unknown as CanonicalValue,
    hotspots: hotspots.map((h) => ({ ...h }) as unknown as CanonicalValue),
    entropy: entropy.map((e) => ({ id: e.id, valueHex: Buffer.from(e.value).toString("hex"), publishedAtMs: e.publishedAtMs })),
    previousCumulative: [...inputs.previousCumulative.entries()].sort(([a], [b]) => byString(a, b)).map(([k, v]) => [k, v.toString()]),
  };
}

/**
 * Writes a bundle incrementally to any sink (a hash, a file, a buffer list),
 * so the digest of a large epoch can be taken without materializing it.
 * Reports must be appended in canonical order; out-of-order input throws.
 */
export class BundleWriter {
  private last: ReceivedReportBytes | null = null;
  private written = 0;
  private readonly frame = Buffer.alloc(12);

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    header: CanonicalValue,
    readonly reportCount: number,
  ) {
    const json = Buffer.from(canonicalJson(header), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    const count = Buffer.alloc(8);
    count.writeBigUInt64LE(BigInt(reportCount));
    sink(BUNDLE_MAGIC);
    sink(len);
    sink(json);
    sink(count);
  }

  append(r: ReceivedReportBytes): void {
    if (this.last !== null && compareReports(this.last, r) > 0) throw new RangeError("reports must be appended in canonical order");
    if (this.written === this.reportCount) throw new RangeError("more reports than announced");
    this.frame.writeBigUInt64LE(BigInt(r.receivedAtMs), 0);
    this.frame.writeUInt32LE(r.bytes.length, 8);
    this.sink(this.frame);
    this.sink(r.bytes);
    this.last = r;
    this.written++;
  }

  finish(): void {
    if (this.written !== this.reportCount) throw new RangeError(`announced ${this.reportCount} reports, wrote ${this.written}`);
  }
}

/** Sorted copy of the reports, the order both the bundle and the verifier see. */
export function canonicalReports(reports: readonly ReceivedReportBytes[]): ReceivedReportBytes[] {
  return [...reports].sort(compareReports);
}

export function encodeBundle(inputs: EpochInputs): Buffer {
  const chunks: Buffer[] = [];
  const w = new BundleWriter((c) => chunks.push(Buffer.from(c)), bundleHeader(inputs), inputs.reports.length);
  for (const r of canonicalReports(inputs.reports)) w.append(r);
  w.finish();
  return Buffer.concat(chunks);
}

/** sha256 of the canonical bundle, streamed (no bundle buffer is built). */
export function bundleDigest(inputs: EpochInputs, sortedReports = canonicalReports(inputs.reports)): Buffer {
  const hash: Hash = createHash("sha256");
  const w = new BundleWriter((c) => hash.update(c), bundleHeader(inputs), sortedReports.length);
  for (const r of sortedReports) w.append(r);
  w.finish();
  return hash.digest();
}

export interface HeaderJson {
  format: string;
  epoch: number;
  window: { startMs: number; endMs: number };
  emission: string;
  config: EpochConfig;
  hotspots: HotspotInfo[];
  entropy: { id: number; valueHex: string; publishedAtMs: number }[];
  previousCumulative: [string, string][];
}

/** Parses a bundle; rejects trailing bytes and reports out of canonical order. */
export function decodeBundle(buf: Buffer): EpochInputs {
  if (buf.length < 12 || !buf.subarray(0, 8).equals(BUNDLE_MAGIC)) throw new Error("not a hexpin epoch bundle (bad magic)");
  const headerLen = buf.readUInt32LE(8);
  let off = 12 + headerLen;
  if (off + 8 > buf.length) throw new Error("bundle truncated in header");
  const header = JSON.parse(buf.subarray(12, off).toString("utf8")) as HeaderJson;
  if (header.format !== BUNDLE_FORMAT) throw new Error(`unsupported bundle format ${header.format}`);
  const count = Number(buf.readBigUInt64LE(off));
  off += 8;
  const reports: ReceivedReportBytes[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (off + 12 > buf.length) throw new Error("bundle truncated in reports");
    const receivedAtMs = Number(buf.readBigUInt64LE(off));
    const len = buf.readUInt32LE(off + 8);
    off += 12;
    if (off + len > buf.length) throw new Error("bundle truncated in reports");
    reports[i] = { receivedAtMs, bytes: buf.subarray(off, off + len) };
    off += len;
    if (i > 0 && compareReports(reports[i - 1], reports[i]) > 0) throw new Error("bundle reports are not in canonical order");
  }
  if (off !== buf.length) throw new Error("trailing bytes after bundle");
  return { ...headerInputs(header), reports };
}

/** The epoch inputs a parsed header holds (everything but the reports). */
export function headerInputs(header: HeaderJson): Omit<EpochInputs, "reports"> {
  for (const h of header.hotspots) {
    if (!Number.isSafeInteger(h.serial) || h.serial < 1) throw new Error(`hotspot ${h.key} has no valid onboarding serial (a bundle from before per-life rewards?)`);
  }
  const headerExtensions: Record<string, CanonicalValue> = {};
  for (const [k, v] of Object.entries(header)) if (!(BUNDLE_HEADER_FIELDS as readonly string[]).includes(k)) headerExtensions[k] = v as CanonicalValue;
  return {
    epoch: header.epoch,
    window: header.window,
    emission: BigInt(header.emission),
    config: header.config,
    hotspots: header.hotspots,
    entropy: header.entropy.map((e) => ({ id: e.id, value: Buffer.from(e.valueHex, "hex"), publishedAtMs: e.publishedAtMs })),
    previousCumulative: new Map(header.previousCumulative.map(([k, v]) => [k, BigInt(v)])),
    ...(Object.keys(headerExtensions).length > 0 ? { headerExtensions } : {}),
  };
}
