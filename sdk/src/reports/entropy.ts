/**
 * A piece of public randomness (e.g. a recent Solana blockhash) published by the
 * oracle. Beacons must quote it, so they cannot be built before it exists, and the
 * oracle accepts them only while it is fresh.
 */
export interface EntropyRecord {
  /** monotonically increasing id (e.g. the slot the blockhash belongs to). */
  id: number;
  /** the 32 random bytes. */
  value: Uint8Array;
  /** unix milliseconds at which the oracle published it. */
  publishedAtMs: number;
}

/** True when an oracle receive time falls inside [publishedAt, publishedAt + lifespan]. */
export function isEntropyFresh(rec: EntropyRecord, receivedAtMs: number, lifespanMs: number): boolean {
  return receivedAtMs >= rec.publishedAtMs && receivedAtMs <= rec.publishedAtMs + lifespanMs;
}
