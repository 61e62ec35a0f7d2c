// `hexpin hotspot decommission <hardware-key> [--no-claim] [--oracle <url> | --bundle <path>]`:
// the owner closes a hotspot (its rent comes back). This life's rewards are claimed first
// — whatever is committed to the active root and not yet paid — unless --no-claim; when
// that claim cannot be made or fails, nothing is decommissioned. Rewards this life earns
// after the active root are forfeited for good: a re-onboarded device starts a new life.
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { ClaimNotPossibleError, InvalidInputError, type ClaimOutcome } from "../../client";
import { action, context, describeError, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";
import { openProofSource, withProofSourceOptions, type ProofSourceOptions } from "../rewards-source";
import { ownedHotspot } from "./hotspot-owned";

type Opts = TxOptions & ProofSourceOptions & { claim: boolean };

/** Statuses after which decommissioning loses nothing the source knows of. */
const NOTHING_DUE = new Set(["claimed", "no-rewards", "other-life"]);

export function hotspotDecommissionCommand(): Command {
  const cmd = withCommonOptions(
    new Command("decommission").description("close a hotspot (owner); claims this life's rewards first unless --no-claim").argument("<hardware-key>", "the hotspot's hardware key", parsePublicKey),
    { tx: true },
  );
  return withProofSourceOptions(cmd)
    .addOption(new Option("--no-claim", "do not claim first: forfeit this life's unclaimed rewards").env("HEXPIN_NO_CLAIM"))
    .action(
      action(async (hardwareKey: PublicKey, o: Opts) => {
        const ctx = context(o);
        const h = await ownedHotspot(ctx, hardwareKey);
        const net = await ctx.client.network(ctx.network);
        let claim: ClaimOutcome | null = null;
        if (o.claim) {
          const source = await openProofSource(o);
          if (!source) {
            throw new InvalidInputError("Decommissioning forfeits this life's unclaimed rewards: pass --oracle <url> or --bundle <path|url> to claim them first, or --no-claim to forfeit them.");
          }
          const [check] = await ctx.client.checkClaims(ctx.network, [hardwareKey], source);
          if (check.status === "claimable") {
            const run = await ctx.client.claimRewards(ctx.network, [check], ctx.exec);
            claim = run.outcomes[0];
            if (claim.status !== "paid" && claim.status !== "simulated") {
              const d = describeError(claim.error);
              throw new InvalidInputError(`The claim before decommissioning did not go through, so hotspot ${hardwareKey.toBase58()} was not decommissioned: ${d.message.replace(/\.$/, "")}.`);
            }
          } else if (!NOTHING_DUE.has(check.status)) {
            throw new ClaimNotPossibleError(hardwareKey.toBase58(), check.status, `${check.message}; it was not decommissioned (pass --no-claim to decommission and forfeit)`);
          }
        }
        const since = net.activeRoot ? `after epoch ${net.activeRoot.epoch}'s root` : "so far (no root has activated yet)";
        const warning = `Decommissioning hotspot ${hardwareKey.toBase58()} (life ${h.serial}) forfeits every reward of this life not yet claimed: what it earned ${since} can never be claimed, and a re-onboarded device starts a new life from zero.`;
        if (!o.json) process.stderr.write(`Warning: ${warning}\n`);
        const out = await ctx.client.decommissionHotspot(ctx.network, hardwareKey, ctx.exec);
        if (!o.json && claim) console.log(`${claim.status === "paid" ? "Claimed" : "Would claim"} ${claim.status === "paid" ? claim.amountPaid : claim.check.amount} base units for ${h.owner.toBase58()} first.`);
        reportTx(ctx, `decommissioned hotspot ${hardwareKey.toBase58()}`, out, {
          hotspot: ctx.client.hotspotAddress(ctx.network, hardwareKey),
          hardwareKey,
          serial: h.serial,
          owner: h.owner,
          claimed: h.claimed + (claim?.amountPaid ?? 0n),
          claim: claim ? { status: claim.status, amount: claim.check.amount, amountPaid: claim.amountPaid, signature: claim.signature } : null,
          ...(o.json ? { warning } : {}),
        });
      }),
    );
}
