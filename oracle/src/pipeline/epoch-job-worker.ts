// The worker thread of compute-runner.ts: runs one epoch job and posts its
// outcome. A bundled deployment ships this file's bundle as
// `epoch-job-worker.js` beside the bundle that starts it.

import { parentPort, workerData } from "node:worker_threads";
import { buildAndComputeEpoch, computeBundleFile } from "./epoch-job";
import type { EpochJobRequest } from "./compute-runner";

const request = workerData as EpochJobRequest;
(async () => {
  try {
    const value = request.kind === "build" ? await buildAndComputeEpoch(request.job) : await computeBundleFile(request.job);
    parentPort!.postMessage({ ok: true, value });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
})();
