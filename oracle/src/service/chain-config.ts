// The chain half of a running oracle (leader or follower): where it votes and,
// optionally, cranks. Given a `ChainConfig`, `OracleService.start` and
// `FollowerService.start` build the RPC RootPublisher on the service's own
// database (vote attempts are committed there before each broadcast) and, with
// `crank`, an EpochCrank that closes ended epochs on the pipeline's timer.

import type { Connection, PublicKey, Signer } from "@solana/web3.js";
import type { SendOptions } from "@hexpin/sdk";
import type { Kysely } from "kysely";
import type { PipelineStep } from "../pipeline/epoch-pipeline";
import { ChainRootPublisher } from "../publish/chain-root-publisher";
import { EpochCrank } from "../publish/epoch-crank";
import type { OracleDatabase } from "../store/schema";

export interface ChainConfig {
  /** the cluster (`-u`), e.g. `new Connection(url, "confirmed")`. */
  connection: Connection;
  /** the oracle's key (`-k`): signs and pays for its root votes (and cranks). */
  oracle: Signer;
  network: PublicKey;
  programId?: PublicKey;
  /** sending options for votes and cranks (commitment, priority fee, polling). */
  send?: SendOptions;
  /** also send `advance_epoch` once an epoch has ended (`--crank`); several oracles may race. */
  crank?: boolean;
}

export interface ChainParts {
  publisher: ChainRootPublisher;
  crank: EpochCrank | null;
}

export function chainParts(c: ChainConfig, db: Kysely<OracleDatabase>, now: () => number, onStep: ((step: PipelineStep, epoch: number) => void) | undefined, log: (ev: Record<string, unknown>) => void): ChainParts {
  const publisher = new ChainRootPublisher({ connection: c.connection, oracle: c.oracle, network: c.network, programId: c.programId, db, send: c.send, now, onStep, log });
  const crank = c.crank ? new EpochCrank({ connection: c.connection, payer: c.oracle, network: c.network, programId: c.programId, send: c.send, log }) : null;
  return { publisher, crank };
}
