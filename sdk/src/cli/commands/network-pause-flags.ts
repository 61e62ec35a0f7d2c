// Shared by `network pause` and `network unpause`: which of onboarding and claims (both when
// neither is named), applied to the network's current flags.
import { Command, Option } from "commander";
import { PAUSE } from "../../constants";
import { action, context, reportTx, withCommonOptions, type TxOptions } from "../options";

type Opts = TxOptions & { onboarding?: boolean; claims?: boolean };

export function pauseCommand(name: "pause" | "unpause", pausing: boolean): Command {
  const verb = pausing ? "pause" : "resume";
  return withCommonOptions(new Command(name).description(`${verb} onboarding and/or claims (network authority; both when neither is named)`), { tx: true })
    .addOption(new Option("--onboarding", `${verb} hotspot onboarding`))
    .addOption(new Option("--claims", `${verb} reward claims`))
    .action(
      action(async (o: Opts) => {
        const ctx = context(o);
        const net = await ctx.client.network(ctx.network);
        const both = !o.onboarding && !o.claims;
        const bits = (both || o.onboarding ? PAUSE.onboarding : 0) | (both || o.claims ? PAUSE.claims : 0);
        const paused = pausing ? net.paused | bits : net.paused & ~bits;
        const out = await ctx.client.setPaused(ctx.network, paused, ctx.exec);
        const flags = { onboarding: (paused & PAUSE.onboarding) !== 0, claims: (paused & PAUSE.claims) !== 0 };
        const now = [flags.onboarding ? "onboarding" : null, flags.claims ? "claims" : null].filter(Boolean).join(" and ");
        reportTx(ctx, `${now ? `paused ${now}` : "nothing paused"} on network ${ctx.network.toBase58()}`, out, { network: ctx.network, paused: flags });
      }),
    );
}
