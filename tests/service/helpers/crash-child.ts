// The process the crash suite kills. It runs a real oracle service (HTTP,
// segments, database) on a given data directory and drives one phase of a
// small signed scenario, printing what it achieved on stdout (written
// synchronously to the pipe, so a line seen is a thing done):
//
//   PHASE=ingest  posts every scenario report to its own API over loopback, in
//                 canonical order at the scenario's receive times; prints
//                 "ACK <group>" per acknowledged body, then "INGESTED"
//   PHASE=close   moves the clock past the epoch and runs the pipeline until the
//                 root is served; prints "CLOSED <root> <digest>"
//
// CRASH_AT=<pipeline step> makes it SIGKILL itself when the pipeline reaches
// that step, so crashes also land exactly between two durable effects.

import { buildScenario, SCENARIO_EPOCH_LENGTH_MS } from "../../../oracle/src/epoch/epoch-scenario";
import { canonicalReports, ReceivedReportBytes } from "../../../oracle/src/epoch/bundle";
import { inlineEpochJobRunner } from "../../../oracle/src/pipeline/compute-runner";
import { fixedEmission } from "../../../oracle/src/publish/sources";
import { EpochSchedule, ManualClock } from "../../../oracle/src/service/clock";
import { OracleService } from "../../../oracle/src/service/oracle-service";
import { publishEntropy } from "../../../oracle/src/store/entropy";
import { replaceRegistry } from "../../../oracle/src/store/registry";
import { FileBackedRootPublisher } from "./recording-root-publisher";

export const CRASH_SCENARIO = { seed: 11, hotspots: 10, beaconsPerHotspot: 2 };

export function crashScenario() {
  return buildScenario(CRASH_SCENARIO);
}

export function deliveryGroups(reports: readonly ReceivedReportBytes[]): ReceivedReportBytes[][] {
  const groups: ReceivedReportBytes[][] = [];
  for (const r of canonicalReports(reports)) {
    const g = groups[groups.length - 1];
    if (g && g[0].receivedAtMs === r.receivedAtMs) g.push(r);
    else groups.push([r]);
  }
  return groups;
}

async function main() {
  const env = process.env;
  const scenario = crashScenario();
  const { window, epoch } = scenario.inputs;
  const clock = new ManualClock(window.startMs);
  const crashAt = env.CRASH_AT ?? "";
  const service = await OracleService.start({
    dataDir: env.DATA_DIR!,
    databaseUrl: env.DATABASE_URL || undefined,
    schedule: new EpochSchedule(window.startMs - epoch * SCENARIO_EPOCH_LENGTH_MS, SCENARIO_EPOCH_LENGTH_MS),
    epochConfig: scenario.inputs.config,
    emission: fixedEmission(scenario.inputs.emission),
    clock,
    firstEpoch: epoch,
    publisher: new FileBackedRootPublisher(env.CHAIN_FILE!, "OracleA", 1),
    runJob: inlineEpochJobRunner,
    tickIntervalMs: 0,
    rateLimit: { capacity: 100_000, refillPerSec: 1000 },
    logger: false,
    onStep: (step) => {
      if (step === crashAt) process.kill(process.pid, "SIGKILL");
    },
  });
  await replaceRegistry(service.database.db, scenario.inputs.hotspots, clock.now());
  for (const e of scenario.inputs.entropy) await publishEntropy(service.database.db, e);
  await service.reloadRegistry();
  process.stdout.write("READY\n");

  if (env.PHASE === "ingest") {
    const groups = deliveryGroups(scenario.inputs.reports);
    for (let i = 0; i < groups.length; i++) {
      clock.set(groups[i][0].receivedAtMs);
      const res = await fetch(`${service.url}/v1/reports`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.concat(groups[i].map((r) => r.bytes)) });
      if (res.status !== 200) throw new Error(`group ${i} refused: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      process.stdout.write(`ACK ${i}\n`);
    }
    process.stdout.write("INGESTED\n");
  } else {
    clock.set(window.endMs + 1);
    for (let pass = 0; pass < 5; pass++) {
      await service.pipeline.tick();
      const row = await service.database.db.selectFrom("epochs").selectAll().where("epoch", "=", BigInt(epoch)).executeTakeFirstOrThrow();
      if (row.state === "served") {
        process.stdout.write(`CLOSED ${row.merkle_root} ${row.input_digest}\n`);
        break;
      }
    }
  }
  await service.stop();
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`crash child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(3);
  });
}
