// `hexpin maker revoke <maker>`: the network authority stops a maker's onboarding.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, withCommonOptions, type TxOptions } from "../options";
import { setApproval } from "./maker-approval";

export function makerRevokeCommand(): Command {
  return withCommonOptions(new Command("revoke").description("revoke a maker's approval (network authority)").argument("<maker>", "maker account or issuing key", parsePublicKey), { tx: true }).action(
    action(async (maker: PublicKey, o: TxOptions) => setApproval(context(o), maker, false)),
  );
}
