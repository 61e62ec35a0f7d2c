// The score stage as one call: PoC outcome + registry → PoC and coverage
// allocation weights. Density counts the hotspots that were active this epoch
// (asserted and with PoC trust > 0), HIP-17's "interactive" population.
// Coverage follows the verifier's measured radio when it gives one.

import type { HotspotInfo, PocOutcome } from "../types";
import { computeCoverage, CoverageConfig, CoverageResult, DEFAULT_COVERAGE_CONFIG } from "./coverage";
import { computeHexDensity, DEFAULT_DENSITY_CONFIG, DensityConfig, HexDensity } from "./hex-density";
import { computePocRewardWeights, DEFAULT_POC_REWARD_CONFIG, PocRewardConfig, PocRewardWeights, scaleLookup } from "./poc-rewards";

export interface ScoringConfig {
  poc: PocRewardConfig;
  density: DensityConfig;
  coverage: CoverageConfig;
}

export const DEFAULT_SCORING_CONFIG: ScoringConfig = {
  poc: DEFAULT_POC_REWARD_CONFIG,
  density: DEFAULT_DENSITY_CONFIG,
  coverage: DEFAULT_COVERAGE_CONFIG,
};

export interface EpochScores {
  density: HexDensity;
  poc: PocRewardWeights;
  coverage: CoverageResult;
}

export function isActive(h: HotspotInfo, trustBps: Readonly<Record<string, number>>): boolean {
  return h.location !== null && (trustBps[h.key] ?? 0) > 0;
}

export function scoreEpoch(
  hotspots: ReadonlyMap<string, HotspotInfo>,
  outcome: PocOutcome,
  config: ScoringConfig = DEFAULT_SCORING_CONFIG,
  onCoverageProgress?: (done: number, total: number) => void,
): EpochScores {
  const activeLocations: string[] = [];
  for (const h of hotspots.values()) if (isActive(h, outcome.trustBps)) activeLocations.push(h.location!);
  const density = computeHexDensity(activeLocations, config.density);
  // the helium profile measures density itself (HIP-104 over Helium's population, verify/stages/helium-density.ts)
  const txScale = outcome.txScale;
  const scaleOf = txScale ? (key: string) => txScale[key] ?? 0 : scaleLookup(hotspots, density.scaleByCell);
  const poc = computePocRewardWeights(outcome, scaleOf, config.poc);
  const coverage = computeCoverage(hotspots.values(), outcome.trustBps, config.coverage, onCoverageProgress, outcome.radio);
  return { density, poc, coverage };
}
