// Per-hotspot token buckets: a key may burst `capacity` reports, then
// `refillPerSec` a second. In memory: a restart refills every bucket, which
// costs at most one burst per key.

import type { Clock } from "../service/clock";

export interface RateLimitConfig {
  capacity: number;
  refillPerSec: number;
}

export class HotspotRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private lastPruneMs = 0;

  constructor(private readonly config: RateLimitConfig, private readonly clock: Clock) {
    if (!(config.capacity >= 1) || !(config.refillPerSec > 0)) throw new RangeError("rate limit needs capacity ≥ 1 and a positive refill rate");
  }

  private level(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.config.capacity;
    return Math.min(this.config.capacity, b.tokens + ((now - b.atMs) / 1000) * this.config.refillPerSec);
  }

  /**
   * Takes `counts[key]` tokens from every key, or none at all when any key is
   * short; then returns the seconds until the shortest key could pay.
   */
  take(counts: ReadonlyMap<string, number>): { ok: true } | { ok: false; key: string; retryAfterSec: number } {
    const now = this.clock.now();
    for (const [key, n] of counts) {
      const have = this.level(key, now);
      if (have < n) {
        const wait = n > this.config.capacity ? Infinity : (n - have) / this.config.refillPerSec;
        return { ok: false, key, retryAfterSec: Number.isFinite(wait) ? Math.max(1, Math.ceil(wait)) : 3600 };
      }
    }
    for (const [key, n] of counts) this.buckets.set(key, { tokens: this.level(key, now) - n, atMs: now });
    if (now - this.lastPruneMs > 60_000) this.prune(now);
    return { ok: true };
  }

  private prune(now: number): void {
    this.lastPruneMs = now;
    for (const [key] of this.buckets) if (this.level(key, now) >= this.config.capacity) this.buckets.delete(key);
  }
}
