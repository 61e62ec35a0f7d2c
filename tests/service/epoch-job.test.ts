// The heavy half of an epoch — sealed segments streamed into the canonical
// bundle, the epoch function run on that bundle — gives the pure function's
// digest and root, in the calling thread and in a worker thread alike.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalReports, encodeBundle } from "../../oracle/src/epoch/bundle";
import { buildScenario } from "../../oracle/src/epoch/epoch-scenario";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { inlineEpochJobRunner, workerEpochJobRunner } from "../../oracle/src/pipeline/compute-runner";
import { BuildEpochJob, entropyToJson } from "../../oracle/src/pipeline/epoch-job";
import { ReportSegmentStore, reportHash } from "../../oracle/src/store/segments";

describe("epoch job: segments → bundle → root", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "hexpin-job-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same bundle bytes as encodeBundle and computes the same root, inline and in a worker", async () => {
    const { inputs } = buildScenario({ seed: 3, hotspots: 10, previousCumulative: new Map([["11111111111111111111111111111111:1", 5n]]) });
    const store = ReportSegmentStore.open(join(dir, "reports"), { isSealed: () => false, maxSegmentBytes: 8192 });
    for (const r of canonicalReports(inputs.reports)) await store.append(inputs.epoch, [r], [reportHash(r.bytes)]);
    const manifest = await store.seal(inputs.epoch);
    const job = (label: string): BuildEpochJob => ({
      header: {
        epoch: inputs.epoch,
        window: inputs.window,
        emission: inputs.emission.toString(),
        config: inputs.config,
        hotspots: inputs.hotspots,
        entropy: entropyToJson(inputs.entropy),
        previousCumulative: [...inputs.previousCumulative].map(([k, v]) => [k, v.toString()]),
      },
      segmentsDir: store.epochDir(inputs.epoch),
      manifest,
      bundleTmpPath: join(dir, `${label}.bundle`),
      coverageTmpPath: join(dir, `${label}.geojson`),
    });
    const expected = computeEpoch(inputs, { coverageMap: false });
    const inline = await inlineEpochJobRunner(job("inline"));
    const worker = await workerEpochJobRunner(job("worker"));
    assert.equal(inline.inputDigest, expected.inputDigest);
    assert.equal(inline.merkleRoot, expected.merkleRoot);
    assert.deepEqual(worker, inline);
    assert.ok(readFileSync(join(dir, "inline.bundle")).equals(encodeBundle(inputs)), "byte-identical to the in-memory encoder");
    assert.equal(createHash("sha256").update(readFileSync(join(dir, "worker.bundle"))).digest("hex"), expected.inputDigest);
    assert.ok(inline.cumulative.some(([k]) => k === "11111111111111111111111111111111:1"), "previous cumulative amounts are carried");
  });

  it("reports a worker failure as an error, not a crash", async () => {
    const bad: BuildEpochJob = { header: { epoch: 1, window: { startMs: 0, endMs: 1 }, emission: "1", config: { poc: {}, scoring: {} as never, allocation: {} as never }, hotspots: [], entropy: [], previousCumulative: [] }, segmentsDir: join(dir, "none"), manifest: [{ name: "00000001.seg", bytes: 1, records: 1, sha256: "0".repeat(64) }], bundleTmpPath: join(dir, "x.bundle"), coverageTmpPath: join(dir, "x.geojson") };
    await assert.rejects(workerEpochJobRunner(bad), /epoch 1 computation failed: SegmentCorruptError/);
  });
});
