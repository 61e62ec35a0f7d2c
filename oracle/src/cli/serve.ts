// `hexpin-oracle serve`: the leader oracle service — report intake over HTTP,
// durable storage, the epoch state machine, proofs and coverage. Registry,
// entropy, schedule and emission come from the chain (-u, --network).
// Root votes are cast once the program's post_epoch_root is available to the
// SDK client (until then epochs stop at "computed").

import { Command, Option, InvalidArgumentError } from "commander";
import { EpochSchedule } from "../service/clock";
import { OracleService } from "../service/oracle-service";
import { addServiceOptions, ConfigError, readSchedule, resolveService, ServiceFlags } from "./service-options";

interface ServeFlags extends ServiceFlags {
  rateBurst: number;
  ratePerSec: number;
  maxBodyBytes: number;
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};

export function serveCommand(): Command {
  return addServiceOptions(new Command("serve").description("run the oracle service: report intake, epochs, proofs and coverage over HTTP"))
    .addOption(new Option("--rate-burst <n>", "reports a hotspot may send at once").env("HEXPIN_RATE_BURST").default(600).argParser(positive("--rate-burst")))
    .addOption(new Option("--rate-per-sec <x>", "sustained reports per second per hotspot").env("HEXPIN_RATE_PER_SEC").default(1).argParser(positive("--rate-per-sec")))
    .addOption(new Option("--max-body-bytes <n>", "largest report body").env("HEXPIN_MAX_BODY_BYTES").default(256 * 1024).argParser(positive("--max-body-bytes")))
    .action(async (f: ServeFlags) => {
      try {
        const r = resolveService(f);
        const schedule = await readSchedule(r);
        const summary = { oracle: r.oracle.publicKey.toBase58(), cluster: r.rpcUrl, programId: r.programId.toBase58(), network: r.network.toBase58(), dataDir: r.dataDir, database: f.databaseUrl ? "postgresql" : "pglite", schedule, listen: `${f.host}:${f.port}` };
        if (f.dryRun) {
          console.log(f.json ? JSON.stringify(summary, null, 2) : Object.entries(summary).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("\n"));
          return;
        }
        const svc = await OracleService.start({
          dataDir: r.dataDir,
          databaseUrl: f.databaseUrl,
          host: f.host,
          port: f.port,
          schedule: new EpochSchedule(schedule.genesisMs, schedule.epochLengthMs),
          epochConfig: r.epochConfig,
          emission: r.chain,
          registrySource: r.chain,
          entropySource: r.chain,
          firstEpoch: f.firstEpoch,
          rateLimit: { capacity: f.rateBurst, refillPerSec: f.ratePerSec },
          maxBodyBytes: f.maxBodyBytes,
          logger: { level: f.logLevel },
        });
        svc.log.info({ ...summary, url: svc.url }, "oracle service listening");
        const stop = () => void svc.stop().then(() => process.exit(0));
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(`hexpin-oracle serve: ${e.message}`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
}
