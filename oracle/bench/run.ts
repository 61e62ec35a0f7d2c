// `npm run bench` (from oracle/ or the root): one epoch streamed through
// admission (decode), the PoC verifier, scoring, allocation and the Merkle
// tree, plus separate Merkle-100k and ed25519 verification measurements.
//
// Sizes: HEXPIN_BENCH_HOTSPOTS (default 100000), HEXPIN_BENCH_WITNESSES
// (default 10000000), HEXPIN_BENCH_SEED (1). Quick run:
//   HEXPIN_BENCH_HOTSPOTS=5000 HEXPIN_BENCH_WITNESSES=200000 npm run bench
// Targets on a 2-core box: epoch ≤ 5 min and ≤ 2 GiB; Merkle 100k ≤ 2 s.

import { createHash } from "node:crypto";
import { cpus } from "node:os";
import { keypairFromSeed, MerkleTree, signReport } from "@hexpin/sdk";
import { ReportAdmitter } from "../src/ingest/admit";
import { settleEpoch } from "../src/epoch/compute-epoch";
import { pocVerifierStage } from "../src/epoch/verifier-stage";
import { DEFAULT_SCORING_CONFIG } from "../src/score/scoring";
import { coverageMap } from "../src/score/coverage-map";
import { DEFAULT_ALLOCATION_CONFIG } from "../src/epoch/allocation";
import type { ReasonCode } from "../src/types";
import { buildBenchFleet, streamBenchReports } from "./fleet-stream";

const HOTSPOTS = Number(process.env.HEXPIN_BENCH_HOTSPOTS ?? 100_000);
const WITNESSES = Number(process.env.HEXPIN_BENCH_WITNESSES ?? 10_000_000);
const SEED = Number(process.env.HEXPIN_BENCH_SEED ?? 1);

const GiB = 1024 ** 3;
const peak = { rss: 0, heap: 0 };
function sampleMemory(): void {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heap = Math.max(peak.heap, m.heapUsed);
}
const sampler = setInterval(sampleMemory, 250);

const now = () => Number(process.hrtime.bigint()) / 1e9;
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
const mb = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function benchEpoch() {
  log(`epoch: ${fmt(HOTSPOTS)} hotspots, ~${fmt(WITNESSES)} witness reports (unsigned), seed ${SEED}`);
  const t0 = now();
  const cpu0 = cpuSeconds();
  const fleet = buildBenchFleet({ seed: SEED, hotspots: HOTSPOTS, witnessReports: WITNESSES });
  const expected = fleet.beacons * (1 + fleet.witnessesPerBeacon);
  log(`fleet built in ${(now() - t0).toFixed(1)} s: ${fmt(fleet.beacons)} beacons × ${fleet.witnessesPerBeacon} witnesses = ${fmt(expected)} reports`);

  const inputs = {
    epoch: 1,
    window: fleet.window,
    emission: 1_000_000_000_000_000n,
    config: { poc: {}, scoring: DEFAULT_SCORING_CONFIG, allocation: DEFAULT_ALLOCATION_CONFIG },
    hotspots: fleet.hotspots,
    entropy: fleet.entropy,
    previousCumulative: new Map<string, bigint>(),
  };
  let stage: ReturnType<typeof pocVerifierStage> | null = pocVerifierStage({ config: inputs.config.poc, hotspots: inputs.hotspots, entropy: inputs.entropy, window: inputs.window });
  const admitter = new ReportAdmitter({ verifySignatures: false });
  const rejected: Partial<Record<ReasonCode, number>> = {};
  let reports = 0;
  const tStream = now();
  let lastLog = tStream;
  streamBenchReports(fleet, SEED, (bytes, receivedAtMs) => {
    const r = admitter.admit(bytes, receivedAtMs);
    if (r.ok) stage!.ingest(r.received);
    else rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
    if (++reports % 250_000 === 0) {
      sampleMemory();
      const t = now();
      if (t - lastLog >= 5) {
        lastLog = t;
        const rate = reports / (t - tStream);
        log(`ingest ${fmt(reports)}/${fmt(expected)} (${((100 * reports) / expected).toFixed(0)}%), ${fmt(rate)} reports/s, eta ${((expected - reports) / rate).toFixed(0)} s, rss ${mb(process.memoryUsage().rss)}`);
      }
    }
  });
  const tIngest = now() - tStream;
  log(`ingested ${fmt(reports)} reports in ${tIngest.toFixed(1)} s (generation + decode + per-report rules)`);

  const tFinish0 = now();
  const outcome = stage.finish();
  stage = null; // the verifier's columns (10M rows) are garbage from here on
  sampleMemory();
  const tFinish = now() - tFinish0;
  log(`verifier finish: ${tFinish.toFixed(1)} s, ${fmt(outcome.beacons.length)} valid beacons`);

  global.gc?.();
  const tSettle0 = now();
  let lastCov = 0;
  const result = settleEpoch(inputs, outcome, null, {
    coverageMap: false,
    onProgress: (stageName, done, total) => {
      sampleMemory();
      if (stageName === "coverage" && done - lastCov >= 20_000) {
        lastCov = done;
        log(`coverage ${fmt(done)}/${fmt(total)} hotspots`);
      } else if (stageName !== "coverage") log(`${stageName}…`);
    },
  });
  const tSettle = now() - tSettle0;
  sampleMemory();
  const wall = now() - t0;
  const cpu = cpuSeconds() - cpu0;
  log(`settled in ${tSettle.toFixed(1)} s: root ${result.merkleRoot}`);

  const tMap0 = now();
  const map = coverageMap(result.scores.coverage, DEFAULT_SCORING_CONFIG.coverage.signalLevels);
  const tMap = now() - tMap0;
  sampleMemory();
  log(`GeoJSON coverage map: ${fmt(map.features.length)} features in ${tMap.toFixed(1)} s`);

  const reasonCounts = { ...result.reasonCounts };
  for (const [k, v] of Object.entries(rejected) as [ReasonCode, number][]) reasonCounts[k] = (reasonCounts[k] ?? 0) + v;
  return {
    hotspots: HOTSPOTS,
    reports,
    validBeacons: outcome.beacons.length,
    rewardedHotspots: result.perEpochRewards.size,
    coveredCells: result.scores.coverage.cells.size,
    coveredPairs: result.scores.coverage.coveredPairs,
    paidPlusUnallocatedEqualsEmission: result.paid + result.unallocated === inputs.emission,
    reasonCounts,
    seconds: { wall, ingest: tIngest, verifierFinish: tFinish, scoreAllocateMerkle: tSettle, geojson: tMap, cpu },
    reportsPerSecondWall: reports / wall,
    reportsPerSecondPerCore: reports / Math.max(cpu, 1e-9),
  };
}

function benchMerkle(n = 100_000) {
  const leaves = Array.from({ length: n }, (_, i) => ({ key: createHash("sha256").update(`merkle bench ${i}`).digest(), amount: BigInt(i) * 1_000_003n }));
  const b58 = leaves.map((l) => ({ key: require("bs58").encode(l.key) as string, amount: l.amount }));
  global.gc?.();
  const t0 = now();
  const tree = MerkleTree.build(b58);
  let proofElems = 0;
  for (let i = 0; i < n; i++) proofElems += tree.proof(i).length;
  const seconds = now() - t0;
  log(`Merkle: ${fmt(n)} leaves (base58 keys) + every proof in ${seconds.toFixed(2)} s (${fmt(proofElems)} proof hashes)`);
  return { leaves: n, seconds };
}

function benchSignatures(n = 20_000) {
  const kp = Array.from({ length: 64 }, (_, i) => keypairFromSeed(createHash("sha256").update(`sig bench ${i}`).digest()));
  const signed = Array.from({ length: n }, (_, i) => {
    const k = kp[i % kp.length];
    return signReport({ kind: "witness", witnessKey: k.publicKey, beaconerKey: kp[(i + 1) % kp.length].publicKey, payload: new Uint8Array(32).fill(i & 255), frequencyHz: 903_900_000, rssiDbm10: -1000, snrDb10: 50, timestampMs: i }, k).bytes;
  });
  const admitter = new ReportAdmitter({ verifySignatures: true });
  const t0 = now();
  let ok = 0;
  for (const bytes of signed) if (admitter.admit(bytes, 0).ok) ok++;
  const seconds = now() - t0;
  if (ok !== n) throw new Error(`only ${ok}/${n} signatures verified`);
  log(`ed25519: ${fmt(n)} report admissions with signature check in ${seconds.toFixed(2)} s = ${fmt(n / seconds)} verifies/s (one core)`);
  return { verifies: n, seconds, perSecond: n / seconds };
}

function main(): void {
  log(`node ${process.version}, ${cpus().length} cores`);
  const merkle = benchMerkle();
  const signatures = benchSignatures();
  global.gc?.();
  const epoch = benchEpoch();
  clearInterval(sampler);
  sampleMemory();
  const summary = {
    epoch,
    merkle100k: merkle,
    signatures,
    peakMemory: { rssMiB: Math.round(peak.rss / 1024 ** 2), heapUsedMiB: Math.round(peak.heap / 1024 ** 2) },
    targets: {
      epochUnder5min: epoch.seconds.wall <= 300,
      memoryUnder2GiB: peak.rss <= 2 * GiB,
      merkle100kUnder2s: merkle.seconds <= 2,
    },
  };
  console.log(JSON.stringify(summary, null, 2));
}

main();
