// `hexpin`: the operator's CLI. One file per command under ./commands; shared options,
// output and error handling in ./options.ts. A new command is one file plus one line here.
import { Command } from "commander";
import { epochAdvanceCommand } from "./commands/epoch-advance";
import { epochShowCommand } from "./commands/epoch-show";
import { epochVoteCommand } from "./commands/epoch-vote";
import { hotspotAssertCommand } from "./commands/hotspot-assert";
import { hotspotDecommissionCommand } from "./commands/hotspot-decommission";
import { hotspotTransferCommand } from "./commands/hotspot-transfer";
import { networkAcceptAuthorityCommand } from "./commands/network-accept-authority";
import { networkPauseCommand } from "./commands/network-pause";
import { networkProposeAuthorityCommand } from "./commands/network-propose-authority";
import { networkSetOraclesCommand } from "./commands/network-set-oracles";
import { networkUnpauseCommand } from "./commands/network-unpause";
import { networkUpdateCommand } from "./commands/network-update";
import { rewardsClaimCommand } from "./commands/rewards-claim";
import { rewardsShowCommand } from "./commands/rewards-show";
import { hotspotKeygenCommand } from "./commands/hotspot-keygen";
import { hotspotListCommand } from "./commands/hotspot-list";
import { hotspotOnboardCommand } from "./commands/hotspot-onboard";
import { hotspotShowCommand } from "./commands/hotspot-show";
import { makerApproveCommand } from "./commands/maker-approve";
import { makerRegisterCommand } from "./commands/maker-register";
import { makerRevokeCommand } from "./commands/maker-revoke";
import { makerShowCommand } from "./commands/maker-show";
import { networkInitCommand } from "./commands/network-init";
import { networkShowCommand } from "./commands/network-show";

function group(name: string, description: string, commands: Command[]): Command {
  const g = new Command(name).description(description);
  for (const c of commands) g.addCommand(c);
  return g;
}

export function hexpinCli(): Command {
  return new Command("hexpin")
    .description("hexpin operator CLI: networks, makers, hotspots, epochs and rewards on Solana")
    .version(require("../../package.json").version)
    .showHelpAfterError()
    .addCommand(
      group("network", "the network: create, inspect and administer it", [
        networkInitCommand(),
        networkShowCommand(),
        networkSetOraclesCommand(),
        networkUpdateCommand(),
        networkPauseCommand(),
        networkUnpauseCommand(),
        networkProposeAuthorityCommand(),
        networkAcceptAuthorityCommand(),
      ]),
    )
    .addCommand(group("maker", "hardware makers: register, approve, revoke, inspect", [makerRegisterCommand(), makerApproveCommand(), makerRevokeCommand(), makerShowCommand()]))
    .addCommand(
      group("hotspot", "hotspots: device keys, onboarding, placement, ownership, decommissioning", [
        hotspotKeygenCommand(),
        hotspotOnboardCommand(),
        hotspotAssertCommand(),
        hotspotTransferCommand(),
        hotspotDecommissionCommand(),
        hotspotShowCommand(),
        hotspotListCommand(),
      ]),
    )
    .addCommand(group("epoch", "emission epochs: crank, vote roots, inspect", [epochAdvanceCommand(), epochVoteCommand(), epochShowCommand()]))
    .addCommand(group("rewards", "rewards: what is paid and claimable, and claims", [rewardsShowCommand(), rewardsClaimCommand()]));
}
