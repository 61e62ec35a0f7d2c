// A follower oracle process: no intake; it polls the leader, recomputes its
// epochs (pipeline/follower.ts) and serves the same read API (epochs, bundles
// it reproduced, proofs once a root is active).

import { join } from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { pino, Logger } from "pino";
import { ServiceMetrics } from "../api/metrics";
import { buildApi } from "../api/server";
import type { EpochConfig } from "../epoch/bundle";
import type { EmissionSource } from "../pipeline/epoch-pipeline";
import { FollowerPipeline, LeaderClient } from "../pipeline/follower";
import type { RootPublisher } from "../pipeline/root-publisher";
import { ArtifactStore } from "../store/artifacts";
import { Database, openDatabase } from "../store/database";
import { initMeta } from "../store/epochs";
import { Clock, EpochSchedule, systemClock } from "./clock";
import { lockDataDir } from "./data-dir-lock";

export interface FollowerServiceConfig {
  dataDir: string;
  databaseUrl?: string;
  host?: string;
  port?: number;
  leader: LeaderClient;
  schedule: EpochSchedule;
  epochConfig: EpochConfig;
  emission: EmissionSource;
  publisher?: RootPublisher;
  firstEpoch?: number;
  clock?: Clock;
  tickIntervalMs?: number;
  logger?: FastifyServerOptions["logger"];
}

export class FollowerService {
  private timer: NodeJS.Timeout | null = null;
  private constructor(readonly database: Database, readonly pipeline: FollowerPipeline, readonly app: FastifyInstance, readonly url: string, readonly log: Logger, private readonly unlock: () => void) {}

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
      const pipeline = new FollowerPipeline({
        db: database.db,
        leader: config.leader,
        artifacts,
        schedule: config.schedule,
        clock,
        config: config.epochConfig,
        emission: config.emission,
        firstEpoch,
        publisher: config.publisher,
        log: (ev) => log.info(ev),
      });
      const app = await buildApi(
        { db: database.db, intake: null, artifacts, metrics: new ServiceMetrics(), hotspot: () => undefined, notReady: async () => null, maxBodyBytes: 1024 },
        { logger: config.logger ?? false },
      );
      const url = await app.listen({ host: config.host ?? "127.0.0.1", port: config.port ?? 0 });
      const svc = new FollowerService(database, pipeline, app, url, log, unlock);
      const period = config.tickIntervalMs ?? 10_000;
      if (period > 0) {
        let busy = false;
        svc.timer = setInterval(() => {
          if (busy) return;
          busy = true;
          pipeline
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
    await this.app.close();
    await this.database.close();
    this.unlock();
  }
}
