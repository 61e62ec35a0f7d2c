// `hexpin network propose-authority <new-authority | none>`: step one of handing the network
// over; the proposed key takes over only when it runs `network accept-authority`. `none`
// cancels a pending proposal.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";

export function networkProposeAuthorityCommand(): Command {
  return withCommonOptions(
    new Command("propose-authority")
      .description("propose the next network authority (current authority); `none` cancels")
      .argument("<new-authority>", "the proposed authority's address, or none", (v: string) => (v.trim().toLowerCase() === "none" ? null : parsePublicKey(v))),
    { tx: true },
  ).action(
    action(async (next: PublicKey | null, o: TxOptions) => {
      const ctx = context(o);
      const out = await ctx.client.proposeAuthority(ctx.network, next, ctx.exec);
      reportTx(ctx, next ? `proposed ${next.toBase58()} as the authority of network ${ctx.network.toBase58()}` : `cancelled the proposed authority of network ${ctx.network.toBase58()}`, out, {
        network: ctx.network,
        authority: ctx.wallet.publicKey,
        pendingAuthority: next,
      });
    }),
  );
}
