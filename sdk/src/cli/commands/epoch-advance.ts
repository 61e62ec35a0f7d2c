// `hexpin epoch advance`: the permissionless crank that closes the current epoch and mints
// its emission into the rewards vault (refused with EpochNotEnded before the epoch's end).
import { Command } from "commander";
import { action, context, reportTx, withCommonOptions, type TxOptions } from "../options";

export function epochAdvanceCommand(): Command {
  return withCommonOptions(new Command("advance").description("close the current epoch and mint its emission (anyone may crank)"), { tx: true }).action(
    action(async (o: TxOptions) => {
      const ctx = context(o);
      const out = await ctx.client.advanceEpoch(ctx.network, ctx.exec);
      const minted = out.dryRun ? null : (out.events.find((e) => e.name === "EpochAdvanced")?.data.emission as { toString(): string } | undefined)?.toString() ?? null;
      reportTx(ctx, `closed epoch ${out.epoch}`, out, { network: ctx.network, epoch: out.epoch, emission: minted });
    }),
  );
}
