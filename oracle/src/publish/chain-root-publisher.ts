// The RootPublisher over JSON-RPC: reads the chain's view of an epoch's root
// from the Network and Epoch accounts, and casts this oracle's
// `post_epoch_root` through the SDK's TransactionSender (simulated first,
// typed program errors, confirmation by polling, a new blockhash only once the
// old one provably cannot land).
//
// Crash safety: every signed vote transaction is committed to `vote_attempts`
// (signature, blockhash, last valid block height, the signed bytes) *before*
// its first broadcast. A later call — after an RPC fault, or in a process
// restarted after kill -9 — first follows every attempt that may still land
// (re-broadcasting the same bytes while valid) to its end, and signs a new one
// only when none can land and the chain shows no vote of this oracle. The
// attempts also pin the root: an attempt for another root of the same epoch is
// never signed, whatever the pipeline asks.
//
// `OracleAlreadyVoted`, `EpochRootAlreadyActive` and `EpochRootSuperseded` are
// facts about the chain, returned as outcomes (the pipeline reads the chain
// again and moves on), not failures.

import { Connection, PublicKey, Signer } from "@solana/web3.js";
import type { Kysely } from "kysely";
import {
  decodeEpoch,
  decodeNetwork,
  epochPda,
  HEXPIN_PROGRAM_ID,
  HexpinProgramError,
  postEpochRootIx,
  TransactionExpiredError,
  TransactionFailedError,
  TransactionSender,
  type PlannedTransaction,
  type SendOptions,
  type SignedAttempt,
} from "@hexpin/sdk";
import type { PipelineStep } from "../pipeline/epoch-pipeline";
import { EpochRootStatus, RootProposalStatus, RootPublisher, RootVote, sameVote, VoteResult } from "../pipeline/root-publisher";
import type { OracleDatabase } from "../store/schema";
import { recordVoteAttempt, resolveVoteAttempt, VoteAttemptRow, voteAttempts, voteOfAttempt } from "../store/vote-attempts";

/** The pipeline asked for a vote on a root other than the one this oracle already signed for the epoch. */
export class ConflictingRootVoteError extends Error {
  constructor(
    readonly epoch: number,
    readonly signedRoot: string,
    readonly requestedRoot: string,
  ) {
    super(`refusing to vote root ${requestedRoot} for epoch ${epoch}: this oracle already signed a vote for root ${signedRoot}, and one epoch never gets two roots from one oracle`);
    this.name = "ConflictingRootVoteError";
  }
}

/** The epoch has no Epoch account yet: `advance_epoch` has not closed it, so no vote can count. */
export class EpochNotClosedError extends Error {
  constructor(readonly epoch: number) {
    super(`epoch ${epoch} is not closed on chain yet (no Epoch account): a root vote needs advance_epoch first`);
    this.name = "EpochNotClosedError";
  }
}

/** The network account is missing or not hexpin's: a configuration error, not a chain fact. */
export class NetworkAccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NetworkAccountError";
  }
}

export interface ChainRootPublisherOptions {
  connection: Connection;
  /** the oracle's key: signs and pays for its votes. */
  oracle: Signer;
  network: PublicKey;
  programId?: PublicKey;
  /** where attempts are committed before broadcast (the service's database). */
  db: Kysely<OracleDatabase>;
  /** sending options (commitment default "confirmed", priority fee, polling). */
  send?: SendOptions;
  now?: () => number;
  onStep?: (step: PipelineStep, epoch: number) => void;
  log?: (event: Record<string, unknown>) => void;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const FACTS: Record<string, VoteResult["outcome"]> = {
  OracleAlreadyVoted: "already_voted",
  EpochRootAlreadyActive: "root_already_active",
  EpochRootSuperseded: "superseded",
};

function factOf(e: unknown): VoteResult | null {
  if (e instanceof HexpinProgramError && FACTS[e.errorName]) return { outcome: FACTS[e.errorName] } as VoteResult;
  return null;
}

export class ChainRootPublisher implements RootPublisher {
  readonly oracle: string;
  readonly programId: PublicKey;
  readonly sender: TransactionSender;
  private readonly commitment: NonNullable<SendOptions["commitment"]>;
  private readonly now: () => number;

  constructor(private readonly o: ChainRootPublisherOptions) {
    this.oracle = o.oracle.publicKey.toBase58();
    this.programId = o.programId ?? HEXPIN_PROGRAM_ID;
    this.commitment = o.send?.commitment ?? "confirmed";
    this.sender = new TransactionSender(o.connection, { ...o.send, commitment: this.commitment }, this.programId);
    this.now = o.now ?? Date.now;
  }

  async status(epoch: number): Promise<EpochRootStatus | null> {
    const [epochAddress] = epochPda(this.o.network, epoch, this.programId);
    const [netInfo, epochInfo] = await this.o.connection.getMultipleAccountsInfo([this.o.network, epochAddress], this.commitment);
    if (!netInfo || !netInfo.owner.equals(this.programId)) throw new NetworkAccountError(`network ${this.o.network.toBase58()} is not a hexpin account of program ${this.programId.toBase58()} on this cluster`);
    if (!epochInfo || !epochInfo.owner.equals(this.programId)) return null; // not advanced yet
    const net = decodeNetwork(netInfo.data);
    const e = decodeEpoch(epochInfo.data);
    const triple = (root: Uint8Array, digest: Uint8Array, total: bigint): RootVote => ({ epoch, merkleRoot: hex(root), inputDigest: hex(digest), totalCumulative: total });
    // Votes recorded under an older oracle config no longer count (the program discards them at the next vote).
    const current = e.voteConfigVersion === net.oracleConfigVersion;
    const proposals: (RootProposalStatus & { mask: number })[] = current ? e.proposals.map((p) => ({ vote: triple(p.merkleRoot, p.inputDigest, p.totalCumulative), votes: p.votes, mask: p.voterMask })) : [];
    const index = net.oracles.findIndex((k) => k.toBase58() === this.oracle);
    const mine = index >= 0 ? proposals.find((p) => (p.mask >> index) & 1) : undefined;
    const active = e.rootActive ? triple(e.merkleRoot, e.inputDigest, e.totalCumulative) : null;
    const newer = net.activeRoot && net.activeRoot.epoch > BigInt(epoch) ? Number(net.activeRoot.epoch) : null;
    return {
      ourVote: mine?.vote ?? null,
      active,
      proposals: proposals.map(({ vote, votes }) => ({ vote, votes })),
      quorum: net.oracleQuorum,
      supersededBy: active ? null : newer,
    };
  }

  private plan(v: RootVote): PlannedTransaction {
    return {
      description: `vote epoch ${v.epoch}'s root ${v.merkleRoot.slice(0, 8)}…`,
      instructions: [
        postEpochRootIx({
          oracle: this.o.oracle.publicKey,
          network: this.o.network,
          epoch: BigInt(v.epoch),
          merkleRoot: Buffer.from(v.merkleRoot, "hex"),
          inputDigest: Buffer.from(v.inputDigest, "hex"),
          totalCumulative: v.totalCumulative,
          programId: this.programId,
        }),
      ],
      signers: [this.o.oracle],
      // the activating vote costs more; its measured units cover either
      computeUnitLabels: ["post_epoch_root_activating"],
    };
  }

  async vote(v: RootVote): Promise<VoteResult> {
    if (!/^[0-9a-f]{64}$/.test(v.merkleRoot) || !/^[0-9a-f]{64}$/.test(v.inputDigest)) throw new RangeError(`epoch ${v.epoch}: root and digest must be 32-byte hex`);
    const attempts = await voteAttempts(this.o.db, this.oracle, v.epoch);
    const other = attempts.find((a) => !sameVote(voteOfAttempt(a), v));
    if (other) throw new ConflictingRootVoteError(v.epoch, other.merkle_root, v.merkleRoot);
    const tx = this.plan(v);

    // 1. Follow every attempt that may still land to its end before anything new is signed.
    for (const a of attempts) {
      if (a.outcome !== null) continue;
      const r = await this.follow(a, tx);
      if (r) return r;
    }

    // 2. The chain may already hold what a new vote would try to do.
    const status = await this.status(v.epoch);
    if (!status) throw new EpochNotClosedError(v.epoch);
    if (status.ourVote) {
      if (!sameVote(status.ourVote, v)) throw new ConflictingRootVoteError(v.epoch, status.ourVote.merkleRoot, v.merkleRoot);
      return { outcome: "already_voted" };
    }
    if (status.active) return { outcome: "root_already_active" };
    if (status.supersededBy != null) return { outcome: "superseded" };

    // 3. Sign, commit, then broadcast.
    const signedHere: string[] = [];
    try {
      const sent = await this.sender.send(tx, {
        beforeBroadcast: async (a: SignedAttempt) => {
          // The sender signs again only once every earlier attempt provably cannot land.
          for (const s of signedHere) await resolveVoteAttempt(this.o.db, s, "expired", this.now());
          signedHere.push(a.signature);
          await recordVoteAttempt(this.o.db, { signature: a.signature, oracle: this.oracle, vote: v, blockhash: a.blockhash, lastValidBlockHeight: a.lastValidBlockHeight, transaction: a.raw, attempt: a.attempt }, this.now());
          this.o.log?.({ msg: "vote signed and stored", epoch: v.epoch, signature: a.signature, lastValidBlockHeight: a.lastValidBlockHeight, attempt: a.attempt });
          this.o.onStep?.("vote:persisted", v.epoch);
        },
        afterBroadcast: () => this.o.onStep?.("vote:broadcast", v.epoch),
      });
      await resolveVoteAttempt(this.o.db, sent.signature, "landed", this.now());
      this.o.log?.({ msg: "vote landed", epoch: v.epoch, signature: sent.signature, slot: sent.slot, attempts: sent.attempts });
      return { outcome: "landed", signature: sent.signature };
    } catch (e) {
      if (e instanceof TransactionExpiredError) {
        for (const s of e.signatures) await resolveVoteAttempt(this.o.db, s, "expired", this.now());
      }
      // A refusal at simulation stored nothing; one that landed is resolved by the next call's follow.
      const fact = factOf(e);
      if (fact) {
        this.o.log?.({ msg: "vote refused by a chain fact", epoch: v.epoch, outcome: fact.outcome });
        return fact;
      }
      throw e;
    }
  }

  /** Waits for a stored attempt to land or expire; a result when it decided the vote, null when it expired unlanded. */
  private async follow(a: VoteAttemptRow, tx: PlannedTransaction): Promise<VoteResult | null> {
    const epoch = Number(a.epoch);
    const attempt: SignedAttempt = { signature: a.signature, blockhash: a.blockhash, lastValidBlockHeight: Number(a.last_valid_block_height), raw: a.transaction, attempt: a.attempt };
    this.o.log?.({ msg: "following a stored vote attempt", epoch, signature: a.signature, lastValidBlockHeight: attempt.lastValidBlockHeight });
    try {
      const landed = await this.sender.resume(attempt, tx, { fetchResult: false });
      if (landed) {
        await resolveVoteAttempt(this.o.db, a.signature, "landed", this.now());
        return { outcome: "landed", signature: a.signature };
      }
      await resolveVoteAttempt(this.o.db, a.signature, "expired", this.now());
      return null;
    } catch (e) {
      if (e instanceof HexpinProgramError || (e instanceof TransactionFailedError && e.signature)) {
        await resolveVoteAttempt(this.o.db, a.signature, "failed", this.now(), e instanceof HexpinProgramError ? e.errorName : e.reason);
        const fact = factOf(e);
        if (fact) return fact;
      }
      throw e;
    }
  }
}
