// The oracle service process the intake benchmark loads: PGlite (or
// DATABASE_URL) in a temp dir, a registry of HEXPIN_BENCH_FLEET hotspots,
// rate limits out of the way; prints its URL, serves until killed.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { epochConfig } from "../src/epoch/verifier-stage";
import { fixedEmission } from "../src/publish/sources";
import { EpochSchedule } from "../src/service/clock";
import { OracleService } from "../src/service/oracle-service";
import { replaceRegistry } from "../src/store/registry";
import { benchRegistry } from "./service-fleet";

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "hexpin-bench-service-"));
  const fleet = Number(process.env.HEXPIN_BENCH_FLEET ?? 2000);
  const svc = await OracleService.start({
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    schedule: new EpochSchedule(Date.now() - 1000, 86_400_000),
    epochConfig: epochConfig({}),
    emission: fixedEmission(1_000_000n),
    rateLimit: { capacity: 1e9, refillPerSec: 1e9 },
    maxBodyBytes: 1024 * 1024,
    tickIntervalMs: 0,
    logger: false,
  });
  await replaceRegistry(svc.database.db, benchRegistry(fleet), Date.now());
  await svc.reloadRegistry();
  process.stdout.write(`URL ${svc.url}\n`);
  const stop = async () => {
    await svc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + "\n");
  process.exit(1);
});
