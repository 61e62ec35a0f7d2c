// `hexpin hotspot assert <hardware-key> [--location <cell|lat,lng>] [--gain <dBi>] [--elevation <m>]`:
// the owner moves a hotspot or changes its antenna (what is not given stays as it is). The
// wallet, as owner, signs and pays the network's location fee; the network's cooldown
// between assertions applies.
import { Command, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { InvalidInputError } from "../../client";
import { action, context, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";
import { formatLocation, parseElevation, parseGain, parseLocation } from "../location";
import { ownedHotspot } from "./hotspot-owned";

interface Opts extends TxOptions {
  location?: string;
  gain?: string;
  elevation?: string;
}

export function hotspotAssertCommand(): Command {
  return withCommonOptions(new Command("assert").description("assert a hotspot's location, antenna gain or elevation (owner)").argument("<hardware-key>", "the hotspot's hardware key", parsePublicKey), { tx: true })
    .addOption(new Option("--location <cell|lat,lng>", "H3 resolution-12 cell or latitude,longitude (default: unchanged)").env("HEXPIN_LOCATION"))
    .addOption(new Option("--gain <dBi>", "antenna gain, 0 to 15 dBi (default: unchanged)").env("HEXPIN_GAIN"))
    .addOption(new Option("--elevation <m>", "antenna elevation above ground, metres (default: unchanged)").env("HEXPIN_ELEVATION"))
    .action(
      action(async (hardwareKey: PublicKey, o: Opts) => {
        if (o.location === undefined && o.gain === undefined && o.elevation === undefined) throw new InvalidInputError("Give at least one of --location, --gain and --elevation.");
        const ctx = context(o);
        const h = await ownedHotspot(ctx, hardwareKey);
        const location = o.location === undefined ? h.location : parseLocation(o.location);
        if (location === 0n) throw new InvalidInputError("An asserted location cannot be empty: give an H3 resolution-12 cell or lat,lng.");
        const gainDbi10 = o.gain === undefined ? h.gainDbi10 : parseGain(o.gain);
        const elevationM = o.elevation === undefined ? h.elevationM : parseElevation(o.elevation);
        const net = await ctx.client.network(ctx.network);
        const out = await ctx.client.assertLocation({ network: ctx.network, hardwareKey, location, gainDbi10, elevationM }, ctx.exec);
        reportTx(ctx, `asserted hotspot ${hardwareKey.toBase58()}`, out, {
          hotspot: out.hotspot,
          hardwareKey,
          location: formatLocation(location),
          gainDbi: gainDbi10 / 10,
          elevationM,
          locationFeeLamports: net.locationFeeLamports,
          assertCount: h.locationAssertCount + (out.dryRun ? 0 : 1),
        });
      }),
    );
}
