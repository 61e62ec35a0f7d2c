// `npm run localnet [-- options]`: a real local Solana chain for hexpin, like
// `solana-test-validator` + `anchor deploy` + `anchor migrate` in one command:
// Surfpool's engine on 8899 (JSON-RPC) and 8900 (websocket), hexpin deployed through the
// upgradeable loader with ~/.config/solana/id.json (created and funded when missing) as
// upgrade authority, then migrations/deploy.ts. Runs until Ctrl-C, then stops cleanly.
// Every option is also an environment variable (shown in --help).
import { Command, InvalidArgumentError, Option } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { DEFAULT_KEYPAIR_PATH } from "../sdk/src/client";
import { PortInUseError } from "../sdk/src/localnet/forward";
import { DEFAULT_PROGRAM_SO, DEFAULT_TX_LOG, startLocalnet } from "../sdk/src/localnet/localnet";

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("expected a port number (0 = any free port)");
  return n;
};
const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

const opts = new Command()
  .name("localnet")
  .description("Run a local Solana chain (Surfpool) with hexpin deployed and a network initialized")
  .addOption(new Option("--rpc-port <port>", "JSON-RPC port").env("HEXPIN_LOCALNET_RPC_PORT").default(8899).argParser(port))
  .addOption(new Option("--ws-port <port>", "websocket port (default: RPC port + 1)").env("HEXPIN_LOCALNET_WS_PORT").argParser(port))
  .addOption(new Option("--host <address>", "address to listen on").env("HEXPIN_LOCALNET_HOST").default("127.0.0.1"))
  .addOption(new Option("--slot-ms <ms>", "slot time").env("HEXPIN_LOCALNET_SLOT_MS").default(400).argParser(positive))
  .addOption(new Option("-k, --keypair <path>", "wallet: upgrade authority and network creator (created when missing)").env("HEXPIN_KEYPAIR").default(DEFAULT_KEYPAIR_PATH))
  .addOption(new Option("--program <path>", "program binary to deploy").env("HEXPIN_PROGRAM_SO").default(DEFAULT_PROGRAM_SO))
  .addOption(new Option("--no-deploy", "start the chain only").env("HEXPIN_LOCALNET_NO_DEPLOY"))
  .addOption(new Option("--no-migrate", "deploy, but do not run migrations/deploy.ts").env("HEXPIN_LOCALNET_NO_MIGRATE"))
  .addOption(new Option("--tx-log <path>", "transaction log (JSON lines)").env("HEXPIN_LOCALNET_TX_LOG").default(DEFAULT_TX_LOG))
  .addOption(new Option("--json", "print the endpoints as one JSON line once ready").env("HEXPIN_JSON"))
  .parse()
  .opts<{ rpcPort: number; wsPort?: number; host: string; slotMs: number; keypair: string; program: string; deploy: boolean; migrate: boolean; txLog: string; json?: boolean }>();

const say = (line: string) => process.stderr.write(`[localnet] ${line}\n`);

async function main() {
  const bar = new SingleBar({ format: "[localnet] deploy {phase} [{bar}] {value}/{total}", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2_000, hideCursor: true }, Presets.shades_classic);
  let barPhase = "";
  const net = await startLocalnet({
    rpcPort: opts.rpcPort,
    wsPort: opts.wsPort,
    host: opts.host,
    slotTimeMs: opts.slotMs,
    walletPath: opts.keypair,
    programSo: opts.deploy ? opts.program : null,
    migration: opts.migrate ? undefined : null,
    txLogPath: opts.txLog,
    log: say,
    onDeployProgress: (p) => {
      if (p.phase !== barPhase) {
        if (barPhase) bar.stop();
        barPhase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase });
      } else bar.update(p.done, { phase: p.phase });
      if (p.phase === "deploy" || p.phase === "upgrade") {
        if (p.done === p.total) bar.stop();
      }
    },
  });
  bar.stop();
  const info = {
    rpcUrl: net.rpcUrl,
    wsUrl: net.wsUrl,
    programId: net.programId.toBase58(),
    deploy: net.deploy?.action ?? "skipped",
    upgradeAuthority: net.wallet.publicKey.toBase58(),
    wallet: net.walletPath,
    network: net.network?.toBase58() ?? null,
    txLog: net.txLogPath,
    readyMs: net.timings.ready,
  };
  if (opts.json) console.log(JSON.stringify(info));
  else {
    console.log(`hexpin localnet ready in ${(info.readyMs / 1000).toFixed(1)} s`);
    console.log(`  JSON-RPC   ${info.rpcUrl}   (-u localnet)`);
    console.log(`  websocket  ${info.wsUrl}`);
    console.log(`  program    ${info.programId}   (${info.deploy}; upgrade authority ${info.upgradeAuthority})`);
    console.log(`  network    ${info.network ?? "(not initialized)"}`);
    console.log(`  wallet     ${info.wallet}`);
    console.log(`  tx log     ${info.txLog ?? "(off)"}`);
    console.log("Press Ctrl-C to stop.");
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    net.stop().then(
      () => {
        say("stopped");
        process.exit(0);
      },
      (e) => {
        say(`stop failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((e: unknown) => {
  const message = e instanceof PortInUseError || e instanceof Error ? e.message : String(e);
  console.error(`localnet: ${message}`);
  process.exit(1);
});
