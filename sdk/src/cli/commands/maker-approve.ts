// `hexpin maker approve <maker>`: the network authority lets a maker onboard hotspots.
import { Command } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { action, context, parsePublicKey, withCommonOptions, type TxOptions } from "../options";
import { setApproval } from "./maker-approval";

export function makerApproveCommand(): Command {
  return withCommonOptions(new Command("approve").description("approve a maker (network authority)").argument("<maker>", "maker account or issuing key", parsePublicKey), { tx: true }).action(
    action(async (maker: PublicKey, o: TxOptions) => setApproval(context(o), maker, true)),
  );
}
