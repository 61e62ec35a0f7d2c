// Admission: raw bytes off the wire → a ReceivedReport, or the reason they were
// refused (`malformed`, `bad_signature`). Pure; the caller supplies receive times.

import { decodeReport, PublicKeyCache, ReportDecodeError, HexpinReport } from "@hexpin/sdk";
import { ReceivedReport } from "./received";
import { reportSignatureValid } from "./signature-rule";

export type AdmitResult =
  | { ok: true; received: ReceivedReport }
  | { ok: false; reason: "malformed" | "bad_signature"; detail: string };

export interface AdmitOptions {
  /**
   * Check the ed25519 signature (default true). `false` exists only for benchmarks
   * and simulations that measure signature checking separately; an oracle serving a
   * real network must never disable it.
   */
  verifySignatures?: boolean;
  /** reuse KeyObjects across calls; one is created per admitter when omitted. */
  keyCache?: PublicKeyCache;
}

/** Admits report bytes; reuse one `ReportAdmitter` per stream so its key cache is shared. */
export class ReportAdmitter {
  private readonly verifySignatures: boolean;
  private readonly keys: PublicKeyCache;
  constructor(opts: AdmitOptions = {}) {
    this.verifySignatures = opts.verifySignatures ?? true;
    this.keys = opts.keyCache ?? new PublicKeyCache();
  }

  /**
   * `signatureValid`: the verdict of `reportSignatureValid` when the caller already has it
   * (e.g. from a `SignatureVerifierPool`); checked here when omitted.
   */
  admit(bytes: Uint8Array, receivedAtMs: number, signatureValid?: boolean): AdmitResult {
    let report: HexpinReport;
    try {
      report = decodeReport(bytes);
    } catch (e) {
      if (e instanceof ReportDecodeError) return { ok: false, reason: "malformed", detail: `${e.code}: ${e.message}` };
      throw e;
    }
    if (this.verifySignatures && !(signatureValid ?? reportSignatureValid(bytes, this.keys))) {
      return { ok: false, reason: "bad_signature", detail: "ed25519 signature does not verify" };
    }
    return { ok: true, received: { report, receivedAtMs } };
  }
}
