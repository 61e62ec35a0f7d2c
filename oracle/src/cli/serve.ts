// `hexpin-oracle serve`: the leader oracle service — report intake over HTTP,
// durable storage, the epoch state machine, proofs and coverage. Registry,
// entropy, schedule and emission come from the chain (-u, --network).
// Root votes go out with the oracle key (-k) through the RPC RootPublisher
// (publish/chain-root-publisher.ts); --crank also closes ended epochs.

import { Command, Option, InvalidArgumentError } from "commander";
import { EpochSchedule } from "../service/clock";
import { OracleService } from "../service/oracle-service";
import { addServiceOptions, chainConfig, ConfigError, oracleInSet, readSchedule, resolveService, serviceClock, ServiceFlags } from "./service-options";

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
        const inSet = await oracleInSet(r);
        const summary = { oracle: r.oracle.publicKey.toBase58(), oracleInSet: inSet, cluster: r.rpcUrl, programId: r.programId.toBase58(), network: r.network.toBase58(), dataDir: r.dataDir, database: f.databaseUrl ? "postgresql" : "pglite", schedule, clock: f.clock, crank: !!f.crank, listen: `${f.host}:${f.port}` };
        if (f.dryRun) {
          console.log(f.json ? JSON.stringify(summary, null, 2) : Object.entries(summary).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("\n"));
          return;
        }
        const clock = await serviceClock(r, f, (e) => console.error(`hexpin-oracle serve: chain clock read failed: ${(e as Error).message}`));
        const svc = await OracleService.start({
          clock,
          chain: chainConfig(r, f),
          map: { decimals: schedule.decimals ?? 6 },
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
        if (!inSet) svc.log.warn({ oracle: summary.oracle }, "this key is not in the network's oracle set: its root votes will be refused until set_oracles adds it");
        const stop = () => void svc.stop().then(() => {
          clock.stop?.();
          process.exit(0);
        });
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
