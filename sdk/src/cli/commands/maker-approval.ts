// Shared by `maker approve` and `maker revoke`: which maker, and the authority's transaction.
import type { PublicKey } from "@solana/web3.js";
import type { CommandContext } from "../options";
import { reportTx } from "../options";

/** A maker given by its account address or by its issuing key. */
export async function resolveMaker(ctx: CommandContext, key: PublicKey): Promise<PublicKey> {
  if (await ctx.client.fetchMaker(key).catch(() => null)) return key;
  const derived = ctx.client.makerAddress(ctx.network, key);
  await ctx.client.maker(derived); // throws "No maker ..." when neither exists
  return derived;
}

export async function setApproval(ctx: CommandContext, key: PublicKey, approved: boolean): Promise<void> {
  const maker = await resolveMaker(ctx, key);
  const out = await ctx.client.setMakerApproval(ctx.network, maker, approved, ctx.exec);
  reportTx(ctx, `${approved ? "approved" : "revoked"} maker ${maker.toBase58()}`, out, { maker, approved });
}
