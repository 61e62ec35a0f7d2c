// A follower oracle process: no intake; it polls the leader, recomputes its
// epochs (pipeline/follower.ts) and serves the same read API (epochs, bundles
// it reproduced, proofs once a root is active).

import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { pino, Logger } from "pino";
import { ServiceMetrics } from "../api/metrics";
import { buildApi } from "../api/server";
import type { EpochConfig } from "../epoch/bundle";
import type { EmissionSource, FrozenInputs } from "../pipeline/epoch-pipeline";
import { FollowerPipeline, FollowVerdict, LeaderClient } from "../pipeline/follower";
import type { HotspotInfo } from "../types";
import type { RootPublisher } from "../pipeline/root-publisher";
import { ArtifactStore } from "../store/artifacts";
import { Database, openDatabase } from "../store/database";
import { initMeta } from "../store/epochs";
import { Clock, EpochSchedule, systemClock } from "./clock";
import { lockDataDir } from "./data-dir-lock";
import { ChainConfig, chainParts } from "./chain-config";
import { MAP_API_PREFIX, MAP_PAGE_PATH, ServiceMap } from "./service-map";
import type { EpochCrank } from "../publish/epoch-crank";
import type { EpochJobRunner } from "../pipeline/compute-runner";

export interface FollowerServiceConfig {
  dataDir: string;
  databaseUrl?: string;
  host?: string;
  port?: number;
  leader: LeaderClient;
  schedule: EpochSchedule;
  epochConfig: EpochConfig;
  emission: EmissionSource;
  /** votes reproduced roots (and, with `crank`, closes epochs) on this chain; ignored when `publisher` is given. */
  chain?: ChainConfig;
  /** an explicit RootPublisher (tests); without it and without `chain`, nothing is voted. */
  publisher?: RootPublisher;
  firstEpoch?: number;
  /** where recomputations run (default: a worker thread). */
  runJob?: EpochJobRunner;
  clock?: Clock;
  tickIntervalMs?: number;
  /** the coverage map at /map/ (data under /v1/map/…) of reproduced epochs: the token's decimals, or false (default 6). */
  map?: { decimals: number } | false;
  logger?: FastifyServerOptions["logger"];
}

export class FollowerService {
  private timer: NodeJS.Timeout | null = null;
  private crankTimer: NodeJS.Timeout | null = null;
  /** the EpochCrank when `chain.crank` is set. */
  crank: EpochCrank | null = null;
  /** the coverage map's data (null with `map: false`). */
  map: ServiceMap | null = null;
  /** hotspots as of the newest served epoch's bundle: which life of a key `/v1/rewards` answers for. */
  private registry = new Map<string, HotspotInfo>();
  private registryEpoch = -1;
  private constructor(readonly database: Database, readonly pipeline: FollowerPipeline, readonly app: FastifyInstance, readonly url: string, readonly log: Logger, private readonly unlock: () => void) {}

  /** One follower pass (what the timer runs): check the leader's epochs, vote, and refresh the proof registry. */
  async tick(): Promise<FollowVerdict[]> {
    const verdicts = await this.pipeline.tick();
    await this.refreshRegistry();
    await this.map?.refresh();
    return verdicts;
  }

  /** Loads the registry of the newest served epoch (a follower has no intake, so no registry sync of its own). */
  async refreshRegistry(): Promise<void> {
    const row = await this.database.db.selectFrom("epochs").select(["epoch", "frozen_inputs"]).where("state", "=", "served").orderBy("epoch", "desc").limit(1).executeTakeFirst();
    if (!row?.frozen_inputs || Number(row.epoch) === this.registryEpoch) return;
    const frozen = JSON.parse(row.frozen_inputs) as FrozenInputs;
    this.registry = new Map(frozen.hotspots.map((h) => [h.key, h]));
    this.registryEpoch = Number(row.epoch);
  }

  static async start(config: FollowerServiceConfig): Promise<FollowerService> {
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
      const firstEpoch = Number(await initMeta(database.db, "first_epoch", String(config.firstEpoch ?? Math.max(0, config.schedule.epochOf(clock.now()) - 1))));
      const artifacts = new ArtifactStore(join(config.dataDir, "artifacts"));
      artifacts.clearTmp();
      const map = config.map === false ? null : new ServiceMap(config.map?.decimals ?? 6, database.db, artifacts, (ev) => log.warn(ev));
      await map?.load();
      const chain = config.chain && !config.publisher ? chainParts(config.chain, database.db, () => clock.now(), undefined, (ev) => log.info(ev)) : null;
      const pipeline = new FollowerPipeline({
        db: database.db,
        leader: config.leader,
        artifacts,
        schedule: config.schedule,
        clock,
        config: config.epochConfig,
        emission: config.emission,
        firstEpoch,
        publisher: config.publisher ?? chain?.publisher,
        runJob: config.runJob,
        onMapSnapshot: map ? (epoch, path) => map.addSnapshotFile(epoch, path) : undefined,
        log: (ev) => log.info(ev),
      });
      // eslint-disable-next-line prefer-const
      let svc: FollowerService | undefined;
      const app = await buildApi(
        { db: database.db, intake: null, artifacts, metrics: new ServiceMetrics(), hotspot: (k) => svc?.registry.get(k), notReady: async () => null, maxBodyBytes: 1024 },
        { logger: config.logger ?? false, map: map ? { provider: map.store, pagePath: MAP_PAGE_PATH, apiPrefix: MAP_API_PREFIX } : undefined },
      );
      const url = await app.listen({ host: config.host ?? "127.0.0.1", port: config.port ?? 0 });
      svc = new FollowerService(database, pipeline, app, url, log, unlock);
      svc.map = map;
      await svc.refreshRegistry();
      svc.crank = chain?.crank ?? null;
      const period = config.tickIntervalMs ?? 10_000;
      if (period > 0 && svc.crank) {
        let cranking = false;
        svc.crankTimer = setInterval(() => {
          if (cranking) return;
          cranking = true;
          svc.crank!
            .crank()
            .catch((e) => log.error({ err: (e as Error).message }, "epoch crank failed; retrying"))
            .finally(() => (cranking = false));
        }, period);
      }
      if (period > 0) {
        let busy = false;
        svc.timer = setInterval(() => {
          if (busy) return;
          busy = true;
          svc!
            .tick()
            .catch((e) => log.error({ err: (e as Error).message }, "follower pass failed; retrying"))
            .finally(() => (busy = false));
        }, period);
      }
      return svc;
    } catch (e) {
      await database.close().catch(() => {});
      unlock();
      throw e;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.crankTimer) clearInterval(this.crankTimer);
    await this.app.close();
    await this.pipeline.idle();
    await this.database.close();
    this.unlock();
  }
}
