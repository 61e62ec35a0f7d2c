// `hexpin network show`: the network account, decoded.
import { Command } from "commander";
import { action, context, reportObject, withCommonOptions, type CommonOptions } from "../options";
import { networkJson } from "../views";

export function networkShowCommand(): Command {
  return withCommonOptions(new Command("show").description("show the network's configuration and counters")).action(
    action(async (o: CommonOptions) => {
      const ctx = context(o, { needsWallet: false });
      const n = await ctx.client.network(ctx.network);
      reportObject(ctx, `Network ${ctx.network.toBase58()}`, networkJson(ctx.network, n));
    }),
  );
}
