// Shared by the owner's hotspot commands (assert, transfer, decommission): the hotspot must
// exist and belong to the wallet, said in one sentence before any transaction.
import type { PublicKey } from "@solana/web3.js";
import type { HotspotAccount } from "../../accounts";
import { InvalidInputError } from "../../client";
import type { CommandContext } from "../options";

export async function ownedHotspot(ctx: CommandContext, hardwareKey: PublicKey): Promise<HotspotAccount> {
  const h = await ctx.client.hotspot(ctx.network, hardwareKey);
  if (!h.owner.equals(ctx.wallet.publicKey)) {
    throw new InvalidInputError(`The wallet ${ctx.wallet.publicKey.toBase58()} does not own hotspot ${hardwareKey.toBase58()} (its owner is ${h.owner.toBase58()}): run it with the owner's keypair (-k).`);
  }
  return h;
}
