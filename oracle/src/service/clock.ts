// Time as the service sees it. Receive times, epoch boundaries and entropy
// publication all read one Clock, so tests and accelerated demos can drive
// time without touching the code that uses it.

export interface Clock {
  /** unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to (tests, accelerated demos). */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The network's epoch schedule (the chain's `Network.genesis_ts` and `epoch_length_secs`). */
export class EpochSchedule {
  constructor(readonly genesisMs: number, readonly epochLengthMs: number) {
    if (!Number.isSafeInteger(genesisMs) || genesisMs < 0) throw new RangeError("genesis must be a non-negative unix millisecond time");
    if (!Number.isSafeInteger(epochLengthMs) || epochLengthMs <= 0) throw new RangeError("epoch length must be a positive number of milliseconds");
  }

  /** The epoch whose window holds `ms`, or -1 before genesis. */
  epochOf(ms: number): number {
    return ms < this.genesisMs ? -1 : Math.floor((ms - this.genesisMs) / this.epochLengthMs);
  }

  window(epoch: number): { startMs: number; endMs: number } {
    const startMs = this.genesisMs + epoch * this.epochLengthMs;
    return { startMs, endMs: startMs + this.epochLengthMs };
  }
}
