// Accelerated time for the network in a box. The oracles read this clock (it
// stamps every report's receive time and decides when an epoch ends); the
// chain follows it through Surfpool's time travel, so `advance_epoch` sees
// the same epoch boundaries the oracles do. Time only moves forward.

import type { Connection } from "@solana/web3.js";
import { timeTravel } from "@hexpin/sdk/src/localnet/localnet";
import type { Clock } from "../service/clock";
import { chainUnixTime } from "../publish/epoch-crank";

export class DemoClock implements Clock {
  private ms: number;

  constructor(
    startMs: number,
    private readonly rpcUrl: string,
    private readonly connection: Connection,
  ) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  /** Moves the oracles' time to `ms` (never backwards). */
  set(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }

  /** Moves the chain's clock up to this clock (unless the chain is already there); returns the chain's time, unix seconds. */
  async syncChain(): Promise<number> {
    const target = Math.ceil(this.ms / 1000);
    const chain = await chainUnixTime(this.connection, "processed");
    if (chain >= target) return chain;
    await timeTravel(this.rpcUrl, target);
    return target;
  }
}
