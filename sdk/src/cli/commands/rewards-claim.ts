// `hexpin rewards claim (--all | --hotspot <key>…) [--owner <address>] (--oracle <url> | --bundle <path>)`:
// permissionless claims. Each proof is checked against the chain first; what is due is
// packed into as few transactions as fit (owners' reward accounts created where missing),
// sent with a progress bar, and summarised: transactions, bytes and compute units per claim.
// A claim is never sent twice; after an interruption (Ctrl-C, a lost connection) the
// summary says exactly which claims were paid, and running the command again pays only
// what is still due. Exit code 1 when a due claim was not paid, or a proof could not be
// used (with --all, lives already paid or without rewards are not failures).
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { ClaimNotPossibleError, InvalidInputError, type ClaimRun } from "../../client";
import { action, context, describeError, parseNonNegativeInt, progressBar, withCommonOptions, type TxOptions } from "../options";
import { printJson } from "../json";
import { formatSol } from "../../client/errors";
import { claimOutcomeJson, formatTokens, openProofSource, rewardTargets, sourceJson, withHotspotTargets, withProofSourceOptions, type ProofSourceOptions } from "../rewards-source";

type Opts = TxOptions & ProofSourceOptions & { all?: boolean; hotspot?: PublicKey[]; owner?: PublicKey; concurrency: number };

/** Per-claim averages over the transactions that carried claims. */
export function claimRunFigures(run: ClaimRun) {
  const used = run.transactions.filter((t) => t.status === "landed" || t.status === "simulated");
  const claims = used.reduce((s, t) => s + t.claims, 0);
  const per = (v: number) => (claims ? Math.round(v / claims) : null);
  return {
    transactions: used.length,
    claimsPerTransaction: used.length ? Math.round((100 * claims) / used.length) / 100 : null,
    bytesPerClaim: per(used.reduce((s, t) => s + t.bytes, 0)),
    computeUnitsPerClaim: per(used.reduce((s, t) => s + (t.computeUnits ?? 0), 0)),
    feeLamports: used.reduce((s, t) => s + (t.feeLamports ?? 0), 0),
  };
}

export function rewardsClaimCommand(): Command {
  const cmd = withCommonOptions(new Command("claim").description("claim rewards for hotspots (anyone may claim; the owner is paid)"), { tx: true });
  return withProofSourceOptions(withHotspotTargets(cmd))
    .addOption(new Option("--all", "every hotspot of the wallet, or of --owner").env("HEXPIN_CLAIM_ALL"))
    .addOption(new Option("--concurrency <n>", "claim transactions in flight").env("HEXPIN_CONCURRENCY").default(4).argParser(parseNonNegativeInt))
    .action(
      action(async (o: Opts) => {
        if (!o.all && !o.hotspot?.length) throw new InvalidInputError("Say which hotspots to claim for: --hotspot <hardware-key> (repeatable) or --all (every hotspot of the wallet, or of --owner).");
        if (o.all && o.hotspot?.length) throw new InvalidInputError("Give either --all or --hotspot, not both.");
        const ctx = context(o);
        const source = await openProofSource(o);
        if (!source) throw new InvalidInputError("Claims need proofs: pass --oracle <url> (the oracle service) or --bundle <path|url> (the epoch's bundle).");
        const { owner, targets } = await rewardTargets(ctx, o);
        const net = await ctx.client.network(ctx.network);
        const checks = await ctx.client.checkClaims(ctx.network, targets, source);
        const due = checks.filter((c) => c.status === "claimable");
        // Named hotspots that cannot be claimed are the operator's mistake to hear about at once.
        if (!o.all && due.length === 0) {
          const c = checks[0];
          throw new ClaimNotPossibleError(c.hardwareKey.toBase58(), c.status, c.message);
        }

        const controller = new AbortController();
        const interrupt = () => {
          process.stderr.write("Interrupted: no new claim transactions; waiting for those in flight (Ctrl-C again quits at once)...\n");
          controller.abort();
        };
        process.once("SIGINT", interrupt);
        const bar = due.length ? progressBar("claim") : null;
        bar?.start(due.length, 0, { failed: 0 });
        let run: ClaimRun;
        try {
          run = await ctx.client.claimRewards(ctx.network, checks, {
            ...ctx.exec,
            concurrency: Math.max(1, o.concurrency),
            signal: controller.signal,
            onProgress: (settled, _total, failed) => bar?.update(settled, { failed }),
          });
        } finally {
          bar?.stop();
          process.removeListener("SIGINT", interrupt);
        }

        const count = (s: string) => run.outcomes.filter((x) => x.check.status === "claimable" && x.status === s).length;
        const skipped = run.outcomes.filter((x) => x.check.status !== "claimable");
        const figures = claimRunFigures(run);
        const summary = {
          network: ctx.network,
          owner: o.all ? owner : null,
          source: sourceJson(source),
          activeRoot: net.activeRoot,
          dryRun: !!o.dryRun,
          due: due.length,
          paid: count("paid"),
          simulated: count("simulated"),
          failed: count("failed"),
          notSent: count("not-sent"),
          unknown: count("unknown"),
          skipped: skipped.length,
          amountDue: due.reduce((s, c) => s + c.amount, 0n),
          amountPaid: run.paid,
          ...figures,
          seconds: run.seconds,
          claims: run.outcomes.map((x) => claimOutcomeJson(x, describeError)),
          transactionList: run.transactions.map((t) => ({ signature: t.signature, status: t.status, claims: t.claims, createdAccounts: t.createdAccounts, bytes: t.bytes, computeUnits: t.computeUnits, feeLamports: t.feeLamports, error: t.error ? describeError(t.error) : null })),
        };
        // With --all, lives that are paid up or earned nothing are expected; a proof the chain cannot use is not.
        const benign = new Set(["claimed", "no-rewards", "other-life"]);
        const unusable = skipped.filter((x) => !o.all || !benign.has(x.check.status));
        const incomplete = summary.failed + summary.notSent + summary.unknown + unusable.length > 0;
        if (incomplete) process.exitCode = 1;
        if (o.json) return printJson(summary);

        const t = (v: bigint) => `${formatTokens(v, net.decimals)} (${v} base units)`;
        if (o.dryRun) console.log(`Dry run (nothing sent): ${summary.simulated} of ${due.length} due claim(s) would pay ${t(summary.amountDue)}.`);
        else console.log(`Claimed ${summary.paid} of ${due.length} due claim(s): ${t(run.paid)} paid.`);
        if (figures.transactions) {
          console.log(
            `  ${figures.transactions} transaction(s), ${figures.claimsPerTransaction} claims each on average; per claim ${figures.bytesPerClaim} bytes and ${figures.computeUnitsPerClaim?.toLocaleString("en-US")} CU; fees ${formatSol(BigInt(figures.feeLamports))} SOL`,
          );
        }
        for (const x of run.outcomes.filter((y) => y.check.status === "claimable")) {
          const who = `  ${x.check.hardwareKey.toBase58()}`;
          if (x.status === "paid") console.log(`${who} paid ${t(x.amountPaid)} to ${x.check.owner!.toBase58()}${x.signature ? ` (${x.signature})` : ""}`);
          else if (x.status === "simulated") console.log(`${who} would pay ${t(x.check.amount)} to ${x.check.owner!.toBase58()}`);
          else {
            const d = x.error ? describeError(x.error) : null;
            console.log(`${who} ${x.status === "unknown" ? "UNKNOWN (check with `hexpin rewards show`)" : x.status === "not-sent" ? "NOT SENT" : "FAILED"}${d ? `: ${d.message}${d.hint ? ` ${d.hint}` : ""}` : ""}`);
          }
        }
        if (skipped.length) {
          console.log(`Skipped ${skipped.length}:`);
          for (const x of skipped) console.log(`  ${x.check.hardwareKey.toBase58()}: ${x.check.message}`);
        }
        if (summary.notSent + summary.failed + summary.unknown > 0) console.log("Run the same command again to claim what is still due: paid claims are never paid twice.");
      }),
    );
}
