// The first half of `npm run bench:epoch`, in its own process (so the epoch's
// figures are not the simulator's memory): simulates one epoch's signed
// reports (the simulator and signing path of `simulate-epoch`), then stores
// them as the service does — the registry and entropy in the service's
// database (PGlite in the data dir, or DATABASE_URL), every report in the
// service's segment files through ReportSegmentStore.append, each routed to
// the epoch of its receive time and dropped when its hash is already stored
// (the intake's idempotence) — without HTTP. Prints one JSON line for the
// parent: what was stored, the epoch window and config the service needs.
//
// Env: HEXPIN_BENCH_DIR (required, the service data dir), HEXPIN_BENCH_HOTSPOTS,
// HEXPIN_BENCH_SEED, HEXPIN_BENCH_CITY, HEXPIN_BENCH_BEACONS, DATABASE_URL.

import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { progressBar, note } from "../src/cli/progress";
import { processResources } from "../src/cli/epoch-report";
import { epochConfig } from "../src/epoch/verifier-stage";
import { EpochSchedule } from "../src/service/clock";
import { CITY_NAMES, CityName, signSimulatedReports } from "../src/sim";
import { openDatabase } from "../src/store/database";
import { publishEntropy } from "../src/store/entropy";
import { initMeta } from "../src/store/epochs";
import { replaceRegistry } from "../src/store/registry";
import { reportHash, ReportSegmentStore, StoredReport } from "../src/store/segments";

/** The epoch the bench computes (the simulated window is this epoch of its schedule). */
export const BENCH_EPOCH = 1;
/** Reports per append (a large intake body) and appends in flight before waiting for durability. */
const APPEND_BATCH = 4096;
const APPENDS_IN_FLIGHT = 8;

export interface StorePhaseResult {
  window: { startMs: number; endMs: number };
  epochConfig: unknown;
  hotspots: number;
  signedBy: string;
  simulated: number;
  stored: Record<string, number>;
  duplicatesDropped: number;
  reportBytes: number;
  /** a rough bundle size for the progress bar. */
  bundleBytesEstimate: number;
  seconds: { fleet: number; simulateAndSign: number; database: number; store: number };
  peakRssMiB: number;
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const dir = process.env.HEXPIN_BENCH_DIR;
  if (!dir) throw new Error("HEXPIN_BENCH_DIR must name the service data dir");
  const hotspots = Number(process.env.HEXPIN_BENCH_HOTSPOTS ?? 100_000);
  const seed = process.env.HEXPIN_BENCH_SEED ?? "1";
  const city = (process.env.HEXPIN_BENCH_CITY ?? "us-metros") as CityName;
  const beacons = Number(process.env.HEXPIN_BENCH_BEACONS ?? 4);
  if (!CITY_NAMES.includes(city)) throw new Error(`HEXPIN_BENCH_CITY must be one of ${CITY_NAMES.join(", ")}`);
  if (!Number.isSafeInteger(hotspots) || hotspots < 1) throw new Error("HEXPIN_BENCH_HOTSPOTS must be a positive integer");

  const simBar = progressBar("simulate + sign (beacons)");
  let started = false;
  const signed = await signSimulatedReports(
    { seed, hotspots, city, beaconsPerHotspot: beacons },
    {
      // the service's first epoch: the simulated world's first day, no previous PoC state
      epoch: BENCH_EPOCH,
      tmpDir: dir,
      onProgress: (_phase, done, total) => {
        if (!started) simBar.start(total, 0);
        started = true;
        simBar.update(done);
      },
    },
  );
  if (started) simBar.stop();
  const { sim, sorter } = signed;
  const total = sorter.count;

  const t0 = performance.now();
  const length = sim.window.endMs - sim.window.startMs;
  const schedule = new EpochSchedule(sim.window.startMs - BENCH_EPOCH * length, length);
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, pgliteDir: join(dir, "pglite") });
  const stored: Record<string, number> = {};
  let duplicates = 0;
  let reportBytes = 0;
  let tDb = t0;
  try {
    const db = database.db;
    const existing = await db.selectFrom("epochs").select("epoch").limit(1).execute();
    if (existing.length) throw new Error("the database already holds epochs: point DATABASE_URL at an empty database");
    await initMeta(db, "first_epoch", String(BENCH_EPOCH));
    await replaceRegistry(db, sim.registry, sim.window.startMs);
    for (const e of sim.entropy) await publishEntropy(db, e);
    tDb = performance.now();

    const store = ReportSegmentStore.open(join(dir, "reports"), { isSealed: () => false });
    const bar = progressBar("store in segment files (reports)");
    bar.start(total, 0);
    const inFlight: Promise<void>[] = [];
    let epoch = -1;
    let batch: StoredReport[] = [];
    let hashes: Buffer[] = [];
    let inBatch = new Set<string>();
    let done = 0;
    const flush = async () => {
      if (batch.length) {
        inFlight.push(store.append(epoch, batch, hashes));
        stored[epoch] = (stored[epoch] ?? 0) + batch.length;
        reportBytes += batch.reduce((n, r) => n + r.bytes.length, 0);
      }
      batch = [];
      hashes = [];
      inBatch = new Set();
      while (inFlight.length > APPENDS_IN_FLIGHT) await inFlight.shift();
    };
    for (const r of sorter.sorted()) {
      const e = schedule.epochOf(r.receivedAtMs);
      if (e !== epoch || batch.length === APPEND_BATCH) {
        await flush();
        epoch = e;
      }
      const h = reportHash(r.bytes);
      const hex = h.toString("hex");
      // the intake's idempotence: a report already stored (this epoch or the one before) is acknowledged, not stored again
      if (inBatch.has(hex) || store.has(e, h) || store.has(e - 1, h)) duplicates++;
      else {
        inBatch.add(hex);
        batch.push({ receivedAtMs: r.receivedAtMs, bytes: Buffer.from(r.bytes) });
        hashes.push(h);
      }
      if (++done % 50_000 === 0) bar.update(done);
    }
    await flush();
    await Promise.all(inFlight);
    bar.update(done);
    bar.stop();
    await store.close();
    note(`stored ${Object.entries(stored).map(([e, n]) => `${n.toLocaleString("en-US")} in epoch ${e}`).join(", ")}; ${duplicates.toLocaleString("en-US")} duplicate deliveries dropped`);
  } finally {
    sorter.discard();
    await database.close();
  }
  const r = processResources();
  const result: StorePhaseResult = {
    window: sim.window,
    epochConfig: epochConfig({ rules: sim.config }),
    hotspots: sim.registry.length,
    signedBy: signed.signedBy,
    simulated: total,
    stored,
    duplicatesDropped: duplicates,
    reportBytes,
    bundleBytesEstimate: Math.round(reportBytes * 1.4) + 400 * sim.registry.length,
    seconds: { ...signed.seconds, database: (tDb - t0) / 1000, store: (performance.now() - tDb) / 1000 },
    peakRssMiB: r.peakRssMiB,
    cpuSeconds: r.cpuSeconds,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + "\n");
    process.exit(1);
  });
}
