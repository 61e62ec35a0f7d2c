// `hexpin-oracle write-scenario --seed N --hotspots N --out <bundle>`: writes a
// small, fully signed epoch bundle (epoch-scenario.ts) for demos and fixtures.
// For realistic traffic with adversaries use `simulate-epoch` (oracle/src/sim).

import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { encodeBundle } from "../epoch/bundle";
import { buildScenario } from "../epoch/epoch-scenario";

export function writeScenarioCommand(): Command {
  return new Command("write-scenario")
    .description("write a small signed epoch bundle from a seeded scenario")
    .addOption(new Option("--seed <n>", "scenario seed").env("HEXPIN_SEED").default("1").argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option("--hotspots <n>", "fleet size").env("HEXPIN_HOTSPOTS").default("20").argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option("--epoch <n>", "epoch number").env("HEXPIN_EPOCH").default("1").argParser((v) => Number.parseInt(v, 10)))
    .requiredOption("--out <path>", "bundle path to write", process.env.HEXPIN_OUT)
    .action((opts: { seed: number; hotspots: number; epoch: number; out: string }) => {
      const { inputs } = buildScenario({ seed: opts.seed, hotspots: opts.hotspots, epoch: opts.epoch });
      const bytes = encodeBundle(inputs);
      writeFileSync(opts.out, bytes);
      console.log(`wrote ${opts.out}: ${inputs.hotspots.length} hotspots, ${inputs.reports.length} reports, ${bytes.length} bytes`);
    });
}
