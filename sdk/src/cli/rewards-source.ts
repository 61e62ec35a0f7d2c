// What the reward commands share: where proofs come from (`--oracle <url>` or `--bundle
// <path|url>`), which hotspots a command is about (`--hotspot <key>…`, `--owner`, the
// wallet), and the JSON shapes of a claim check and a claim's outcome (docs/cli.md).
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { BundleProofSource, InvalidInputError, OracleProofSource, type ClaimCheck, type ClaimOutcome, type ProofSource } from "../client";
import type { HotspotAccount } from "../accounts";
import type { Located } from "../client/client";
import { parsePublicKey, type CommandContext } from "./options";

export interface ProofSourceOptions {
  oracle?: string;
  bundle?: string;
  previousState?: string;
}

export function withProofSourceOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--oracle <url>", "the oracle service's base URL (proofs from GET <url>/v1/rewards/<hotspot>)").env("HEXPIN_ORACLE_URL").conflicts("bundle"))
    .addOption(new Option("--bundle <path|url>", "an epoch bundle, recomputed here with the oracle library (every signature checked)").env("HEXPIN_BUNDLE"))
    .addOption(new Option("--previous-state <path>", "with --bundle: the previous epoch's state file the bundle names").env("HEXPIN_PREVIOUS_STATE"));
}

/** Repeatable `--hotspot <key>`. */
export function withHotspotTargets(cmd: Command): Command {
  return cmd
    .addOption(new Option("--hotspot <hardware-key...>", "these hotspots (repeatable)").env("HEXPIN_HOTSPOTS").argParser((v: string, prev: PublicKey[] = []) => [...prev, ...v.split(/[\s,]+/).filter(Boolean).map(parsePublicKey)]))
    .addOption(new Option("--owner <address>", "every hotspot of this owner (default: the wallet's)").env("HEXPIN_OWNER").argParser(parsePublicKey));
}

/** Recomputing a bundle takes a while on a big epoch: a line per phase (and every 2 s) on stderr. */
function phaseNotes(): (phase: string, done: number, total: number) => void {
  let last = "";
  let lastAt = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (phase === last && now - lastAt < 2_000) return;
    const share = total > 0 && done > 0 ? ` ${Math.min(100, Math.floor((100 * done) / total))}%` : "";
    process.stderr.write(`bundle: ${phase}${share}\n`);
    last = phase;
    lastAt = now;
  };
}

/** The proof source the options name, or null when none was given. */
export async function openProofSource(o: ProofSourceOptions): Promise<ProofSource | null> {
  if (o.oracle) return new OracleProofSource(o.oracle);
  if (!o.bundle) return null;
  let previousState: Uint8Array | undefined;
  if (o.previousState) {
    try {
      previousState = readFileSync(o.previousState);
    } catch (e) {
      throw new InvalidInputError(`Cannot read the previous state file ${o.previousState} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
  }
  process.stderr.write(`Recomputing ${o.bundle} with the oracle library (every signature checked)...\n`);
  return BundleProofSource.open(o.bundle, { previousState, onProgress: phaseNotes() });
}

export function sourceJson(source: ProofSource | null): Record<string, unknown> | null {
  if (!source) return null;
  if (source instanceof BundleProofSource) {
    const c = source.commitment;
    return { kind: "bundle", location: source.location, epoch: c.epoch, merkleRoot: c.merkleRoot, inputDigest: c.inputDigest, totalCumulative: c.totalCumulative };
  }
  return { kind: source.kind, location: source.location, epoch: null, merkleRoot: null, inputDigest: null, totalCumulative: null };
}

/** The hotspots a reward command is about: the named ones, else every hotspot of the owner (default the wallet). */
export async function rewardTargets(ctx: CommandContext, o: { hotspot?: PublicKey[]; owner?: PublicKey }): Promise<{ owner: PublicKey | null; targets: (PublicKey | Located<HotspotAccount>)[] }> {
  if (o.hotspot?.length) {
    const seen = new Set<string>();
    return { owner: o.owner ?? null, targets: o.hotspot.filter((k) => !seen.has(k.toBase58()) && !!seen.add(k.toBase58())) };
  }
  const owner = o.owner ?? ctx.wallet.publicKey;
  return { owner, targets: await ctx.client.listHotspots({ network: ctx.network, owner }) };
}

export function claimCheckJson(c: ClaimCheck): Record<string, unknown> {
  return {
    hardwareKey: c.hardwareKey,
    hotspot: c.hotspot,
    serial: c.serial,
    owner: c.owner,
    claimed: c.claimed,
    status: c.status,
    cumulative: c.proof?.cumulative ?? null,
    claimable: c.amount,
    proofSerial: c.proof?.serial ?? null,
    proofEpoch: c.proof?.epoch ?? null,
    message: c.message,
  };
}

export function claimOutcomeJson(x: ClaimOutcome, describe: (e: unknown) => unknown): Record<string, unknown> {
  const due = x.check.status === "claimable";
  return {
    hardwareKey: x.check.hardwareKey,
    serial: x.check.serial,
    owner: x.check.owner,
    check: x.check.status,
    status: due ? x.status : "skipped",
    amount: x.check.amount,
    amountPaid: x.amountPaid,
    cumulative: x.check.proof?.cumulative ?? null,
    signature: x.signature,
    message: x.check.message,
    error: x.error ? describe(x.error) : null,
  };
}

/** Base units as tokens with the mint's decimals: 1234567 with 6 decimals → "1.234567". */
export function formatTokens(base: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const whole = (base / unit).toLocaleString("en-US");
  const frac = decimals ? (base % unit).toString().padStart(decimals, "0").replace(/0+$/, "") : "";
  return frac ? `${whole}.${frac}` : whole;
}
