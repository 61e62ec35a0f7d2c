// `hexpin hotspot list [--owner <address> | --mine] [--maker <maker>]`: the network's
// hotspots, filtered on-chain (getProgramAccounts memcmp on owner / maker).
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, withCommonOptions, type CommonOptions } from "../options";
import { printJson } from "../json";
import { formatLocation } from "../location";
import { hotspotJson } from "../views";
import { resolveMaker } from "./maker-approval";

export function hotspotListCommand(): Command {
  return withCommonOptions(new Command("list").description("list hotspots, by owner or maker"))
    .addOption(new Option("--owner <address>", "only this owner's hotspots").env("HEXPIN_OWNER").argParser(parsePublicKey))
    .addOption(new Option("--mine", "only the wallet's hotspots"))
    .addOption(new Option("--maker <maker>", "only this maker's (account or issuing key)").env("HEXPIN_MAKER").argParser(parsePublicKey))
    .action(
      action(async (o: CommonOptions & { owner?: PublicKey; mine?: boolean; maker?: PublicKey }) => {
        const ctx = context(o, { needsWallet: !!o.mine });
        const owner = o.mine ? ctx.wallet.publicKey : o.owner;
        const maker = o.maker ? await resolveMaker(ctx, o.maker) : undefined;
        const list = await ctx.client.listHotspots({ network: ctx.network, owner, maker });
        if (o.json) return printJson({ network: ctx.network, owner: owner ?? null, maker: maker ?? null, count: list.length, hotspots: list.map((h) => hotspotJson(h.address, h.account)) });
        console.log(`${list.length} hotspot(s) on network ${ctx.network.toBase58()}${owner ? ` owned by ${owner.toBase58()}` : ""}${maker ? ` from maker ${maker.toBase58()}` : ""}`);
        for (const h of list) console.log(`  ${h.account.hardwareKey.toBase58()}  owner ${h.account.owner.toBase58()}  ${formatLocation(h.account.location) ?? "(no location)"}`);
      }),
    );
}
