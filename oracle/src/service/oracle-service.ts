// The running oracle: database, report segments, intake, epoch pipeline and
// HTTP API wired together, with the timers that drive them. `hexpin-oracle
// serve` builds one from flags; tests build one with fixed sources and a
// manual clock.

import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { pino, Logger } from "pino";
import { buildApi } from "../api/server";
import { ServiceMetrics } from "../api/metrics";
import type { EpochConfig } from "../epoch/bundle";
import { ReportIntake, RegistryIndex } from "../ingest/intake";
import { HotspotRateLimiter, RateLimitConfig } from "../ingest/rate-limit";
import { EpochJobRunner, workerEpochJobRunner } from "../pipeline/compute-runner";
import { EmissionSource, EpochPipeline, PipelineStep } from "../pipeline/epoch-pipeline";
import type { RootPublisher } from "../pipeline/root-publisher";
import type { EntropySource, RegistrySource } from "../publish/sources";
import { ArtifactStore } from "../store/artifacts";
import { Database, openDatabase } from "../store/database";
import { publishEntropy } from "../store/entropy";
import { initMeta, sealedEpochNumbers } from "../store/epochs";
import { loadRegistry, replaceRegistry } from "../store/registry";
import { ReportSegmentStore } from "../store/segments";
import type { HotspotInfo } from "../types";
import { Clock, EpochSchedule, systemClock } from "./clock";
import { lockDataDir } from "./data-dir-lock";

export interface OracleServiceConfig {
  /** segments, artifacts and (without databaseUrl) the PGlite database live here. */
  dataDir: string;
  databaseUrl?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  schedule: EpochSchedule;
  epochConfig: EpochConfig;
  emission: EmissionSource;
  clock?: Clock;
  registrySource?: RegistrySource;
  entropySource?: EntropySource;
  publisher?: RootPublisher;
  /** first epoch to compute; default the epoch current at the first start (then remembered). */
  firstEpoch?: number;
  rateLimit?: RateLimitConfig;
  maxBodyBytes?: number;
  /** how often the pipeline runs (default 5 s), the registry syncs (60 s) and entropy is polled (30 s); 0 disables a timer. */
  tickIntervalMs?: number;
  registrySyncIntervalMs?: number;
  entropyIntervalMs?: number;
  runJob?: EpochJobRunner;
  /** pino options, or false for silence. */
  logger?: FastifyServerOptions["logger"];
  onStep?: (step: PipelineStep, epoch: number) => void;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { capacity: 600, refillPerSec: 1 };
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export class OracleService {
  private timers: NodeJS.Timeout[] = [];
  private registry = new Map<string, HotspotInfo>();
  private stopped = false;

  private constructor(
    readonly config: OracleServiceConfig,
    readonly database: Database,
    readonly store: ReportSegmentStore,
    readonly artifacts: ArtifactStore,
    readonly intake: ReportIntake,
    readonly registryIndex: RegistryIndex,
    readonly pipeline: EpochPipeline,
    readonly metrics: ServiceMetrics,
    readonly clock: Clock,
    readonly log: Logger,
    public app: FastifyInstance | null,
    public url: string | null,
    private readonly unlock: () => void,
  ) {}

  static async start(config: OracleServiceConfig): Promise<OracleService> {
    const clock = config.clock ?? systemClock;
    const log = config.logger === false || config.logger === undefined ? pino({ enabled: false }) : pino(typeof config.logger === "object" ? (config.logger as object) : {});
    const unlock = lockDataDir(config.dataDir);
    let database: Database;
    try {
      database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: join(config.dataDir, "pglite") });
    } catch (e) {
      unlock();
      throw e;
    }
    try {
      const db = database.db;
      const firstEpoch = Number(await initMeta(db, "first_epoch", String(config.firstEpoch ?? Math.max(0, config.schedule.epochOf(clock.now())))));
      const sealed = await sealedEpochNumbers(db);
      const store = ReportSegmentStore.open(join(config.dataDir, "reports"), {
        isSealed: (e) => sealed.has(e),
        onRecovered: (ev) => log.warn(ev, "report segment recovered: torn tail cut"),
      });
      const artifacts = new ArtifactStore(join(config.dataDir, "artifacts"));
      artifacts.clearTmp();
      const metrics = new ServiceMetrics();
      const registryIndex = new RegistryIndex();
      const intake = new ReportIntake({
        store,
        registry: registryIndex,
        clock,
        schedule: config.schedule,
        rateLimiter: new HotspotRateLimiter(config.rateLimit ?? DEFAULT_RATE_LIMIT, clock),
        maxReportsPerBody: Math.floor((config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) / 178),
      });
      for (const e of sealed) intake.closeBefore(config.schedule.window(e).endMs);
      const pipeline = new EpochPipeline({
        db,
        store,
        artifacts,
        schedule: config.schedule,
        clock,
        config: config.epochConfig,
        emission: config.emission,
        runJob: config.runJob ?? workerEpochJobRunner,
        firstEpoch,
        intake,
        publisher: config.publisher,
        onStep: (step, epoch) => {
          metrics.epochSteps.inc({ step });
          config.onStep?.(step, epoch);
        },
        log: (ev) => log.info(ev),
      });
      const svc = new OracleService(config, database, store, artifacts, intake, registryIndex, pipeline, metrics, clock, log, null, null, unlock);
      await svc.reloadRegistry();
      svc.app = await buildApi(
        {
          db,
          intake,
          artifacts,
          metrics,
          hotspot: (k) => svc.registry.get(k),
          notReady: () => svc.notReady(),
          maxBodyBytes: config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        },
        { logger: config.logger ?? false },
      );
      svc.url = await svc.app.listen({ host: config.host ?? "127.0.0.1", port: config.port ?? 0 });
      svc.startTimers();
      return svc;
    } catch (e) {
      await database.close().catch(() => {});
      unlock();
      throw e;
    }
  }

  private startTimers(): void {
    const every = (ms: number | undefined, dflt: number, what: string, fn: () => Promise<unknown>) => {
      const period = ms ?? dflt;
      if (period <= 0) return;
      let busy = false;
      const run = () => {
        if (busy || this.stopped) return;
        busy = true;
        fn()
          .catch((e) => this.log.error({ err: e instanceof Error ? e.message : String(e), what }, `${what} failed; retrying`))
          .finally(() => (busy = false));
      };
      this.timers.push(setInterval(run, period));
      setImmediate(run);
    };
    if (this.config.entropySource) every(this.config.entropyIntervalMs, 30_000, "entropy poll", () => this.pollEntropy());
    if (this.config.registrySource) every(this.config.registrySyncIntervalMs, 60_000, "registry sync", () => this.syncRegistry());
    every(this.config.tickIntervalMs, 5_000, "epoch pipeline", () => this.pipeline.tick());
  }

  /** Stores the source's newest entropy if new (publication time = now). */
  async pollEntropy(): Promise<void> {
    const e = await this.config.entropySource!.latest();
    await publishEntropy(this.database.db, { id: e.id, value: e.value, publishedAtMs: this.clock.now() });
  }

  /** Replaces the registry table with the chain's hotspots and reloads the intake's index. */
  async syncRegistry(): Promise<void> {
    const hotspots = await this.config.registrySource!.fetchHotspots();
    await replaceRegistry(this.database.db, hotspots, this.clock.now());
    await this.reloadRegistry();
  }

  /** Reloads the intake's view of the registry table (after tests or a sync wrote it). */
  async reloadRegistry(): Promise<void> {
    const hotspots = await loadRegistry(this.database.db);
    this.registry = new Map(hotspots.map((h) => [h.key, h]));
    this.registryIndex.replace(hotspots);
    this.metrics.registrySize.set(hotspots.length);
  }

  async notReady(): Promise<string | null> {
    if (this.stopped) return "stopping";
    if (this.store.failed) return `report storage failed: ${this.store.failed.message}`;
    try {
      await this.database.db.selectFrom("meta").select("key").limit(1).execute();
    } catch (e) {
      return `database unreachable: ${e instanceof Error ? e.message : String(e)}`;
    }
    return null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.app?.close();
    await this.pipeline.idle();
    await this.store.close();
    await this.database.close();
    this.unlock();
  }
}
