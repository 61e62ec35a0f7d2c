// `hexpin epoch show [n]`: a closed epoch's account (default: the latest closed one), and
// where the network's current epoch stands.
import { Command, InvalidArgumentError } from "commander";
import { epochPda } from "../../pdas";
import { action, context, reportObject, withCommonOptions, type CommonOptions } from "../options";
import { epochJson } from "../views";

export function epochShowCommand(): Command {
  return withCommonOptions(
    new Command("show").description("show a closed epoch (default: the latest) and the current one").argument("[epoch]", "epoch number", (v) => {
      if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError("expected an epoch number");
      return BigInt(v);
    }),
  ).action(
    action(async (n: bigint | undefined, o: CommonOptions) => {
      const ctx = context(o, { needsWallet: false });
      const net = await ctx.client.network(ctx.network);
      const current = { currentEpoch: net.currentEpoch, currentEpochEndsAt: net.genesisTs + (net.currentEpoch + 1n) * net.epochLengthSecs };
      const number = n ?? (net.currentEpoch > 0n ? net.currentEpoch - 1n : undefined);
      if (number === undefined) {
        return reportObject(ctx, `No epoch of network ${ctx.network.toBase58()} has closed yet`, { network: ctx.network, ...current, epoch: null });
      }
      const e = await ctx.client.epoch(ctx.network, number);
      reportObject(ctx, `Epoch ${number} of network ${ctx.network.toBase58()}`, { ...epochJson(epochPda(ctx.network, number, ctx.client.programId)[0], e), ...current });
    }),
  );
}
