// Report intake for the service: a request body (one canonical report, or a
// batch of them back to back) → stored durably, or refused whole with one typed
// error. Checks, cheapest first: framing and decoding (400), hotspot known
// (404), already stored (then acknowledged as a duplicate without more work),
// ed25519 signature (401), per-hotspot rate limit (429). Nothing is written
// unless every report in the body passes, so a refused body stores nothing.
//
// The receive time is the oracle's clock at acceptance, never the device's,
// and never earlier than any receive time already stored (segments.ts relies
// on it), so each report falls in exactly one epoch.

import { reportSignatureValid } from "./signature-rule";
import {
  BEACON_REPORT_LEN,
  decodeReport,
  HexpinReport,
  PublicKeyCache,
  REPORT_TYPE_BEACON,
  REPORT_TYPE_WITNESS,
  REPORT_VERSION_V1,
  ReportDecodeError,
  reportBody,
  reportSigner,
  SIGNATURE_LEN,
  signingMessage,
  WITNESS_REPORT_LEN,
  decodeKey58,
} from "@hexpin/sdk";
import type { HotspotInfo } from "../types";
import type { Clock, EpochSchedule } from "../service/clock";
import { reportHash, ReportSegmentStore, StoredReport } from "../store/segments";
import { HotspotRateLimiter } from "./rate-limit";

export type IntakeErrorCode =
  | "empty_body"
  | "malformed_report"
  | "unsupported_version"
  | "too_many_reports"
  | "unknown_hotspot"
  | "bad_signature"
  | "rate_limited"
  | "epoch_closed"
  | "store_unavailable";

const STATUS: Record<IntakeErrorCode, number> = {
  empty_body: 400,
  malformed_report: 400,
  unsupported_version: 400,
  too_many_reports: 413,
  unknown_hotspot: 404,
  bad_signature: 401,
  rate_limited: 429,
  epoch_closed: 503,
  store_unavailable: 503,
};

/** A refusal of a whole request body; `index` is the offending report's position in the batch. */
export class IntakeError extends Error {
  readonly status: number;
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
    readonly index?: number,
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = "IntakeError";
    this.status = STATUS[code];
  }
}

export interface IntakeResult {
  epoch: number;
  receivedAtMs: number;
  /** newly stored. */
  stored: number;
  /** already stored before (idempotent redelivery). */
  duplicates: number;
  /** per report, in body order: its sha256 and what happened. */
  reports: { hash: string; status: "stored" | "duplicate" }[];
}

/** The registered hotspot keys, indexed by raw key bytes for per-report lookups. */
export class RegistryIndex {
  private keys = new Set<string>();
  replace(hotspots: readonly HotspotInfo[]): void {
    const next = new Set<string>();
    for (const h of hotspots) next.add(decodeKey58(h.key).toString("latin1"));
    this.keys = next;
  }
  has(raw: Uint8Array): boolean {
    return this.keys.has(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1"));
  }
  get size(): number {
    return this.keys.size;
  }
}

export interface IntakeOptions {
  store: ReportSegmentStore;
  registry: RegistryIndex;
  clock: Clock;
  schedule: EpochSchedule;
  rateLimiter: HotspotRateLimiter;
  /** most reports one body may carry. */
  maxReportsPerBody: number;
}

/** Splits a body into canonical reports; throws IntakeError 400 on anything else. */
export function splitReports(body: Uint8Array): { bytes: Uint8Array; report: HexpinReport }[] {
  if (body.length === 0) throw new IntakeError("empty_body", "the body holds no report");
  const out: { bytes: Uint8Array; report: HexpinReport }[] = [];
  let off = 0;
  while (off < body.length) {
    const index = out.length;
    if (body.length - off < 2) throw new IntakeError("malformed_report", `report ${index} is truncated: ${body.length - off} byte(s) left, a header needs 2`, index);
    if (body[off] !== REPORT_VERSION_V1) throw new IntakeError("unsupported_version", `report ${index} has version ${body[off]}; this oracle accepts version ${REPORT_VERSION_V1}`, index);
    const type = body[off + 1];
    const len = type === REPORT_TYPE_BEACON ? BEACON_REPORT_LEN : type === REPORT_TYPE_WITNESS ? WITNESS_REPORT_LEN : -1;
    if (len < 0) throw new IntakeError("malformed_report", `report ${index} has unknown type ${type}`, index);
    if (body.length - off < len) throw new IntakeError("malformed_report", `report ${index} is truncated: type ${type} needs ${len} bytes, ${body.length - off} left`, index);
    const bytes = body.subarray(off, off + len);
    try {
      out.push({ bytes, report: decodeReport(bytes) });
    } catch (e) {
      if (e instanceof ReportDecodeError) throw new IntakeError("malformed_report", `report ${index}: ${e.message}`, index);
      throw e;
    }
    off += len;
  }
  return out;
}

export class ReportIntake {
  private readonly keys = new PublicKeyCache();
  /** no receive time may fall at or before this (end of the last frozen epoch − 1). */
  private floorMs = 0;

  constructor(private readonly o: IntakeOptions) {}

  /** Called when an epoch freezes: later receive times start at its end. */
  closeBefore(endMs: number): void {
    this.floorMs = Math.max(this.floorMs, endMs);
  }

  async submit(body: Uint8Array): Promise<IntakeResult> {
    const failure = this.o.store.failed;
    if (failure) throw new IntakeError("store_unavailable", `report storage failed: ${failure.message}`);
    const items = splitReports(body);
    if (items.length > this.o.maxReportsPerBody) throw new IntakeError("too_many_reports", `${items.length} reports in one body; at most ${this.o.maxReportsPerBody}`);

    const receivedAtMs = Math.max(this.o.clock.now(), this.o.store.maxReceivedAtMs, this.floorMs);
    const epoch = this.o.schedule.epochOf(receivedAtMs);
    if (epoch < 0) throw new IntakeError("epoch_closed", "the network's first epoch has not started");
    if (this.o.store.isSealed(epoch)) throw new IntakeError("epoch_closed", `epoch ${epoch} is closed; retry`, undefined, 1);

    const hashes = items.map((it) => reportHash(it.bytes));
    const fresh: number[] = [];
    const inBody = new Set<string>();
    const statuses: ("stored" | "duplicate")[] = [];
    for (let i = 0; i < items.length; i++) {
      const signer = reportSigner(items[i].report);
      if (!this.o.registry.has(signer)) throw new IntakeError("unknown_hotspot", `report ${i} is signed by a key no registered hotspot has`, i);
      const hex = hashes[i].toString("hex");
      const dup = inBody.has(hex) || this.o.store.has(epoch, hashes[i]) || this.o.store.has(epoch - 1, hashes[i]);
      inBody.add(hex);
      statuses.push(dup ? "duplicate" : "stored");
      if (!dup) fresh.push(i);
    }
    const perKey = new Map<string, number>();
    for (const i of fresh) {
      const { bytes, report } = items[i];
      const signer = reportSigner(report);
      // The epoch function's own rule (ZIP-215), so intake never refuses what an epoch would count.
      if (!reportSignatureValid(bytes, this.keys)) throw new IntakeError("bad_signature", `report ${i}: the ed25519 signature does not verify for the key it names`, i);
      const k = Buffer.from(signer).toString("latin1");
      perKey.set(k, (perKey.get(k) ?? 0) + 1);
    }
    const limit = this.o.rateLimiter.take(perKey);
    if (!limit.ok) throw new IntakeError("rate_limited", `a hotspot in this body exceeded its report rate; retry in ${limit.retryAfterSec} s`, undefined, limit.retryAfterSec);

    // Re-check after the awaits above are impossible: everything from the stamp to the append runs in one tick.
    const toStore: StoredReport[] = fresh.map((i) => ({ receivedAtMs, bytes: Buffer.from(items[i].bytes) }));
    try {
      await this.o.store.append(epoch, toStore, fresh.map((i) => hashes[i]));
    } catch (e) {
      throw new IntakeError("store_unavailable", `report storage failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return {
      epoch,
      receivedAtMs,
      stored: fresh.length,
      duplicates: items.length - fresh.length,
      reports: hashes.map((h, i) => ({ hash: h.toString("hex"), status: statuses[i] })),
    };
  }
}
