// `hexpin maker show [maker]`: one maker, or every maker of the network.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, reportObject, withCommonOptions, type CommonOptions } from "../options";
import { printJson } from "../json";
import { makerJson } from "../views";
import { resolveMaker } from "./maker-approval";

export function makerShowCommand(): Command {
  return withCommonOptions(new Command("show").description("show a maker, or list the network's makers").argument("[maker]", "maker account or issuing key", parsePublicKey)).action(
    action(async (key: PublicKey | undefined, o: CommonOptions) => {
      const ctx = context(o, { needsWallet: false });
      if (key) {
        const maker = await resolveMaker(ctx, key);
        return reportObject(ctx, `Maker ${maker.toBase58()}`, makerJson(maker, await ctx.client.maker(maker)));
      }
      const all = await ctx.client.listMakers(ctx.network);
      if (o.json) return printJson({ network: ctx.network, makers: all.map((m) => makerJson(m.address, m.account)) });
      console.log(`${all.length} maker(s) on network ${ctx.network.toBase58()}`);
      for (const m of all) console.log(`  ${m.address.toBase58()}  ${m.account.approved ? "approved" : "not approved"}  ${m.account.hotspotCount} hotspots  "${m.account.name}"`);
    }),
  );
}
