// Fixed-point conventions of the score stage. Everything that reaches money is
// an integer: reward units and density scales carry four decimals (Helium's
// oracles round both to 4 dp, `SCALING_PRECISION = 4` in helium/oracles'
// density scaler), multipliers are basis points, and every division floors.

/** 1.0 in reward units and in density scale (four decimals). */
export const UNIT = 10_000;
export const UNIT_N = 10_000n;
/** 1.0 in basis points (rank multipliers, trust, pool shares). */
export const BPS = 10_000;

/** Adds to a per-key Number accumulator, refusing to leave the exact-integer range. */
export function addSafe(map: Map<string, number>, key: string, amount: number): void {
  const next = (map.get(key) ?? 0) + amount;
  if (!Number.isSafeInteger(next)) throw new RangeError(`score accumulator for ${key} left the safe-integer range`);
  map.set(key, next);
}
