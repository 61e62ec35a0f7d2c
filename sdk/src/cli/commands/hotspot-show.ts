// `hexpin hotspot show <hardware-key>`: one hotspot's account.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, reportObject, withCommonOptions, type CommonOptions } from "../options";
import { hotspotJson } from "../views";

export function hotspotShowCommand(): Command {
  return withCommonOptions(new Command("show").description("show a hotspot").argument("<hardware-key>", "the hotspot's hardware key", parsePublicKey)).action(
    action(async (hardwareKey: PublicKey, o: CommonOptions) => {
      const ctx = context(o, { needsWallet: false });
      const h = await ctx.client.hotspot(ctx.network, hardwareKey);
      const address = ctx.client.hotspotAddress(ctx.network, hardwareKey);
      reportObject(ctx, `Hotspot ${hardwareKey.toBase58()}`, hotspotJson(address, h));
    }),
  );
}
