// Flags shared by `serve` and `follow`, Solana-style: -u/--url, -k/--keypair,
// --dry-run; each also from the environment. Every misconfiguration is one
// sentence naming the flag and its environment variable.

import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { decodeNetwork, HEXPIN_PROGRAM_ID } from "@hexpin/sdk";
import { ChainClock } from "../publish/chain-clock";
import type { ChainConfig } from "../service/chain-config";
import { Clock, systemClock } from "../service/clock";
import type { EpochConfig } from "../epoch/bundle";
import { epochConfig, PocStageConfig } from "../epoch/verifier-stage";
import { defaultPocConfig } from "../verify/config";
import type { ProfileName } from "../verify/profile";
import { ChainSources, clusterUrl } from "../publish/chain-sources";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface ServiceFlags {
  url: string;
  keypair: string;
  programId: string;
  network?: string;
  dataDir: string;
  databaseUrl?: string;
  host: string;
  port: number;
  firstEpoch?: number;
  rules?: string;
  /** PoC rule profile (verify/profile.ts) when --rules gives no rules. */
  profile?: string;
  logLevel: string;
  dryRun?: boolean;
  json?: boolean;
  crank?: boolean;
  clock: "system" | "chain";
}

const intIn = (min: number, max: number, what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer in [${min}, ${max}]`);
  return n;
};

export function addServiceOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("-u, --url <cluster>", "cluster: localnet, devnet, mainnet-beta or an RPC URL").env("HEXPIN_URL").default("localnet"))
    .addOption(new Option("-k, --keypair <path>", "the oracle's keypair file (signs root votes)").env("HEXPIN_KEYPAIR").default(join(homedir(), ".config", "solana", "id.json")))
    .addOption(new Option("--program-id <address>", "hexpin program id").env("HEXPIN_PROGRAM_ID").default(HEXPIN_PROGRAM_ID.toBase58()))
    .addOption(new Option("--network <address>", "the hexpin Network account this oracle serves").env("HEXPIN_NETWORK"))
    .addOption(new Option("--data-dir <path>", "report segments, bundles and the embedded database").env("HEXPIN_DATA_DIR").default("hexpin-oracle-data"))
    .addOption(new Option("--database-url <url>", "PostgreSQL server (postgres://…); default: embedded PGlite in --data-dir").env("DATABASE_URL"))
    .addOption(new Option("--host <address>", "address to listen on").env("HEXPIN_HOST").default("127.0.0.1"))
    .addOption(new Option("-p, --port <n>", "port to listen on (0: any free port)").env("HEXPIN_PORT").default(8080).argParser(intIn(0, 65535, "--port")))
    .addOption(new Option("--first-epoch <n>", "first epoch to compute (default: the current one at first start)").env("HEXPIN_FIRST_EPOCH").argParser(intIn(0, Number.MAX_SAFE_INTEGER, "--first-epoch")))
    .addOption(new Option("--rules <path>", "PoC rules as JSON ({ rules, denylist }); default: hexpin's defaults").env("HEXPIN_RULES"))
    .addOption(new Option("--profile <name>", "PoC rule profile's defaults when --rules gives no rules (hexpin; helium: Helium's iot_verifier decisions)").env("HEXPIN_PROFILE").choices(["hexpin", "helium"]))
    .addOption(new Option("--log-level <level>", "log level").env("HEXPIN_LOG_LEVEL").choices(["trace", "debug", "info", "warn", "error"]).default("info"))
    .addOption(new Option("--crank", "also send advance_epoch once an epoch has ended (several oracles may race; one wins)").env("HEXPIN_CRANK"))
    .addOption(new Option("--clock <source>", "time source for receive times and epoch ends: system, or the chain's Clock sysvar (follows localnet time travel)").env("HEXPIN_CLOCK").choices(["system", "chain"]).default("system"))
    .addOption(new Option("--dry-run", "check the configuration and the cluster, print them, and exit").env("HEXPIN_DRY_RUN"))
    .addOption(new Option("--json", "print --dry-run output as JSON").env("HEXPIN_JSON"));
}

export interface ResolvedService {
  rpcUrl: string;
  /** reads and votes at "confirmed" (the sources read "finalized"). */
  connection: Connection;
  oracle: Keypair;
  programId: PublicKey;
  network: PublicKey;
  dataDir: string;
  epochConfig: EpochConfig;
  chain: ChainSources;
}

function address(v: string, flag: string, env: string): PublicKey {
  try {
    return new PublicKey(v);
  } catch {
    throw new ConfigError(`${flag} (${env}) is not a base58 address: "${v}"`);
  }
}

/** Validates flags that need no network; throws ConfigError with one clear sentence. */
export function resolveService(f: ServiceFlags): ResolvedService {
  let rpcUrl: string;
  try {
    rpcUrl = clusterUrl(f.url);
  } catch (e) {
    throw new ConfigError(`-u/--url (HEXPIN_URL): ${(e as Error).message}`);
  }
  const keypath = resolve(f.keypair.replace(/^~(?=\/)/, homedir()));
  if (!existsSync(keypath)) throw new ConfigError(`oracle keypair ${keypath} does not exist: create one (solana-keygen new) or pass -k/--keypair (HEXPIN_KEYPAIR)`);
  let oracle: Keypair;
  try {
    const bytes = JSON.parse(readFileSync(keypath, "utf8"));
    if (!Array.isArray(bytes) || bytes.length !== 64) throw new Error("not a JSON array of 64 bytes");
    oracle = Keypair.fromSecretKey(Uint8Array.from(bytes));
  } catch (e) {
    throw new ConfigError(`oracle keypair ${keypath} is not a Solana keypair file (${(e as Error).message})`);
  }
  if (!f.network) throw new ConfigError("no network: pass --network <address> (HEXPIN_NETWORK), the Network account this oracle serves");
  const programId = address(f.programId, "--program-id", "HEXPIN_PROGRAM_ID");
  const network = address(f.network, "--network", "HEXPIN_NETWORK");
  const dataDir = resolve(f.dataDir);
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new ConfigError(`--data-dir (HEXPIN_DATA_DIR) ${dataDir} exists and is not a directory`);
  if (f.databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(f.databaseUrl)) throw new ConfigError("--database-url (DATABASE_URL) must start with postgres:// or postgresql://");
  let stage: PocStageConfig = {};
  if (f.rules) {
    try {
      stage = JSON.parse(readFileSync(resolve(f.rules), "utf8")) as PocStageConfig;
    } catch (e) {
      throw new ConfigError(`--rules (HEXPIN_RULES) ${f.rules} is not readable JSON: ${(e as Error).message}`);
    }
  }
  if (f.profile !== undefined) {
    if (f.profile !== "hexpin" && f.profile !== "helium") throw new ConfigError(`--profile (HEXPIN_PROFILE) must be hexpin or helium, not "${f.profile}"`);
    const named = (stage.rules as { profile?: unknown } | undefined)?.profile;
    if (stage.rules && named !== f.profile) throw new ConfigError(`--profile (HEXPIN_PROFILE) ${f.profile} contradicts the rules in --rules (HEXPIN_RULES), whose profile is ${String(named)}`);
    if (!stage.rules) stage = { ...stage, rules: defaultPocConfig("US915", f.profile as ProfileName) };
  }
  const chain = new ChainSources(new Connection(rpcUrl, "finalized"), programId, network);
  return { rpcUrl, connection: new Connection(rpcUrl, "confirmed"), oracle, programId, network, dataDir, epochConfig: epochConfig(stage), chain };
}

/** The service's chain config: votes with the oracle key, cranks with `--crank`. */
export function chainConfig(r: ResolvedService, f: ServiceFlags): ChainConfig {
  return { connection: r.connection, oracle: r.oracle, network: r.network, programId: r.programId, crank: !!f.crank };
}

/** `--clock`: the system clock, or the chain's (polled each second). */
export async function serviceClock(r: ResolvedService, f: ServiceFlags, onError: (e: unknown) => void): Promise<Clock & { stop?: () => void }> {
  return f.clock === "chain" ? ChainClock.start(r.connection, 1_000, onError) : systemClock;
}

/** Whether the oracle key is in the network's oracle set (its votes count), read at "confirmed". */
export async function oracleInSet(r: ResolvedService): Promise<boolean> {
  const info = await r.connection.getAccountInfo(r.network, "confirmed");
  return !!info && decodeNetwork(info.data).oracles.some((k) => k.equals(r.oracle.publicKey));
}

/** Reads the network's schedule, turning an unreachable cluster or a missing account into one sentence. */
export async function readSchedule(r: ResolvedService) {
  try {
    await r.chain.connection.getVersion();
  } catch (e) {
    throw new ConfigError(`cluster ${r.rpcUrl} is unreachable (${(e as Error).message}); check -u/--url (HEXPIN_URL)`);
  }
  try {
    return await r.chain.schedule();
  } catch (e) {
    throw new ConfigError(`cannot read network ${r.network.toBase58()} on ${r.rpcUrl}: ${(e as Error).message}`);
  }
}
