// Splitting an epoch's emission into per-hotspot amounts.
//
// Rounding rule (the only one money ever goes through):
//   1. the emission splits into a PoC pool and a coverage pool:
//        pocPool = floor(emission × pocShareBps / 10_000), coveragePool = emission − pocPool;
//   2. within a pool, hotspot i with weight wᵢ of total W gets
//        floor(pool × wᵢ / W)   (bigint, exact)
//      and the pool's leftover (< number of weighted hotspots) goes one base unit
//      each to the largest remainders (pool × wᵢ mod W), ties broken by key
//      ascending (byte order of the base58 string, which is what the sort sees);
//   3. a pool whose total weight is zero pays nobody: it is left unallocated
//      (the program keeps it in the emission vault).
// So paid + unallocated == emission exactly, and no hotspot gets more than one
// base unit above its exact proportional share.

export const BPS = 10_000n;

export interface AllocationConfig {
  /** share of the emission for PoC (beacon/witness) rewards, in bps; coverage gets the rest. */
  pocShareBps: number;
}

/** Helium's IoT split puts PoC beacons+witnesses and coverage side by side; we default to half each. */
export const DEFAULT_ALLOCATION_CONFIG: AllocationConfig = { pocShareBps: 5_000 };

export interface PoolAllocation {
  amounts: Map<string, bigint>;
  paid: bigint;
  unallocated: bigint;
}

/**
 * Distributes `pool` proportionally to `weights` (non-negative bigints).
 * Keys with zero weight get nothing and are absent from the result.
 */
export function allocatePool(pool: bigint, weights: ReadonlyMap<string, bigint>): PoolAllocation {
  if (pool < 0n) throw new RangeError("pool must be non-negative");
  let total = 0n;
  const entries: { key: string; weight: bigint; remainder: bigint }[] = [];
  for (const [key, weight] of weights) {
    if (weight < 0n) throw new RangeError(`negative weight for ${key}`);
    if (weight === 0n) continue;
    total += weight;
    entries.push({ key, weight, remainder: 0n });
  }
  const amounts = new Map<string, bigint>();
  if (total === 0n || pool === 0n) return { amounts, paid: 0n, unallocated: pool };

  let paid = 0n;
  for (const e of entries) {
    const scaled = pool * e.weight;
    const share = scaled / total; // bigint division floors for non-negatives
    e.remainder = scaled - share * total;
    amounts.set(e.key, share);
    paid += share;
  }
  let leftover = pool - paid;
  if (leftover > 0n) {
    entries.sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (let i = 0; leftover > 0n; i++, leftover--) {
      const e = entries[i];
      amounts.set(e.key, amounts.get(e.key)! + 1n);
      paid++;
    }
  }
  return { amounts, paid, unallocated: pool - paid };
}

export interface EpochAllocation {
  pocPool: bigint;
  coveragePool: bigint;
  /** per-hotspot PoC rewards (only hotspots with PoC weight). */
  poc: Map<string, bigint>;
  /** per-hotspot coverage rewards (only hotspots with coverage weight). */
  coverage: Map<string, bigint>;
  /** per-hotspot total this epoch (poc + coverage), only non-zero entries. */
  total: Map<string, bigint>;
  paid: bigint;
  unallocated: bigint;
}

/** Splits the emission between the two pools and allocates each. */
export function allocateEpoch(
  emission: bigint,
  config: AllocationConfig,
  pocWeights: ReadonlyMap<string, bigint>,
  coverageWeights: ReadonlyMap<string, bigint>,
): EpochAllocation {
  if (emission < 0n) throw new RangeError("emission must be non-negative");
  if (!Number.isInteger(config.pocShareBps) || config.pocShareBps < 0 || config.pocShareBps > 10_000) {
    throw new RangeError(`pocShareBps must be an integer in 0..10000, got ${config.pocShareBps}`);
  }
  const pocPool = (emission * BigInt(config.pocShareBps)) / BPS;
  const coveragePool = emission - pocPool;
  const poc = allocatePool(pocPool, pocWeights);
  const coverage = allocatePool(coveragePool, coverageWeights);
  const total = new Map<string, bigint>();
  for (const m of [poc.amounts, coverage.amounts]) {
    for (const [k, v] of m) if (v > 0n) total.set(k, (total.get(k) ?? 0n) + v);
  }
  const paid = poc.paid + coverage.paid;
  const unallocated = poc.unallocated + coverage.unallocated;
  if (paid + unallocated !== emission) throw new Error("allocation does not conserve the emission");
  return { pocPool, coveragePool, poc: poc.amounts, coverage: coverage.amounts, total, paid, unallocated };
}
