import { sign, verify, KeyObject } from "node:crypto";
import { encodeReport, decodeReport, reportBody, signingMessage, reportSigner, SIGNATURE_LEN, HexpinReport, UnsignedReport } from "./encoding";
import { HardwareKeypair, publicKeyObject } from "./keys";

export interface SignedReport {
  report: HexpinReport;
  /** canonical encoding, signature included: what a device uploads. */
  bytes: Uint8Array;
}

/**
 * Signs a report with the hotspot's hardware key. The keypair must be the one the
 * report names (beacon: hotspotKey, witness: witnessKey).
 */
export function signReport(unsigned: UnsignedReport, keypair: HardwareKeypair): SignedReport {
  if (!Buffer.from(reportSigner(unsigned)).equals(Buffer.from(keypair.publicKey))) {
    throw new Error("keypair does not match the key the report names");
  }
  const bytes = encodeReport(unsigned);
  const body = reportBody(bytes);
  const signature = sign(null, signingMessage(body), keypair.privateKey);
  bytes.set(signature, body.length);
  return { report: decodeReport(bytes), bytes };
}

/**
 * Verifies an encoded report's signature against the key it names (or a supplied,
 * e.g. cached, KeyObject for that key). Never throws for bad input: returns false.
 */
export function verifyReportSignature(encoded: Uint8Array, signerKey?: KeyObject): boolean {
  let report: HexpinReport;
  try {
    report = decodeReport(encoded);
  } catch {
    return false;
  }
  const body = reportBody(encoded);
  const sig = encoded.subarray(encoded.length - SIGNATURE_LEN);
  try {
    return verify(null, signingMessage(body), signerKey ?? publicKeyObject(reportSigner(report)), sig);
  } catch {
    return false;
  }
}
