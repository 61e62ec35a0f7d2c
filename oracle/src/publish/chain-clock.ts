// The service's clock taken from the chain (`--clock chain`): the Clock
// sysvar's unix_timestamp, polled, and advanced between polls by the local
// monotonic clock. Epoch boundaries then follow the same time `advance_epoch`
// checks, and a local chain moved by time travel (Surfpool's
// `surfnet_timeTravel`) moves the oracle with it. Each new chain second
// rebases the extrapolation, so it cannot drift from the chain; the clock
// never goes backwards (it holds still until the chain catches up).

import type { Connection } from "@solana/web3.js";
import type { Clock } from "../service/clock";
import { chainUnixTime } from "./epoch-crank";

export class ChainClock implements Clock {
  private baseChainMs = 0;
  private baseLocalMs = 0;
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly connection: Connection) {}

  /** Reads the chain's time once (so `now()` is right from the start), then every `pollMs`. */
  static async start(connection: Connection, pollMs = 1_000, onError?: (e: unknown) => void): Promise<ChainClock> {
    const c = new ChainClock(connection);
    await c.poll();
    if (pollMs > 0) {
      c.timer = setInterval(() => void c.poll().catch((e) => onError?.(e)), pollMs);
      c.timer.unref();
    }
    return c;
  }

  async poll(): Promise<void> {
    const secs = await chainUnixTime(this.connection);
    const chainMs = secs * 1000;
    if (chainMs > this.baseChainMs) {
      this.baseChainMs = chainMs;
      this.baseLocalMs = performance.now();
    }
  }

  now(): number {
    const t = this.baseChainMs === 0 ? 0 : Math.floor(this.baseChainMs + (performance.now() - this.baseLocalMs));
    if (t > this.last) this.last = t;
    return this.last;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
