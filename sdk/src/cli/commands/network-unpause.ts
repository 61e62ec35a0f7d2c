// `hexpin network unpause [--onboarding] [--claims]`: the authority resumes onboarding and/or
// claims (both when neither is named).
import type { Command } from "commander";
import { pauseCommand } from "./network-pause-flags";

export function networkUnpauseCommand(): Command {
  return pauseCommand("unpause", false);
}
