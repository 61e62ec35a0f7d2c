// The options every `hexpin` command shares, Solana-style, each also an environment
// variable: -u/--url (HEXPIN_URL), -k/--keypair (HEXPIN_KEYPAIR), --commitment
// (HEXPIN_COMMITMENT), --json (HEXPIN_JSON), --network (HEXPIN_NETWORK), --program-id
// (HEXPIN_PROGRAM_ID); transaction commands add --dry-run (HEXPIN_DRY_RUN) and
// --priority-fee (HEXPIN_PRIORITY_FEE). Unset url/keypair fall back to the Solana CLI's
// config file (~/.config/solana/cli/config.yml), then to localnet and ~/.config/solana/id.json.
// Also: the command context (client, output) and the one-sentence error report.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { PublicKey, type Keypair } from "@solana/web3.js";
import { HexpinProgramError } from "../errors";
import { HEXPIN_PROGRAM_ID } from "../constants";
import {
  connect,
  DEFAULT_KEYPAIR_PATH,
  formatSol,
  HexpinClient,
  HexpinClientError,
  InvalidInputError,
  readKeypairFile,
  resolveClusterUrl,
  type ConfirmLevel,
  type ExecuteOptions,
  type TxOutcome,
} from "../client";
import { CLIENT_ERROR_HINTS, PROGRAM_ERROR_HINTS } from "./hints";
import { printJson, toJsonValue } from "./json";

export interface CommonOptions {
  url?: string;
  keypair?: string;
  commitment: ConfirmLevel;
  json?: boolean;
  network?: PublicKey;
  programId?: PublicKey;
}

export interface TxOptions extends CommonOptions {
  dryRun?: boolean;
  priorityFee: number;
}

export function parsePublicKey(v: string): PublicKey {
  try {
    return new PublicKey(v.trim());
  } catch {
    throw new InvalidArgumentError(`"${v}" is not a base58 public key`);
  }
}

export function parseNonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return n;
}

export function parseBaseUnits(v: string): bigint {
  if (!/^[0-9]+$/.test(v.trim())) throw new InvalidArgumentError("expected a whole number of base units");
  const n = BigInt(v.trim());
  if (n > 0xffff_ffff_ffff_ffffn) throw new InvalidArgumentError("larger than a u64");
  return n;
}

/** Adds the shared options; `tx` adds --dry-run and --priority-fee. */
export function withCommonOptions(cmd: Command, o: { tx?: boolean } = {}): Command {
  cmd
    .addOption(new Option("-u, --url <url>", "cluster: localnet, devnet, testnet, mainnet-beta or an RPC URL").env("HEXPIN_URL"))
    .addOption(new Option("-k, --keypair <path>", `wallet keypair file (default ${DEFAULT_KEYPAIR_PATH})`).env("HEXPIN_KEYPAIR"))
    .addOption(new Option("--commitment <level>", "confirmation level").choices(["processed", "confirmed", "finalized"]).default("confirmed").env("HEXPIN_COMMITMENT"))
    .addOption(new Option("--network <address>", "network account (default: the network the wallet created)").env("HEXPIN_NETWORK").argParser(parsePublicKey))
    .addOption(new Option("--program-id <address>", "hexpin program id").env("HEXPIN_PROGRAM_ID").argParser(parsePublicKey))
    .addOption(new Option("--json", "print stable JSON (docs/cli.md)").env("HEXPIN_JSON"));
  if (o.tx) {
    cmd
      .addOption(new Option("--dry-run", "simulate only: print compute units and fee, send nothing").env("HEXPIN_DRY_RUN"))
      .addOption(new Option("--priority-fee <micro-lamports>", "priority fee per compute unit").env("HEXPIN_PRIORITY_FEE").default(0).argParser(parseNonNegativeInt));
  }
  return cmd;
}

/** `json_rpc_url` and `keypair_path` from the Solana CLI's config file, when present. */
function solanaCliConfig(): { url?: string; keypair?: string } {
  const path = process.env.SOLANA_CONFIG ?? resolve(homedir(), ".config/solana/cli/config.yml");
  if (!existsSync(path)) return {};
  const text = readFileSync(path, "utf8");
  const field = (name: string) => new RegExp(`^${name}:\\s*["']?([^"'\\n]+?)["']?\\s*$`, "m").exec(text)?.[1];
  return { url: field("json_rpc_url"), keypair: field("keypair_path") };
}

export interface CommandContext {
  opts: CommonOptions;
  url: string;
  client: HexpinClient;
  wallet: Keypair;
  /** the network the command acts on. */
  network: PublicKey;
  exec: ExecuteOptions;
}

/** Opens the client on the chosen cluster with the chosen wallet. */
export function context(opts: CommonOptions & Partial<TxOptions>, o: { needsWallet?: boolean } = {}): CommandContext {
  const config = solanaCliConfig();
  const url = resolveClusterUrl(opts.url ?? config.url ?? "localnet");
  const keypairPath = opts.keypair ?? config.keypair ?? DEFAULT_KEYPAIR_PATH;
  // Read-only commands still need a public key for defaults; an ephemeral one will do.
  const wallet = o.needsWallet === false && !opts.keypair && !existsSync(expand(keypairPath)) ? ephemeral() : readKeypairFile(keypairPath, "wallet keypair");
  const programId = opts.programId ?? HEXPIN_PROGRAM_ID;
  const client = new HexpinClient(connect(url, { commitment: opts.commitment }), wallet, {
    programId,
    commitment: opts.commitment,
    priorityFeeMicroLamports: opts.priorityFee ?? 0,
  });
  return {
    opts,
    url,
    client,
    wallet,
    network: opts.network ?? client.defaultNetwork(),
    exec: { dryRun: !!opts.dryRun, commitment: opts.commitment, priorityFeeMicroLamports: opts.priorityFee ?? 0 },
  };
}

function expand(p: string): string {
  return p.startsWith("~/") ? resolve(homedir(), p.slice(2)) : resolve(p);
}

function ephemeral(): Keypair {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Keypair } = require("@solana/web3.js") as typeof import("@solana/web3.js");
  return Keypair.generate();
}

/** The fields every transaction result prints under --json. */
export function txJson(out: TxOutcome): Record<string, unknown> {
  return {
    dryRun: out.dryRun,
    signature: out.dryRun ? null : out.signature,
    slot: out.dryRun ? null : out.slot,
    computeUnits: out.computeUnits,
    computeUnitLimit: out.computeUnitLimit,
    feeLamports: out.feeLamports,
    priorityFeeMicroLamports: out.priorityFeeMicroLamports,
  };
}

/** Prints a transaction's result: JSON, or a few human lines. */
export function reportTx(ctx: { opts: CommonOptions }, what: string, out: TxOutcome, extra: Record<string, unknown> = {}): void {
  if (ctx.opts.json) return printJson({ ...extra, ...txJson(out) });
  if (out.dryRun) {
    console.log(`Dry run (nothing sent): ${what} would succeed.`);
  } else {
    console.log(`${what[0].toUpperCase()}${what.slice(1)}.`);
  }
  for (const [k, v] of Object.entries(extra)) {
    const j = toJsonValue(v);
    console.log(`  ${k.padEnd(16)} ${typeof j === "object" && j !== null ? JSON.stringify(j) : String(j)}`);
  }
  if (!out.dryRun) console.log(`  ${"signature".padEnd(16)} ${out.signature}`);
  console.log(`  ${"compute units".padEnd(16)} ${out.computeUnits.toLocaleString("en-US")} (limit ${out.computeUnitLimit.toLocaleString("en-US")})`);
  console.log(`  ${"fee".padEnd(16)} ${formatSol(BigInt(out.feeLamports))} SOL${out.priorityFeeMicroLamports ? ` (priority ${out.priorityFeeMicroLamports} µlamports/CU)` : ""}`);
}

/** Prints key/value lines, or the JSON object. */
export function reportObject(ctx: { opts: CommonOptions }, title: string, value: Record<string, unknown>): void {
  if (ctx.opts.json) return printJson(value);
  console.log(title);
  for (const [k, v] of Object.entries(value)) {
    const j = toJsonValue(v);
    console.log(`  ${k.padEnd(22)} ${typeof j === "object" && j !== null ? JSON.stringify(j) : String(j)}`);
  }
}

/** A progress bar on stderr (a line every few seconds when not a terminal). */
export function progressBar(label: string): SingleBar {
  return new SingleBar(
    { format: `${label} [{bar}] {value}/{total} | {failed} failed | eta {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 3_000, etaBuffer: 50, hideCursor: true },
    Presets.shades_classic,
  );
}

export interface ErrorReport {
  kind: string;
  message: string;
  hint?: string;
  code?: number;
  name?: string;
  logs?: string[];
}

/** One sentence (plus a hint) for any failure. */
export function describeError(e: unknown): ErrorReport {
  if (e instanceof HexpinProgramError) {
    const hint = PROGRAM_ERROR_HINTS[e.errorName];
    return { kind: "program-error", code: e.code, name: e.errorName, message: `The program refused the transaction: ${e.message}`, ...(hint ? { hint } : {}) };
  }
  if (e instanceof HexpinClientError) {
    const hint = CLIENT_ERROR_HINTS[e.kind];
    return { kind: e.kind, message: e.message, ...(hint ? { hint } : {}) };
  }
  if (e instanceof InvalidArgumentError) return { kind: "invalid-input", message: e.message };
  const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
  return { kind: "error", message };
}

/** Wraps a command's action: typed errors become one line (or a JSON error) and exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const cmd = args[args.length - 1] as Command;
      const json = !!(cmd?.opts?.() as CommonOptions | undefined)?.json;
      const report = describeError(e);
      if (json) printJson({ error: report });
      else process.stderr.write(`Error: ${report.message}${report.hint ? ` ${report.hint}` : ""}\n`);
      process.exitCode = 1;
    }
  };
}

export function requireInput(ok: boolean, message: string): void {
  if (!ok) throw new InvalidInputError(message);
}
