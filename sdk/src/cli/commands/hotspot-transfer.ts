// `hexpin hotspot transfer <hardware-key> <new-owner>`: the owner hands a hotspot over.
// Every later claim pays the new owner, including rewards accrued and not yet claimed.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";
import { ownedHotspot } from "./hotspot-owned";

export function hotspotTransferCommand(): Command {
  return withCommonOptions(
    new Command("transfer")
      .description("transfer a hotspot to a new owner (owner); unclaimed rewards go with it")
      .argument("<hardware-key>", "the hotspot's hardware key", parsePublicKey)
      .argument("<new-owner>", "the new owner's wallet address", parsePublicKey),
    { tx: true },
  ).action(
    action(async (hardwareKey: PublicKey, newOwner: PublicKey, o: TxOptions) => {
      const ctx = context(o);
      const h = await ownedHotspot(ctx, hardwareKey);
      const out = await ctx.client.transferHotspot(ctx.network, hardwareKey, newOwner, ctx.exec);
      if (!o.json && !out.dryRun) process.stderr.write(`Note: rewards of hotspot ${hardwareKey.toBase58()} not yet claimed are now paid to ${newOwner.toBase58()} when claimed.\n`);
      reportTx(ctx, `transferred hotspot ${hardwareKey.toBase58()} to ${newOwner.toBase58()}`, out, {
        hotspot: ctx.client.hotspotAddress(ctx.network, hardwareKey),
        hardwareKey,
        from: h.owner,
        to: newOwner,
      });
    }),
  );
}
