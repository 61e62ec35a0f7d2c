// PoC reward weights: HIP-15 units of every valid beacon and selected witness,
// scaled by the HIP-17 transmit scale, times the hotspot's PoC trust.
//
// Which hex scale a witness earns at: HIP-17 scales witness rewards by the
// *beaconer's* transmit scale (what is being proven is the beaconer's
// coverage), which is our default and what helium/oracles' iot-verifier does
// (poc.rs at 824f7724, docs/helium-profile.md §4.8); a witness's own scale is
// also offered.
//
// Arithmetic: units (UNIT) × scale (UNIT) is an integer below 2·10^8 per
// event, accumulated per hotspot as a safe integer; the final weight is that
// sum × trustBps as a bigint. No rounding happens here; the allocation floors.

import type { HotspotInfo, PocOutcome } from "../types";
import { addSafe } from "./fixed-point";
import { DEFAULT_REWARD_UNIT_CONFIG, RewardUnitConfig, RewardUnitTable } from "./reward-units";

export type WitnessScaleSource = "beaconer" | "witness";

export interface PocRewardConfig {
  units: RewardUnitConfig;
  witnessScaleFrom: WitnessScaleSource;
}

export const DEFAULT_POC_REWARD_CONFIG: PocRewardConfig = {
  units: DEFAULT_REWARD_UNIT_CONFIG,
  witnessScaleFrom: "beaconer",
};

export interface PocRewardWeights {
  /** Σ units × scale per hotspot (UNIT², before trust). */
  scaledUnits: Map<string, number>;
  /** scaledUnits × trustBps; the allocation weight. Zero-weight hotspots are absent. */
  weights: Map<string, bigint>;
  beaconCount: number;
  witnessCount: number;
}

/**
 * @param scaleOf HIP-17 transmit scale (UNIT) of a hotspot, by key; hotspots
 *   without a location scale to 0.
 */
export function computePocRewardWeights(
  outcome: PocOutcome,
  scaleOf: (key: string) => number,
  config: PocRewardConfig = DEFAULT_POC_REWARD_CONFIG,
): PocRewardWeights {
  const table = new RewardUnitTable(config.units);
  const scaledUnits = new Map<string, number>();
  let witnessCount = 0;
  for (const beacon of outcome.beacons) {
    const units = beacon.units ?? table.forWitnessCount(beacon.selectedWitnesses.length);
    const beaconerScale = scaleOf(beacon.beaconer);
    if (units.beaconer > 0 && beaconerScale > 0) addSafe(scaledUnits, beacon.beaconer, units.beaconer * beaconerScale);
    for (const w of beacon.selectedWitnesses) {
      witnessCount++;
      const scale = config.witnessScaleFrom === "beaconer" ? beaconerScale : scaleOf(w);
      if (units.perWitness > 0 && scale > 0) addSafe(scaledUnits, w, units.perWitness * scale);
    }
  }
  const weights = new Map<string, bigint>();
  for (const [key, su] of scaledUnits) {
    const trust = outcome.trustBps[key] ?? 0;
    if (su > 0 && trust > 0) weights.set(key, BigInt(su) * BigInt(trust));
  }
  return { scaledUnits, weights, beaconCount: outcome.beacons.length, witnessCount };
}

/** Looks up a hotspot's scale through its asserted cell. */
export function scaleLookup(hotspots: ReadonlyMap<string, HotspotInfo>, scaleByCell: ReadonlyMap<string, number>): (key: string) => number {
  return (key) => {
    const loc = hotspots.get(key)?.location;
    return loc ? (scaleByCell.get(loc) ?? 0) : 0;
  };
}
