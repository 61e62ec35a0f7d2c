/**
 * A small deterministic PRNG (splitmix64 over bigint state, exposed as 53-bit
 * floats and bounded integers) for property tests, fixtures and the bench.
 * Never used by the reward path itself.
 */
export class SeededRandom {
  private state: bigint;

  constructor(seed: number | bigint) {
    this.state = BigInt.asUintN(64, BigInt(seed) ^ 0x9e3779b97f4a7c15n);
  }

  nextU64(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  /** uniform in [0, 1). */
  float(): number {
    return Number(this.nextU64() >> 11n) / 2 ** 53;
  }

  /** uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 8) {
      const v = this.nextU64();
      for (let j = 0; j < 8 && i + j < n; j++) out[i + j] = Number((v >> BigInt(8 * j)) & 0xffn);
    }
    return out;
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}
