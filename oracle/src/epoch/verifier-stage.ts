// The real PoC stage: oracle/src/verify's PocVerifier behind the PocStage
// interface computeEpoch drives.
//
// `config.poc` in the bundle has this shape (all optional, plain JSON):
//   { rules: PocConfig            // default defaultPocConfig("US915")
//     denylist: Denylist,
//     lastBeaconBeforeMs: { [key]: ms } }   // schedule carry-over from the previous epoch
// Denylist and carry-over are epoch inputs rather than tuning, but they are
// small and belong to the verifier alone, so they travel with its config.

import { defaultPocConfig, Denylist, PocConfig, PocVerifier } from "../verify";
import type { PocStageFactory } from "./compute-epoch";
import type { EpochConfig } from "./bundle";
import type { CanonicalValue } from "./canonical-json";
import { DEFAULT_SCORING_CONFIG } from "../score/scoring";
import { DEFAULT_ALLOCATION_CONFIG } from "./allocation";

export interface PocStageConfig {
  rules?: PocConfig;
  denylist?: Denylist;
  lastBeaconBeforeMs?: Record<string, number>;
}

export const pocVerifierStage: PocStageFactory = (ctx) => {
  const c = (ctx.config ?? {}) as PocStageConfig;
  return new PocVerifier(
    {
      hotspots: ctx.hotspots, entropy: ctx.entropy, window: ctx.window, denylist: c.denylist, lastBeaconBeforeMs: c.lastBeaconBeforeMs,
      previousState: ctx.previousState, epoch: ctx.epoch,
    },
    c.rules ?? defaultPocConfig(),
  );
};

/**
 * An epoch's bundle `config` verified with `stage` and the default scoring and
 * allocation. The cast only bridges TypeScript's interface/index-signature gap:
 * PocStageConfig is plain JSON data.
 */
export function epochConfig(stage: PocStageConfig): EpochConfig {
  return { poc: stage as unknown as CanonicalValue, scoring: DEFAULT_SCORING_CONFIG, allocation: DEFAULT_ALLOCATION_CONFIG };
}
