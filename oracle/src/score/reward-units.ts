// PoC reward units per valid beacon and per witness, HIP-15 shape
// (helium/HIP 0015-beaconing-rewards; constants as in helium/oracles
// iot-verifier: WITNESS_REDUNDANCY = 4, POC_REWARD_DECAY_RATE = 0.8,
// HIP15_TX_REWARD_UNIT_CAP = 2.0, and blockchain-core chain vars
// witness_redundancy = 4, poc_reward_decay_rate = 0.8).
//
// With W selected valid witnesses, redundancy target N and decay rate R:
//   beaconer (tx) units = W / N                       if W ≤ N
//                       = min(cap, 2 − R^(W−N))       if W > N
//   per-witness (rx)    = 1                            if W ≤ N
//                       = (N − (1 − R^(W−N))) / W      if W > N
// so the W witnesses of a dense beacon share a little more than N units in
// total, and the beaconer's reward saturates towards 2.
//
// Every value is computed as an exact rational over bigints and floored once
// to UNIT (four decimals); R is given in basis points so R^k is exact.

import { UNIT, UNIT_N } from "./fixed-point";

export interface RewardUnitConfig {
  /** HIP-15 N: witnesses per beacon before witness rewards decay. */
  witnessRedundancy: number;
  /** HIP-15 R in basis points (8000 = 0.8). */
  decayRateBps: number;
  /** cap on beaconer units, in UNIT (20000 = 2.0). */
  beaconerUnitCap: number;
}

export const DEFAULT_REWARD_UNIT_CONFIG: RewardUnitConfig = {
  witnessRedundancy: 4,
  decayRateBps: 8_000,
  beaconerUnitCap: 2 * UNIT,
};

export function validateRewardUnitConfig(c: RewardUnitConfig): void {
  if (!Number.isSafeInteger(c.witnessRedundancy) || c.witnessRedundancy < 1) throw new RangeError("witnessRedundancy must be a positive integer");
  if (!Number.isSafeInteger(c.decayRateBps) || c.decayRateBps < 0 || c.decayRateBps > 10_000) throw new RangeError("decayRateBps must be in 0..10000");
  if (!Number.isSafeInteger(c.beaconerUnitCap) || c.beaconerUnitCap < 0) throw new RangeError("beaconerUnitCap must be a non-negative integer");
}

export interface BeaconUnits {
  /** units for the beaconer, in UNIT. */
  beaconer: number;
  /** units for each selected witness, in UNIT. */
  perWitness: number;
}

/** Memoizing calculator: a few distinct witness counts cover a whole epoch. */
export class RewardUnitTable {
  private readonly cache: BeaconUnits[] = [];

  constructor(readonly config: RewardUnitConfig = DEFAULT_REWARD_UNIT_CONFIG) {
    validateRewardUnitConfig(config);
  }

  forWitnessCount(witnesses: number): BeaconUnits {
    if (!Number.isSafeInteger(witnesses) || witnesses < 0) throw new RangeError(`bad witness count ${witnesses}`);
    return (this.cache[witnesses] ??= computeBeaconUnits(witnesses, this.config));
  }
}

export function computeBeaconUnits(w: number, c: RewardUnitConfig): BeaconUnits {
  if (w === 0) return { beaconer: 0, perWitness: 0 };
  const n = c.witnessRedundancy;
  if (w <= n) return { beaconer: Math.floor((UNIT * w) / n), perWitness: UNIT };
  // R^k = num / den exactly, with num = decayBps^k and den = 10000^k
  const k = BigInt(w - n);
  const den = 10_000n ** k;
  const num = BigInt(c.decayRateBps) ** k;
  const beaconer = (UNIT_N * (2n * den - num)) / den;
  const perWitness = (UNIT_N * (BigInt(n) * den - (den - num))) / (BigInt(w) * den);
  return { beaconer: Math.min(c.beaconerUnitCap, Number(beaconer)), perWitness: Number(perWitness) };
}
