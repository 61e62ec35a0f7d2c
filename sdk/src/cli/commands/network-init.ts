// `hexpin network init`: the wallet creates a network (its PDA), reward mint and vault.
import { Command, Option } from "commander";
import { parseBaseUnits, parseNonNegativeInt, parsePublicKey, withCommonOptions, action, context, reportTx, type TxOptions } from "../options";
import type { PublicKey } from "@solana/web3.js";

interface Opts extends TxOptions {
  epochSecs: number;
  decimals: number;
  emission: bigint;
  oracles?: PublicKey[];
  quorum: number;
  onboardFee: bigint;
  locationFee: bigint;
  feeRecipient?: PublicKey;
}

export function networkInitCommand(): Command {
  return withCommonOptions(new Command("init").description("create a network owned by the wallet (network authority)"), { tx: true })
    .addOption(new Option("--epoch-secs <n>", "epoch length in seconds").env("HEXPIN_EPOCH_SECS").default(86_400).argParser(parseNonNegativeInt))
    .addOption(new Option("--decimals <n>", "reward token decimals").env("HEXPIN_DECIMALS").default(6).argParser(parseNonNegativeInt))
    .addOption(new Option("--emission <base-units>", "reward base units minted per epoch").env("HEXPIN_EMISSION").default(1_000_000_000_000n, "1000000000000").argParser(parseBaseUnits))
    .addOption(new Option("--oracles <keys>", "comma-separated oracle keys (default: the wallet)").env("HEXPIN_ORACLES").argParser((v) => v.split(",").map(parsePublicKey)))
    .addOption(new Option("--quorum <n>", "oracle votes needed for an epoch root").env("HEXPIN_QUORUM").default(1).argParser(parseNonNegativeInt))
    .addOption(new Option("--onboard-fee <lamports>", "fee per onboarded hotspot").env("HEXPIN_ONBOARD_FEE").default(0n, "0").argParser(parseBaseUnits))
    .addOption(new Option("--location-fee <lamports>", "fee per location assertion").env("HEXPIN_LOCATION_FEE").default(0n, "0").argParser(parseBaseUnits))
    .addOption(new Option("--fee-recipient <address>", "where fees go (default: the wallet)").env("HEXPIN_FEE_RECIPIENT").argParser(parsePublicKey))
    .action(
      action(async (o: Opts) => {
        const ctx = context(o);
        const out = await ctx.client.initializeNetwork(
          {
            epochLengthSecs: o.epochSecs,
            decimals: o.decimals,
            emissionSchedule: [{ startEpoch: 0, amountPerEpoch: o.emission }],
            oracles: o.oracles ?? [ctx.wallet.publicKey],
            oracleQuorum: o.quorum,
            onboardFeeLamports: o.onboardFee,
            locationFeeLamports: o.locationFee,
            feeRecipient: o.feeRecipient ?? ctx.wallet.publicKey,
          },
          ctx.exec,
        );
        reportTx(ctx, `initialized network ${out.network.toBase58()}`, out, { network: out.network, authority: ctx.wallet.publicKey });
      }),
    );
}
