// `hexpin network accept-authority`: step two; the wallet, as the proposed authority, takes
// over the network.
import { Command } from "commander";
import { action, context, reportTx, withCommonOptions, type TxOptions } from "../options";

export function networkAcceptAuthorityCommand(): Command {
  return withCommonOptions(new Command("accept-authority").description("become the network's authority (the proposed authority; --network required unless you created it)"), { tx: true }).action(
    action(async (o: TxOptions) => {
      const ctx = context(o);
      const before = await ctx.client.network(ctx.network);
      const out = await ctx.client.acceptAuthority(ctx.network, ctx.exec);
      reportTx(ctx, `became the authority of network ${ctx.network.toBase58()}`, out, { network: ctx.network, previousAuthority: before.authority, authority: ctx.wallet.publicKey });
    }),
  );
}
