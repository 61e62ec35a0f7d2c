// A running oracle service over a small signed scenario (oracle/src/epoch/
// epoch-scenario.ts), on PGlite or a real PostgreSQL, with a manual clock so
// each report's receive time is exactly the scenario's and the service's root
// can be compared with the pure epoch function's.

import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildScenario, Scenario, SCENARIO_EPOCH_LENGTH_MS } from "../../../oracle/src/epoch/epoch-scenario";
import { canonicalReports, ReceivedReportBytes } from "../../../oracle/src/epoch/bundle";
import { inlineEpochJobRunner } from "../../../oracle/src/pipeline/compute-runner";
import type { PipelineStep } from "../../../oracle/src/pipeline/epoch-pipeline";
import type { RootPublisher } from "../../../oracle/src/pipeline/root-publisher";
import { fixedEmission } from "../../../oracle/src/publish/sources";
import { EpochSchedule, ManualClock } from "../../../oracle/src/service/clock";
import { OracleService, OracleServiceConfig } from "../../../oracle/src/service/oracle-service";
import { openDatabase } from "../../../oracle/src/store/database";
import { publishEntropy } from "../../../oracle/src/store/entropy";
import { replaceRegistry } from "../../../oracle/src/store/registry";
import type { PostgresServer } from "./postgres-server";

export type Backend = "pglite" | "postgres";

let template: Promise<string> | null = null;
/** A migrated, empty PGlite data directory, made once per test process (initdb takes seconds); copied per world. */
export function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "hexpin-pglite-template-"));
    const d = await openDatabase({ pgliteDir: join(dir, "pglite") });
    await d.close();
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

export interface WorldOptions {
  backend: Backend;
  pg?: PostgresServer;
  seed?: number;
  hotspots?: number;
  beaconsPerHotspot?: number;
  publisher?: RootPublisher;
  onStep?: (step: PipelineStep, epoch: number) => void;
  config?: Partial<OracleServiceConfig>;
}

export interface HttpResult {
  status: number;
  body: any;
  headers: Headers;
}

export class ServiceWorld {
  service!: OracleService;
  readonly clock: ManualClock;
  readonly schedule: EpochSchedule;
  readonly epoch: number;

  private constructor(readonly o: WorldOptions, readonly scenario: Scenario, readonly dataDir: string, readonly databaseUrl: string | undefined) {
    const w = scenario.inputs.window;
    this.epoch = scenario.inputs.epoch;
    this.schedule = new EpochSchedule(w.startMs - this.epoch * SCENARIO_EPOCH_LENGTH_MS, SCENARIO_EPOCH_LENGTH_MS);
    this.clock = new ManualClock(w.startMs);
  }

  static async create(o: WorldOptions): Promise<ServiceWorld> {
    const scenario = buildScenario({ seed: o.seed ?? 7, hotspots: o.hotspots ?? 24, beaconsPerHotspot: o.beaconsPerHotspot ?? 2 });
    const dataDir = mkdtempSync(join(tmpdir(), "hexpin-service-"));
    let databaseUrl: string | undefined;
    if (o.backend === "pglite") cpSync(join(await pgliteTemplate(), "pglite"), join(dataDir, "pglite"), { recursive: true });
    else databaseUrl = await o.pg!.freshDatabaseUrl();
    const world = new ServiceWorld(o, scenario, dataDir, databaseUrl);
    await world.start();
    await replaceRegistry(world.service.database.db, scenario.inputs.hotspots, world.clock.now());
    for (const e of scenario.inputs.entropy) await publishEntropy(world.service.database.db, e);
    await world.service.reloadRegistry();
    return world;
  }

  serviceConfig(): OracleServiceConfig {
    return {
      dataDir: this.dataDir,
      databaseUrl: this.databaseUrl,
      schedule: this.schedule,
      epochConfig: this.scenario.inputs.config,
      emission: fixedEmission(this.scenario.inputs.emission),
      clock: this.clock,
      firstEpoch: this.epoch,
      publisher: this.o.publisher,
      runJob: inlineEpochJobRunner,
      tickIntervalMs: 0,
      rateLimit: { capacity: 10_000, refillPerSec: 100 },
      onStep: this.o.onStep,
      logger: false,
      ...this.o.config,
    };
  }

  async start(): Promise<void> {
    this.service = await OracleService.start(this.serviceConfig());
  }

  async restart(): Promise<void> {
    await this.service.stop();
    await this.start();
  }

  get url(): string {
    return this.service.url!;
  }

  async http(method: string, path: string, body?: Uint8Array, contentType = "application/octet-stream"): Promise<HttpResult> {
    const res = await fetch(this.url + path, { method, body, headers: body ? { "content-type": contentType } : {}, redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  post(reports: readonly Uint8Array[], contentType?: string): Promise<HttpResult> {
    return this.http("POST", "/v1/reports", Buffer.concat(reports), contentType);
  }

  /** The scenario's reports in canonical order, grouped by receive time. */
  deliveries(): ReceivedReportBytes[][] {
    const groups: ReceivedReportBytes[][] = [];
    for (const r of canonicalReports(this.scenario.inputs.reports)) {
      const g = groups[groups.length - 1];
      if (g && g[0].receivedAtMs === r.receivedAtMs) g.push(r);
      else groups.push([r]);
    }
    return groups;
  }

  /** Posts every scenario report at its scenario receive time; throws on any refusal. */
  async deliverAll(): Promise<void> {
    for (const g of this.deliveries()) {
      this.clock.set(g[0].receivedAtMs);
      const r = await this.post(g.map((x) => x.bytes));
      if (r.status !== 200) throw new Error(`delivery refused: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }

  /** Moves the clock past the scenario epoch's end. */
  endEpoch(): void {
    this.clock.set(this.scenario.inputs.window.endMs + 1);
  }

  async stop(): Promise<void> {
    await this.service.stop();
    if (existsSync(this.dataDir)) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
