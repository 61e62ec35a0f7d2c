// `hexpin rewards show [--hotspot <key>…] [--owner <address>] [--oracle <url> | --bundle <path>]`:
// what each hotspot has been paid and, with a proof source, what it could claim now —
// checked against the chain's active root and the hotspot's current life.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, withCommonOptions, type CommonOptions } from "../options";
import { printJson } from "../json";
import { claimCheckJson, formatTokens, openProofSource, rewardTargets, sourceJson, withHotspotTargets, withProofSourceOptions, type ProofSourceOptions } from "../rewards-source";

type Opts = CommonOptions & ProofSourceOptions & { hotspot?: PublicKey[]; owner?: PublicKey };

export function rewardsShowCommand(): Command {
  const cmd = withCommonOptions(new Command("show").description("rewards paid and claimable per hotspot (default: the wallet's hotspots)"));
  return withProofSourceOptions(withHotspotTargets(cmd)).action(
    action(async (o: Opts) => {
      const ctx = context(o, { needsWallet: !o.owner && !o.hotspot?.length });
      const source = await openProofSource(o);
      const { owner, targets } = await rewardTargets(ctx, o);
      const net = await ctx.client.network(ctx.network);
      const checks = await ctx.client.checkClaims(ctx.network, targets, source);
      const claimed = checks.reduce((s, c) => s + (c.claimed ?? 0n), 0n);
      const claimable = checks.reduce((s, c) => s + c.amount, 0n);
      const balance = owner ? await ctx.client.rewardBalance(ctx.network, owner) : null;
      if (o.json) {
        return printJson({
          network: ctx.network,
          owner,
          source: sourceJson(source),
          activeRoot: net.activeRoot,
          tokenBalance: balance,
          totals: { hotspots: checks.length, claimed, claimable },
          hotspots: checks.map(claimCheckJson),
        });
      }
      const t = (v: bigint) => `${formatTokens(v, net.decimals)} (${v} base units)`;
      console.log(`Rewards on network ${ctx.network.toBase58()}${owner ? ` for ${owner.toBase58()}` : ""}`);
      console.log(`  active root     ${net.activeRoot ? `epoch ${net.activeRoot.epoch}, ${net.activeRoot.merkleRoot.toString("hex").slice(0, 16)}…` : "none yet"}`);
      if (source) console.log(`  proofs from     ${source.kind} ${source.location}`);
      if (balance !== null) console.log(`  token balance   ${t(balance)}`);
      console.log(`  paid so far     ${t(claimed)}`);
      if (source) console.log(`  claimable now   ${t(claimable)}`);
      for (const c of checks) {
        const life = c.serial === null ? "" : ` (life ${c.serial})`;
        console.log(`  ${c.hardwareKey.toBase58()}${life}: ${c.status === "claimable" ? `claimable ${t(c.amount)}` : c.message}`);
      }
    }),
  );
}
