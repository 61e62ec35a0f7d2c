// One signature worker of a SignatureVerifierPool (see signature-pool.ts).

import { parentPort, workerData } from "node:worker_threads";
import { REPORT_SIGNING_DOMAIN } from "@hexpin/sdk/src/reports/encoding";
import { PublicKeyCache } from "@hexpin/sdk/src/reports/keys";
import { loadNative, NativeReportSigner, NativeReportVerifier } from "./native";
import { reportSignatureValid } from "./signature-rule";
import type { ReportBatch, SignatureBackend } from "./signature-pool";

const { backend, batchSize, signingSeeds } = workerData as { backend: SignatureBackend; batchSize: number; signingSeeds: Uint8Array | null };
const native = loadNative();
const nativeVerifier: NativeReportVerifier | null = backend === "native" && native ? new native.ReportVerifier(REPORT_SIGNING_DOMAIN) : null;
const signer: NativeReportSigner | null = signingSeeds && native ? new native.ReportSigner(signingSeeds) : null;
const keys = new PublicKeyCache();

function verify(b: ReportBatch): Uint8Array {
  if (nativeVerifier) return nativeVerifier.verify(b.data, b.offsets, b.lengths, batchSize);
  const out = new Uint8Array(b.offsets.length);
  for (let i = 0; i < out.length; i++) out[i] = reportSignatureValid(b.data.subarray(b.offsets[i], b.offsets[i] + b.lengths[i]), keys) ? 1 : 0;
  return out;
}

parentPort!.on("message", (m: { op: "verify" | "sign"; id: number; batch: ReportBatch }) => {
  const transfer = [m.batch.data.buffer as ArrayBuffer, m.batch.offsets.buffer as ArrayBuffer, m.batch.lengths.buffer as ArrayBuffer];
  try {
    let result: Uint8Array;
    // a copy: the addon's buffers are external memory, which cannot be transferred
    if (m.op === "verify") result = new Uint8Array(verify(m.batch));
    else {
      if (!signer) throw new Error("this pool signs only with the native addon and signing seeds");
      signer.signReports(m.batch.data, m.batch.offsets, m.batch.lengths, REPORT_SIGNING_DOMAIN);
      result = new Uint8Array(0);
    }
    parentPort!.postMessage({ id: m.id, result, batch: m.batch }, [...transfer, result.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), batch: m.batch }, transfer);
  }
});
