// hexpin-oracle: one subcommand per file in this directory.

import { Command } from "commander";
import { followCommand } from "./follow";
import { serveCommand } from "./serve";
import { simulateEpochCommand } from "./simulate-epoch";
import { verifyEpochCommand } from "./verify-epoch";
import { writeScenarioCommand } from "./write-scenario";

export function oracleCli(): Command {
  return new Command("hexpin-oracle")
    .description("hexpin oracle: the oracle service, followers, and tools to simulate and recompute epochs")
    .addCommand(serveCommand())
    .addCommand(followCommand())
    .addCommand(verifyEpochCommand())
    .addCommand(simulateEpochCommand())
    .addCommand(writeScenarioCommand());
}

if (require.main === module) {
  oracleCli().parseAsync(process.argv).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    // exit now: a failed command may leave a progress timer or worker threads alive
    process.exit(2);
  });
}
