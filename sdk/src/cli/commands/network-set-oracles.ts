// `hexpin network set-oracles --oracles <k1,k2,…> --quorum <n>`: the authority replaces the
// oracle set and quorum. The config version goes up, so votes cast under the old set for an
// epoch not yet active no longer count.
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parseNonNegativeInt, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";

interface Opts extends TxOptions {
  oracles: PublicKey[];
  quorum: number;
}

export function networkSetOraclesCommand(): Command {
  return withCommonOptions(new Command("set-oracles").description("replace the oracle set and quorum (network authority)"), { tx: true })
    .addOption(new Option("--oracles <keys>", "comma-separated oracle keys (1 to 8)").env("HEXPIN_ORACLES").argParser((v) => v.split(",").map(parsePublicKey)).makeOptionMandatory())
    .addOption(new Option("--quorum <n>", "votes needed to activate an epoch root").env("HEXPIN_QUORUM").argParser(parseNonNegativeInt).makeOptionMandatory())
    .action(
      action(async (o: Opts) => {
        const ctx = context(o);
        const out = await ctx.client.setOracles(ctx.network, o.oracles, o.quorum, ctx.exec);
        const version = out.dryRun ? null : (await ctx.client.network(ctx.network)).oracleConfigVersion;
        reportTx(ctx, `set ${o.oracles.length} oracle(s) with quorum ${o.quorum}`, out, { network: ctx.network, oracles: o.oracles, oracleQuorum: o.quorum, oracleConfigVersion: version });
      }),
    );
}
