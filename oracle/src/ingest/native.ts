// The oracle's optional native addon (oracle/native, built by scripts/build-native.sh):
// batch ed25519 verification and signing of v1 reports, streaming zstd, batched sha256. Every caller has
// a JavaScript path that decides identically (see signature-rule.ts); the addon only
// makes it fast. HEXPIN_NATIVE=0 turns it off; HEXPIN_NATIVE_PATH points at another build.

import { existsSync } from "node:fs";
import { join } from "node:path";

export interface NativeReportVerifier {
  /** one byte per report: 1 valid, 0 not (ZIP-215). `batchSize` ≤ 1: one by one. */
  verify(data: Uint8Array, offsets: Uint32Array, lengths: Uint32Array, batchSize: number): Buffer;
  readonly cachedKeys: number;
}

export interface NativeReportSigner {
  /** signs each report in place with the key it names; returns the count. */
  signReports(data: Uint8Array, offsets: Uint32Array, lengths: Uint32Array, domain: Uint8Array): number;
  publicKeys(): Buffer;
}

export interface NativeZstdCompressor {
  push(chunk: Uint8Array): Buffer;
  finish(): Buffer;
}

export interface NativeZstdDecompressor {
  push(chunk: Uint8Array): Buffer;
  /** throws when the input ended inside a frame. */
  finish(): void;
}

export interface HexpinNative {
  /** glibc malloc_trim(0): free memory of every arena back to the system (false elsewhere). */
  releaseFreeMemory(): boolean;
  /** sha256(prefix ‖ table[i·width, (i+1)·width)) for each i of `rows`, written 32 bytes each into `out`. */
  sha256Suffixed(prefix: Uint8Array, table: Uint8Array, rows: Uint32Array, width: number, out: Uint8Array): void;
  ReportVerifier: new (domain: Uint8Array) => NativeReportVerifier;
  ReportSigner: new (seeds: Uint8Array) => NativeReportSigner;
  ZstdCompressor: new (level: number) => NativeZstdCompressor;
  ZstdDecompressor: new () => NativeZstdDecompressor;
}

export const NATIVE_ADDON_PATH = join(__dirname, "../../native/hexpin_native.node");

let loaded: { addon: HexpinNative | null; why: string } | null = null;

/** The addon, or null (with `nativeUnavailableReason()`) when it is missing or disabled. */
export function loadNative(): HexpinNative | null {
  if (loaded) return loaded.addon;
  const path = process.env.HEXPIN_NATIVE_PATH ?? NATIVE_ADDON_PATH;
  if (process.env.HEXPIN_NATIVE === "0") loaded = { addon: null, why: "disabled by HEXPIN_NATIVE=0" };
  else if (!existsSync(path)) loaded = { addon: null, why: `${path} not built (run npm run setup)` };
  else {
    try {
      loaded = { addon: require(path) as HexpinNative, why: "" };
    } catch (e) {
      loaded = { addon: null, why: `${path} failed to load: ${e instanceof Error ? e.message : e}` };
    }
  }
  return loaded.addon;
}

export function nativeUnavailableReason(): string | null {
  loadNative();
  return loaded!.addon ? null : loaded!.why;
}
