// Runs the heavy epoch jobs (epoch-job.ts) in a worker thread, so the
// service's event loop (report intake, the API) stays responsive while an
// epoch computes: `build` (segments → bundle → result, the leader) and
// `recompute` (a fetched bundle → result, a follower). The worker loads the
// TypeScript sources through ts-node when the parent did, or the bundled
// `epoch-job-worker.js` beside a bundle.

import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { BuildEpochJob, EpochComputation, RecomputeJob } from "./epoch-job";
import { buildAndComputeEpoch, computeBundleFile } from "./epoch-job";

export type EpochJobRequest = { kind: "build"; job: BuildEpochJob } | { kind: "recompute"; job: RecomputeJob };

export interface EpochJobRunner {
  (job: BuildEpochJob): Promise<EpochComputation>;
  recompute(job: RecomputeJob): Promise<EpochComputation>;
}

/** In the calling thread, signatures checked there too (tests, small epochs). */
export const inlineEpochJobRunner: EpochJobRunner = Object.assign(async (job: BuildEpochJob) => buildAndComputeEpoch({ signatureThreads: 0, ...job }), {
  recompute: async (job: RecomputeJob) => computeBundleFile({ signatureThreads: 0, ...job }),
});

function inWorker(request: EpochJobRequest): Promise<EpochComputation> {
  const epoch = request.kind === "build" ? `epoch ${request.job.header.epoch}` : `bundle ${request.job.bundlePath}`;
  return new Promise((resolve, reject) => {
    const file = join(__dirname, `epoch-job-worker${extname(__filename)}`);
    const worker =
      extname(__filename) === ".ts"
        ? new Worker(`require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(join(__dirname, "../../../tsconfig.json"))} }); require(${JSON.stringify(file)});`, { eval: true, workerData: request })
        : new Worker(file, { workerData: request });
    let settled = false;
    worker.once("message", (m: { ok: true; value: EpochComputation } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else reject(new Error(`${epoch} computation failed: ${m.error}`));
    });
    worker.once("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`${epoch} worker exited with code ${code}`));
      settled = true;
    });
  });
}

/** In a fresh worker thread per job. */
export const workerEpochJobRunner: EpochJobRunner = Object.assign((job: BuildEpochJob) => inWorker({ kind: "build", job }), {
  recompute: (job: RecomputeJob) => inWorker({ kind: "recompute", job }),
});
