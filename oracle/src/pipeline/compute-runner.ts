// Runs buildAndComputeEpoch in a worker thread, so the service's event loop
// (report intake, the API) stays responsive while an epoch computes. The
// worker loads the TypeScript sources through ts-node when the parent did.

import { Worker } from "node:worker_threads";
import type { BuildEpochJob, EpochComputation } from "./epoch-job";
import { buildAndComputeEpoch } from "./epoch-job";

export type EpochJobRunner = (job: BuildEpochJob) => Promise<EpochComputation>;

/** In the calling thread (tests, small epochs). */
export const inlineEpochJobRunner: EpochJobRunner = async (job) => buildAndComputeEpoch(job);

/** In a fresh worker thread per job. */
export const workerEpochJobRunner: EpochJobRunner = (job) =>
  new Promise((resolve, reject) => {
    const jobModule = require.resolve("./epoch-job");
    const usesTsNode = jobModule.endsWith(".ts");
    const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      ${usesTsNode ? `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(require("node:path").join(__dirname, "../../../tsconfig.json"))} });` : ""}
      try {
        parentPort.postMessage({ ok: true, value: require(${JSON.stringify(jobModule)}).buildAndComputeEpoch(workerData) });
      } catch (e) {
        parentPort.postMessage({ ok: false, error: e instanceof Error ? (e.name + ": " + e.message) : String(e) });
      }
    `;
    const worker = new Worker(source, { eval: true, workerData: job });
    let settled = false;
    worker.once("message", (m: { ok: true; value: EpochComputation } | { ok: false; error: string }) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else reject(new Error(`epoch ${job.header.epoch} computation failed: ${m.error}`));
    });
    worker.once("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`epoch ${job.header.epoch} worker exited with code ${code}`));
      settled = true;
    });
  });
