// `hexpin network update [--onboard-fee] [--location-fee] [--location-cooldown] [--fee-recipient]
// [--max-supply] [--emission-step <epoch>:<amount>…]`: the authority changes what may change;
// anything not given stays. The program validates each value so none can jam an instruction.
import { Command, InvalidArgumentError, Option } from "commander";
import type { PublicKey } from "@solana/web3.js";
import { InvalidInputError } from "../../client";
import type { NetworkUpdate } from "../../instructions";
import { action, context, parseBaseUnits, parsePublicKey, reportTx, withCommonOptions, type TxOptions } from "../options";

interface Opts extends TxOptions {
  onboardFee?: bigint;
  locationFee?: bigint;
  locationCooldown?: bigint;
  feeRecipient?: PublicKey;
  maxSupply?: bigint;
  emissionStep?: { startEpoch: bigint; amountPerEpoch: bigint }[];
}

function parseStep(v: string, prev: Opts["emissionStep"] = []): NonNullable<Opts["emissionStep"]> {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(v);
  if (!m) throw new InvalidArgumentError(`expected <start epoch>:<base units per epoch>, got "${v}"`);
  return [...prev, { startEpoch: parseBaseUnits(m[1]), amountPerEpoch: parseBaseUnits(m[2]) }];
}

function parseSeconds(v: string): bigint {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError("expected whole seconds");
  return BigInt(v.trim());
}

export function networkUpdateCommand(): Command {
  return withCommonOptions(new Command("update").description("change fees, fee recipient, cooldown, max supply or future emission (network authority)"), { tx: true })
    .addOption(new Option("--onboard-fee <lamports>", "fee per onboarded hotspot").env("HEXPIN_ONBOARD_FEE").argParser(parseBaseUnits))
    .addOption(new Option("--location-fee <lamports>", "fee per location assertion").env("HEXPIN_LOCATION_FEE").argParser(parseBaseUnits))
    .addOption(new Option("--location-cooldown <secs>", "seconds between a hotspot's location assertions").env("HEXPIN_LOCATION_COOLDOWN").argParser(parseSeconds))
    .addOption(new Option("--fee-recipient <address>", "where fees go (an existing, rent-exempt wallet)").env("HEXPIN_FEE_RECIPIENT").argParser(parsePublicKey))
    .addOption(new Option("--max-supply <base-units>", "cap on all emission (at least what was emitted)").env("HEXPIN_MAX_SUPPLY").argParser(parseBaseUnits))
    .addOption(new Option("--emission-step <epoch:amount>", "a future emission step (repeatable); replaces steps from its epoch on").env("HEXPIN_EMISSION_STEPS").argParser(parseStep))
    .action(
      action(async (o: Opts) => {
        const update: NetworkUpdate = {
          onboardFeeLamports: o.onboardFee,
          locationFeeLamports: o.locationFee,
          locationCooldownSecs: o.locationCooldown,
          feeRecipient: o.feeRecipient,
          maxSupply: o.maxSupply,
          futureEmissionSteps: o.emissionStep,
        };
        const given = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
        if (Object.keys(given).length === 0) throw new InvalidInputError("Nothing to update: give at least one of --onboard-fee, --location-fee, --location-cooldown, --fee-recipient, --max-supply, --emission-step.");
        const ctx = context(o);
        const out = await ctx.client.updateNetwork(ctx.network, update, ctx.exec);
        reportTx(ctx, `updated network ${ctx.network.toBase58()}`, out, { network: ctx.network, updated: given });
      }),
    );
}
