// `hexpin network pause [--onboarding] [--claims]`: the authority pauses onboarding and/or
// claims (both when neither is named). Oracles may still post roots while paused.
import type { Command } from "commander";
import { pauseCommand } from "./network-pause-flags";

export function networkPauseCommand(): Command {
  return pauseCommand("pause", true);
}
