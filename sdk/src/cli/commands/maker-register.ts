// `hexpin maker register <name> --issuing-keypair <path>`: the wallet registers (and pays
// for) a maker; the issuing key, which will sign every onboarding, signs too.
import { Command, Option } from "commander";
import { readKeypairFile } from "../../client";
import { action, context, reportTx, withCommonOptions, type TxOptions } from "../options";

export function makerRegisterCommand(): Command {
  return withCommonOptions(new Command("register").description("register a maker (unapproved until the network authority approves it)").argument("<name>", "maker name, 1 to 32 bytes"), { tx: true })
    .addOption(new Option("--issuing-keypair <path>", "the maker's issuing keypair file").env("HEXPIN_ISSUING_KEYPAIR").makeOptionMandatory())
    .action(
      action(async (name: string, o: TxOptions & { issuingKeypair: string }) => {
        const ctx = context(o);
        const issuing = readKeypairFile(o.issuingKeypair, "issuing keypair");
        const out = await ctx.client.registerMaker(ctx.network, name, issuing, ctx.exec);
        reportTx(ctx, `registered maker "${name}"`, out, { maker: out.maker, issuingKey: issuing.publicKey, network: ctx.network });
      }),
    );
}
