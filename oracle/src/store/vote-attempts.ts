// Queries over `vote_attempts`: every post_epoch_root transaction this oracle
// signed, committed before its first broadcast, and what became of it.

import type { Kysely, Selectable } from "kysely";
import type { RootVote } from "../pipeline/root-publisher";
import type { OracleDatabase, VoteAttemptTable } from "./schema";

export type VoteAttemptRow = Selectable<VoteAttemptTable>;

export interface NewVoteAttempt {
  signature: string;
  oracle: string;
  vote: RootVote;
  blockhash: string;
  lastValidBlockHeight: number;
  transaction: Uint8Array;
  attempt: number;
}

export function voteOfAttempt(a: VoteAttemptRow): RootVote {
  return { epoch: Number(a.epoch), merkleRoot: a.merkle_root, inputDigest: a.input_digest, totalCumulative: BigInt(a.total_cumulative) };
}

/** Commits a signed attempt; it must be durable before the transaction is first broadcast. */
export async function recordVoteAttempt(db: Kysely<OracleDatabase>, a: NewVoteAttempt, nowMs: number): Promise<void> {
  await db
    .insertInto("vote_attempts")
    .values({
      signature: a.signature,
      oracle: a.oracle,
      epoch: a.vote.epoch,
      merkle_root: a.vote.merkleRoot,
      input_digest: a.vote.inputDigest,
      total_cumulative: a.vote.totalCumulative.toString(),
      blockhash: a.blockhash,
      last_valid_block_height: a.lastValidBlockHeight,
      transaction: a.transaction,
      attempt: a.attempt,
      created_at_ms: nowMs,
      outcome: null,
      failure: null,
      resolved_at_ms: null,
    })
    .execute();
}

/** This oracle's attempts for an epoch, oldest first. */
export async function voteAttempts(db: Kysely<OracleDatabase>, oracle: string, epoch: number): Promise<VoteAttemptRow[]> {
  return db.selectFrom("vote_attempts").selectAll().where("oracle", "=", oracle).where("epoch", "=", BigInt(epoch)).orderBy("created_at_ms").orderBy("attempt").execute();
}

/** Records what became of an attempt (only once: a resolved attempt keeps its outcome). */
export async function resolveVoteAttempt(db: Kysely<OracleDatabase>, signature: string, outcome: "landed" | "expired" | "failed", nowMs: number, failure: string | null = null): Promise<void> {
  await db.updateTable("vote_attempts").set({ outcome, failure, resolved_at_ms: nowMs }).where("signature", "=", signature).where("outcome", "is", null).execute();
}
