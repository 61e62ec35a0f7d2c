// `hexpin-oracle follow --leader URL`: a follower oracle. Fetches each epoch's
// bundle from the leader, recomputes it, and accepts (and, with the program's
// post_epoch_root, votes) only a root it reproduced; otherwise it logs and
// records why and withholds its vote.

import { Command, Option } from "commander";
import { httpLeaderClient } from "../pipeline/follower";
import { EpochSchedule } from "../service/clock";
import { FollowerService } from "../service/follower-service";
import { addServiceOptions, ConfigError, readSchedule, resolveService, ServiceFlags } from "./service-options";

export function followCommand(): Command {
  return addServiceOptions(new Command("follow").description("follow a leader oracle: recompute its epochs and vote only reproduced roots"))
    .addOption(new Option("--leader <url>", "the leader oracle's base URL").env("HEXPIN_LEADER"))
    .action(async (f: ServiceFlags & { leader?: string }) => {
      try {
        if (!f.leader || !/^https?:\/\//.test(f.leader)) throw new ConfigError("--leader (HEXPIN_LEADER) must be the leader oracle's http(s) URL");
        const r = resolveService(f);
        const schedule = await readSchedule(r);
        if (f.dryRun) {
          console.log(JSON.stringify({ oracle: r.oracle.publicKey.toBase58(), leader: f.leader, cluster: r.rpcUrl, network: r.network.toBase58(), schedule }, null, 2));
          return;
        }
        const svc = await FollowerService.start({
          dataDir: r.dataDir,
          databaseUrl: f.databaseUrl,
          host: f.host,
          port: f.port,
          leader: httpLeaderClient(f.leader),
          schedule: new EpochSchedule(schedule.genesisMs, schedule.epochLengthMs),
          epochConfig: r.epochConfig,
          emission: r.chain,
          firstEpoch: f.firstEpoch,
          logger: { level: f.logLevel },
        });
        svc.log.info({ url: svc.url, leader: f.leader, oracle: r.oracle.publicKey.toBase58() }, "follower listening");
        const stop = () => void svc.stop().then(() => process.exit(0));
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(`hexpin-oracle follow: ${e.message}`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
}
