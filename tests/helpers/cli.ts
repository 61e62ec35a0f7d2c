// Running the `hexpin` CLI from tests: the runners live beside the CLI (sdk/src/cli/run.ts),
// shared with the demo.
export { BIN, runCli, spawnCli, type CliRun } from "../../sdk/src/cli/run";
