// `npm run bench:epoch`: one epoch of the oracle service from stored reports to
// a posted root — issue 9's last figure.
//
//   1. store    (own process, service-epoch-store.ts, not timed as the epoch):
//               simulate the epoch's signed reports (HEXPIN_BENCH_HOTSPOTS, default
//               100000 in HEXPIN_BENCH_CITY us-metros, HEXPIN_BENCH_BEACONS 4 each,
//               HEXPIN_BENCH_SEED 1) and store them as the service does: registry
//               and entropy in the service's database (PGlite in the data dir, or
//               DATABASE_URL — an empty PostgreSQL database), reports in its segment
//               files through ReportSegmentStore.append. No HTTP: intake over HTTP
//               is `bench:service`'s figure.
//   2. epoch    (this process, timed): the service itself (OracleService on that
//               data dir, manual clock just past the epoch's end, no timers) runs
//               its pipeline: freeze → bundle written from the segments and the
//               epoch computed from it (the service's worker thread) → vote →
//               active → served. A chain registry of 100k hotspots is out of reach
//               here, so the RootPublisher is an in-process one that records the
//               vote (quorum 1) instead of sending `post_epoch_root`.
//               Reported: wall time per phase, peak RSS of this process (the worker
//               thread is inside it), the root and digest.
//   3. verify   (own process): `hexpin-oracle verify-epoch <the service's bundle>
//               --root --digest`, a third party's recomputation: the service's root
//               must be byte-identical. HEXPIN_BENCH_VERIFY=0 skips it.
//
// The data dir is HEXPIN_BENCH_DIR (default a fresh temp dir; ~3× the reports'
// size at peak: sorter spill, segments, bundle), removed at the end unless
// HEXPIN_BENCH_KEEP=1; then HEXPIN_BENCH_REUSE=1 with the same HEXPIN_BENCH_DIR skips
// the store phase (a recovery aid: the service resumes the epoch from whatever
// state it reached, so those phase times are not a clean figure). Prints a JSON
// summary last. Quick run:
//   HEXPIN_BENCH_HOTSPOTS=3000 npm run bench:epoch

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { progressBar } from "../src/cli/progress";
import type { EpochConfig } from "../src/epoch/bundle";
import type { PipelineStep } from "../src/pipeline/epoch-pipeline";
import type { EpochRootStatus, RootPublisher, RootVote, VoteResult } from "../src/pipeline/root-publisher";
import { fixedEmission } from "../src/publish/sources";
import { EpochSchedule, ManualClock } from "../src/service/clock";
import { OracleService } from "../src/service/oracle-service";
import { getEpoch } from "../src/store/epochs";
import { BENCH_EPOCH, StorePhaseResult } from "./service-epoch-store";

const EMISSION = 1_000_000_000_000n;
const VERIFY = process.env.HEXPIN_BENCH_VERIFY !== "0";

const now = () => performance.now() / 1000;
const mib = (bytes: number) => Math.round(bytes / 1024 ** 2);
const fmt = (n: number) => n.toLocaleString("en-US");

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** This process's peak resident set so far (VmHWM: the kernel's high-water mark, worker threads included). */
function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/**
 * Records the vote instead of sending `post_epoch_root`: the chain's answers a
 * one-oracle network (quorum 1) would give — the vote lands, then the root is active.
 */
class RecordingPublisher implements RootPublisher {
  readonly oracle = "bench-recording-publisher";
  readonly votes: RootVote[] = [];

  async status(epoch: number): Promise<EpochRootStatus | null> {
    const ours = this.votes.find((v) => v.epoch === epoch) ?? null;
    return { ourVote: ours, active: ours, proposals: ours ? [{ vote: ours, votes: 1 }] : [], quorum: 1, supersededBy: null };
  }

  async vote(v: RootVote): Promise<VoteResult> {
    if (this.votes.some((x) => x.epoch === v.epoch)) return { outcome: "already_voted" };
    this.votes.push(v);
    return { outcome: "landed", signature: `recorded-${this.votes.length}` };
  }
}

/** Runs a child process, its stderr passed through; resolves with its stdout, wall time and exit code. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; seconds: number; exitCode: number }> {
  const t0 = now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout: out, seconds: now() - t0, exitCode: code ?? -1 }));
  });
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

async function storePhase(dir: string): Promise<StorePhaseResult & { wallSeconds: number }> {
  log(`store: simulating and storing the epoch's signed reports in ${dir} (own process)`);
  const r = await run(["-r", "ts-node/register/transpile-only", join(__dirname, "service-epoch-store.ts")], { ...process.env, HEXPIN_BENCH_DIR: dir });
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (r.exitCode !== 0 || !line) throw new Error(`store phase exited ${r.exitCode}`);
  const s = JSON.parse(line.slice(7)) as StorePhaseResult;
  log(`store: ${fmt(s.simulated)} signed reports simulated in ${(s.seconds.fleet + s.seconds.simulateAndSign).toFixed(1)} s, registry and entropy in the database in ${s.seconds.database.toFixed(1)} s, reports in the segments in ${s.seconds.store.toFixed(1)} s, peak RSS ${s.peakRssMiB} MiB`);
  return { ...s, wallSeconds: r.seconds };
}

async function epochPhase(dir: string, s: StorePhaseResult) {
  const length = s.window.endMs - s.window.startMs;
  const schedule = new EpochSchedule(s.window.startMs - BENCH_EPOCH * length, length);
  const clock = new ManualClock(s.window.endMs + 1);
  const publisher = new RecordingPublisher();
  const steps: Partial<Record<PipelineStep, number>> = {};
  const rssAt: Record<string, number> = {};
  const onStep = (step: PipelineStep, epoch: number) => {
    if (epoch !== BENCH_EPOCH) return;
    steps[step] = now();
    rssAt[step] = mib(process.memoryUsage().rss);
  };

  log("epoch: starting the service on the data dir (manual clock just past the epoch's end, no timers)");
  const tOpen = now();
  const svc = await OracleService.start({
    dataDir: dir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    schedule,
    epochConfig: s.epochConfig as EpochConfig,
    emission: fixedEmission(EMISSION),
    clock,
    publisher,
    firstEpoch: BENCH_EPOCH,
    tickIntervalMs: 0,
    logger: false,
    onStep,
  });
  const opened = now() - tOpen;
  let lastSize = 0;
  let firstGrowth = 0;
  let lastGrowth = 0;
  let written = false;
  const bar = progressBar("bundle written from the segments", " bytes");
  let lastNote = now();
  const tmp = join(dir, "artifacts", "tmp");
  const bundleTmpSize = () => {
    try {
      const f = readdirSync(tmp).find((x) => x.includes(".bundle"));
      return f ? statSync(join(tmp, f)).size : 0;
    } catch {
      return 0; // renamed away between the listing and the stat
    }
  };
  // Progress: the worker thread starts, writes the bundle (its file grows), then computes from it.
  const watch = setInterval(() => {
    if (!steps["freeze:committed"] || steps["compute:files-written"] || written) return;
    const size = bundleTmpSize();
    if (size > lastSize) {
      if (firstGrowth === 0) {
        firstGrowth = now();
        log(`worker thread started after ${(firstGrowth - steps["freeze:committed"]!).toFixed(1)} s; writing the bundle`);
        bar.start(Math.max(size, s.bundleBytesEstimate), 0);
      }
      lastSize = size;
      lastGrowth = now();
      if (size > bar.getTotal()) bar.setTotal(size);
      bar.update(size);
    } else if (firstGrowth > 0 && now() - lastGrowth > 3) {
      written = true;
      bar.stop();
      log(`bundle written (${fmt(size)} bytes); computing the epoch from it (every signature checked)`);
      lastNote = now();
    } else if (firstGrowth === 0 && now() - lastNote >= 15) {
      lastNote = now();
      log(`starting the worker thread: ${(now() - steps["freeze:committed"]!).toFixed(0)} s, rss ${mib(process.memoryUsage().rss)} MiB`);
    }
  }, 1000);
  const computeNotes = setInterval(() => {
    if (written && !steps["compute:files-written"]) log(`computing: ${(now() - lastGrowth).toFixed(0)} s since the bundle was written, rss ${mib(process.memoryUsage().rss)} MiB`);
  }, 15_000);

  const t0 = now();
  try {
    await svc.tick(); // freeze, bundle + compute, vote
    await svc.tick(); // the recorded vote is active (quorum 1) → every stored proof checked → served
  } finally {
    clearInterval(watch);
    clearInterval(computeNotes);
    if (firstGrowth > 0 && !written) bar.stop();
  }
  const tEnd = now();
  const row = await getEpoch(svc.database.db, BENCH_EPOCH);
  const bundlePath = row?.input_digest ? svc.artifacts.path("bundles", row.input_digest) : null;
  const bundleBytes = bundlePath ? statSync(bundlePath).size : 0;
  const segmentBytes = dirBytes(join(dir, "reports", String(BENCH_EPOCH)));
  await svc.stop();
  if (!row || row.state !== "served") throw new Error(`epoch ${BENCH_EPOCH} ended in state ${row?.state ?? "(none)"}${row?.dispute_reason ? `: ${row.dispute_reason}` : ""}`);
  const vote = publisher.votes[0];
  if (!vote || vote.merkleRoot !== row.merkle_root || vote.inputDigest !== row.input_digest) throw new Error("the recorded vote differs from the stored root");

  const at = (step: PipelineStep) => {
    const t = steps[step];
    if (t === undefined) throw new Error(`pipeline step ${step} not seen`);
    return t;
  };
  const freeze = at("freeze:committed") - t0;
  const bundleAndCompute = at("compute:files-written") - at("freeze:committed");
  // observed from the bundle file's size, polled every second: ±1 s
  const workerStart = firstGrowth > 0 ? firstGrowth - at("freeze:committed") : null;
  const bundleWrite = firstGrowth > 0 ? lastGrowth - firstGrowth : null;
  const commit = at("compute:committed") - at("compute:files-written");
  const vote_ = at("vote:committed") - at("compute:committed");
  const serve = at("serve:committed") - at("vote:committed");
  const summary = row.summary ? (JSON.parse(row.summary) as Record<string, unknown>) : {};
  const result = {
    state: row.state,
    merkleRoot: row.merkle_root,
    inputDigest: row.input_digest,
    reports: summary.reports,
    bundleBytes,
    segmentBytes,
    paid: row.paid === null ? null : String(row.paid),
    unallocated: row.unallocated === null ? null : String(row.unallocated),
    vote: { publisher: "in-process RecordingPublisher (vote recorded, not sent: no chain registry of this size here)", signature: row.vote_signature },
    seconds: {
      serviceOpen: opened,
      total: tEnd - t0,
      freeze,
      bundleAndComputeInWorker: bundleAndCompute,
      workerStartObserved: workerStart,
      bundleWriteObserved: bundleWrite,
      computeFromBundleObserved: firstGrowth > 0 ? at("compute:files-written") - lastGrowth : null,
      commitFilesAndAmounts: commit,
      vote: vote_,
      activateAndServe: serve,
    },
    rssMiBAtStep: rssAt,
    peakRssMiB: peakRssMiB(),
    bundlePath,
  };
  log(`epoch: ${row.state} in ${result.seconds.total.toFixed(1)} s (freeze ${freeze.toFixed(1)} s, bundle + compute ${bundleAndCompute.toFixed(1)} s, commit ${commit.toFixed(1)} s, vote ${vote_.toFixed(2)} s, activate + serve ${serve.toFixed(1)} s), peak RSS ${result.peakRssMiB} MiB`);
  log(`root ${row.merkle_root}, digest ${row.input_digest}`);
  return result;
}

async function verifyPhase(bundlePath: string, root: string, digest: string) {
  log(`verify: hexpin-oracle verify-epoch ${bundlePath} --root --digest (a third party's recomputation, own process)`);
  const r = await run([join(__dirname, "../bin/hexpin-oracle"), "verify-epoch", bundlePath, "--root", root, "--digest", digest, "--json"], process.env);
  let v: { status: string; merkleRoot: string; inputDigest?: string; resources?: { peakRssMiB: number; cpuSeconds: number }; reasons?: string[] };
  try {
    v = JSON.parse(r.stdout);
  } catch {
    throw new Error(`verify-epoch exited ${r.exitCode} without JSON: ${r.stdout.slice(0, 500)}`);
  }
  log(`verify: ${v.status} in ${r.seconds.toFixed(1)} s, root ${v.merkleRoot}, peak RSS ${v.resources?.peakRssMiB} MiB`);
  return { status: v.status, exitCode: r.exitCode, reasons: v.reasons, merkleRoot: v.merkleRoot, wallSeconds: r.seconds, peakRssMiB: v.resources?.peakRssMiB, cpuSeconds: v.resources?.cpuSeconds };
}

async function main(): Promise<void> {
  const dir = process.env.HEXPIN_BENCH_DIR ?? mkdtempSync(join(tmpdir(), "hexpin-bench-epoch-"));
  mkdirSync(dir, { recursive: true });
  log(`bench:epoch — ${fmt(Number(process.env.HEXPIN_BENCH_HOTSPOTS ?? 100_000))} hotspots, database ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "PGlite"}, data dir ${dir}`);
  try {
    // HEXPIN_BENCH_REUSE=1 with HEXPIN_BENCH_DIR: the reports stored by an earlier run (kept with HEXPIN_BENCH_KEEP=1) are used again
    const saved = join(dir, "store-phase.json");
    const reuse = process.env.HEXPIN_BENCH_REUSE === "1" && existsSync(saved);
    const stored = reuse ? (JSON.parse(readFileSync(saved, "utf8")) as Awaited<ReturnType<typeof storePhase>>) : await storePhase(dir);
    if (reuse) log(`store: reusing the reports stored in ${dir} by an earlier run`);
    else writeFileSync(saved, JSON.stringify(stored));
    log(`PHASE store ${JSON.stringify({ ...stored, epochConfig: undefined })}`);
    const epoch = await epochPhase(dir, stored);
    log(`PHASE epoch ${JSON.stringify(epoch)}`);
    const verify = VERIFY && epoch.bundlePath ? await verifyPhase(epoch.bundlePath, epoch.merkleRoot!, epoch.inputDigest!) : null;
    const identical = verify ? verify.status === "verified" && verify.merkleRoot === epoch.merkleRoot : null;
    console.log(
      JSON.stringify(
        {
          hotspots: stored.hotspots,
          database: process.env.DATABASE_URL ? "postgresql" : "pglite",
          store: {
            simulated: stored.simulated,
            storedByEpoch: stored.stored,
            duplicatesDropped: stored.duplicatesDropped,
            signedBy: stored.signedBy,
            seconds: stored.seconds,
            wallSeconds: stored.wallSeconds,
            peakRssMiB: stored.peakRssMiB,
          },
          epoch,
          thirdPartyVerify: verify,
          rootIdenticalToThirdParty: identical,
        },
        null,
        2,
      ),
    );
    if (identical === false) {
      log("FAIL: the service's root differs from verify-epoch's");
      process.exitCode = 1;
    }
  } finally {
    if (process.env.HEXPIN_BENCH_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
