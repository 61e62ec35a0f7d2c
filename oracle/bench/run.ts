// `npm run bench` (from oracle/ or the root): one simulated epoch (oracle/src/sim,
// honest fleet plus adversaries, log-distance radio with shadowing) streamed
// through admission (decode), the PoC verifier, scoring, allocation and the Merkle
// tree, with per-reason rejection counts and detection per attack class from the
// simulator's labels; plus separate Merkle-100k and ed25519 measurements.
//
// The verifier runs the hexpin rule profile from genesis (no previous PoC state);
// its stages are timed one by one, and the PoC state it hands to the next epoch
// is encoded and hashed as the next bundle would name it.
//
// Reports are unsigned (`sign: false`) and admitted without signature checks:
// signing 10M reports would take longer than the epoch, and verification cost is
// measured on its own below. Nothing holds the reports: each is generated,
// admitted, ingested and dropped; detection keeps one byte per report.
//
// Sizes: HEXPIN_BENCH_HOTSPOTS (default 100000), HEXPIN_BENCH_CITY (us-metros),
// HEXPIN_BENCH_BEACONS per hotspot (4), HEXPIN_BENCH_SEED (1); HEXPIN_BENCH_PROFILE
// picks the rule profile (hexpin, or helium for Helium's decisions). At the defaults
// that is ~10.6M witness reports (density sets the witness count). Quick run:
//   HEXPIN_BENCH_HOTSPOTS=5000 HEXPIN_BENCH_CITY=bay-area npm run bench
// Targets on a 2-core box: epoch ≤ 5 min and ≤ 2 GiB; Merkle 100k ≤ 2 s.

import { createHash } from "node:crypto";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { keypairFromSeed, MerkleTree, signReport } from "@hexpin/sdk";
import { ReportAdmitter } from "../src/ingest/admit";
import { settleEpoch } from "../src/epoch/compute-epoch";
import { PocVerifier } from "../src/verify/verifier";
import { DEFAULT_SCORING_CONFIG } from "../src/score/scoring";
import { coverageMap } from "../src/score/coverage-map";
import { DEFAULT_ALLOCATION_CONFIG } from "../src/epoch/allocation";
import { CITY_NAMES, CityName, DEFAULT_ADVERSARIES, DetectionTally, formatDetection, simulateEpoch } from "../src/sim";
import { encodePocState, pocStateDigest } from "../src/state/encoding";
import { defaultPocConfig } from "../src/verify/config";
import { PROFILES, ProfileName } from "../src/verify/profile";

const HOTSPOTS = Number(process.env.HEXPIN_BENCH_HOTSPOTS ?? 100_000);
const CITY = (process.env.HEXPIN_BENCH_CITY ?? "us-metros") as CityName;
const BEACONS = Number(process.env.HEXPIN_BENCH_BEACONS ?? 4);
const SEED = process.env.HEXPIN_BENCH_SEED ?? "1";
if (!CITY_NAMES.includes(CITY)) throw new Error(`HEXPIN_BENCH_CITY must be one of ${CITY_NAMES.join(", ")}`);
const PROFILE = (process.env.HEXPIN_BENCH_PROFILE ?? "hexpin") as ProfileName;
if (!(PROFILE in PROFILES)) throw new Error(`HEXPIN_BENCH_PROFILE must be one of ${Object.keys(PROFILES).join(", ")}`);

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
  // adversaries at the simulator's default shares, and 1% of the fleet in rings of five.
  const adversaries = { ...DEFAULT_ADVERSARIES, collusionRings: Math.max(2, Math.round((0.01 * HOTSPOTS) / DEFAULT_ADVERSARIES.ringSize)) };
  log(`epoch: ${fmt(HOTSPOTS)} hotspots in ${CITY}, ${BEACONS} beacons each, seed "${SEED}", unsigned reports, ${PROFILE} profile`);
  const t0 = now();
  const cpu0 = cpuSeconds();
  const sim = simulateEpoch({ seed: SEED, hotspots: HOTSPOTS, city: CITY, beaconsPerHotspot: BEACONS, adversaries, sign: false, config: defaultPocConfig("US915", PROFILE) });
  const tFleet = now() - t0;
  const expectedBeacons = HOTSPOTS * BEACONS;
  log(`fleet built in ${tFleet.toFixed(1)} s`);

  const inputs = {
    epoch: 1,
    window: sim.window,
    emission: 1_000_000_000_000_000n,
    config: { poc: { rules: sim.config } as never, scoring: DEFAULT_SCORING_CONFIG, allocation: DEFAULT_ALLOCATION_CONFIG },
    hotspots: sim.registry,
    entropy: sim.entropy,
    previousCumulative: new Map<string, bigint>(),
  };
  let verifier: PocVerifier | null = new PocVerifier(sim.inputs(), sim.config);
  let tally: DetectionTally | null = new DetectionTally(sim.fleet);
  const admitter = new ReportAdmitter({ verifySignatures: false });
  let reports = 0;
  let beacons = 0;
  let verifySeconds = 0;
  const tStream = now();
  let lastLog = tStream;
  for (const r of sim.reports()) {
    const v0 = performance.now();
    const a = admitter.admit(r.bytes, r.receivedAtMs);
    tally.record(a.ok ? verifier.ingest(a.received) : verifier.reject(a.reason), r.label);
    verifySeconds += performance.now() - v0;
    if (r.label.kind === "beacon") beacons++;
    if (++reports % 250_000 === 0) {
      sampleMemory();
      const t = now();
      if (t - lastLog >= 5) {
        lastLog = t;
        const done = Math.min(1, beacons / expectedBeacons);
        log(`ingest ${fmt(reports)} reports, ${(100 * done).toFixed(0)}% of beacons, ${fmt(reports / (t - tStream))} reports/s, eta ${(((t - tStream) * (1 - done)) / done).toFixed(0)} s, rss ${mb(process.memoryUsage().rss)}`);
      }
    }
  }
  verifySeconds /= 1000;
  const tIngest = now() - tStream;
  log(`ingested ${fmt(reports)} reports (${fmt(beacons)} beacons) in ${tIngest.toFixed(1)} s: simulation ${(tIngest - verifySeconds).toFixed(1)} s, decode + per-report rules ${verifySeconds.toFixed(1)} s`);

  const tFinish0 = now();
  const stageSeconds: Record<string, number> = {};
  let stageStart = 0;
  const outcome = verifier.finish((stage, phase) => {
    if (phase === "start") stageStart = now();
    else {
      stageSeconds[stage] = (stageSeconds[stage] ?? 0) + (now() - stageStart);
      sampleMemory();
    }
  });
  sampleMemory();
  const tFinish = now() - tFinish0;
  log(`verifier finish: ${tFinish.toFixed(1)} s, ${fmt(outcome.beacons.length)} valid beacons; stages: ${Object.entries(stageSeconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`);
  const tState0 = now();
  const stateBytes = outcome.nextState ? encodePocState(outcome.nextState) : new Uint8Array(0);
  const stateDigest = pocStateDigest(stateBytes);
  const tState = now() - tState0;
  log(`next PoC state: ${fmt(outcome.nextState?.hotspots.length ?? 0)} hotspots, ${fmt(outcome.nextState?.edges.a.length ?? 0)} witness-graph edges, ${mb(stateBytes.length)} encoded + digest in ${tState.toFixed(2)} s (${stateDigest.slice(0, 16)}…)`);
  const v = verifier;
  const detection = tally.result((seq) => v.verdict(seq), outcome.trustBps);
  // the verifier's columns (10M rows) and the tally are garbage from here on
  verifier = null;
  tally = null;
  console.log(formatDetection(detection));

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

  const pct = (x: number) => Math.round(x * 10_000) / 100;
  const classSummary = (c: { reports: number; detected: number; rate: number; reasons: object }) => ({ reports: c.reports, detected: c.detected, ratePct: pct(c.rate), reasons: c.reasons });
  return {
    simulation: { city: CITY, seed: SEED, beaconsPerHotspot: BEACONS, adversaries },
    hotspots: HOTSPOTS,
    reports,
    beacons,
    witnessReports: reports - beacons,
    witnessesPerBeacon: Math.round(((reports - beacons) / beacons) * 10) / 10,
    validBeacons: outcome.beacons.length,
    rewardedHotspots: result.perEpochRewards.size,
    coveredCells: result.scores.coverage.cells.size,
    coveredPairs: result.scores.coverage.coveredPairs,
    paidPlusUnallocatedEqualsEmission: result.paid + result.unallocated === inputs.emission,
    reasonCounts: result.reasonCounts,
    detection: {
      byAttack: Object.fromEntries(Object.entries(detection.byAttack).map(([k, c]) => [k, classSummary(c)])),
      honestFalseReject: classSummary(detection.honest),
      collateral: classSummary(detection.collateral),
      adversaryOther: classSummary(detection.adversaryOther),
      keysUntrusted: detection.hotspots,
    },
    seconds: { wall, fleet: tFleet, ingest: tIngest, simulation: tIngest - verifySeconds, admitAndIngest: verifySeconds, verifierFinish: tFinish, verifierStages: stageSeconds, nextState: tState, scoreAllocateMerkle: tSettle, geojson: tMap, cpu },
    nextState: { hotspots: outcome.nextState?.hotspots.length ?? 0, edges: outcome.nextState?.edges.a.length ?? 0, bytes: stateBytes.length },
    reportsPerSecondWall: reports / wall,
    reportsPerSecondPerCore: reports / Math.max(cpu, 1e-9),
  };
}

function benchMerkle(n = 100_000) {
  const leaves = Array.from({ length: n }, (_, i) => ({ key: createHash("sha256").update(`merkle bench ${i}`).digest(), amount: BigInt(i) * 1_000_003n }));
  const b58 = leaves.map((l, i) => ({ key: require("bs58").encode(l.key) as string, serial: i + 1, amount: l.amount }));
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
