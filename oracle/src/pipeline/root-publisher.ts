// The chain side of the epoch state machine: casting this oracle's
// `post_epoch_root` vote and reading what the chain recorded. The pipeline only
// talks to this interface; publish/chain-root-publisher.ts implements it over
// RPC on the SDK's safe sending, tests also with an in-process double.

/** The triple `post_epoch_root` votes for (docs/program-interface.md). */
export interface RootVote {
  epoch: number;
  /** hex, 32 bytes. */
  merkleRoot: string;
  /** hex sha256 of the epoch's canonical bundle. */
  inputDigest: string;
  totalCumulative: bigint;
}

export interface RootProposalStatus {
  vote: RootVote;
  votes: number;
}

/** What the chain's `Epoch` account says about an epoch's root. */
export interface EpochRootStatus {
  /** this oracle's vote under the current oracle config, if cast. */
  ourVote: RootVote | null;
  /** the activated root, once a proposal reached quorum. */
  active: RootVote | null;
  proposals: RootProposalStatus[];
  quorum: number;
  /**
   * the epoch of the network's active root when it is newer than this epoch and
   * this epoch's root is not active: the program refuses votes for this epoch
   * (`EpochRootSuperseded`), so its root can never activate. Null otherwise.
   */
  supersededBy?: number | null;
}

/**
 * How a vote ended. `landed`: this call's transaction is on chain. The others are
 * facts the program reported instead of taking a vote (`OracleAlreadyVoted`,
 * `EpochRootAlreadyActive`, `EpochRootSuperseded`), not failures: the caller reads
 * the chain's status again and moves on from what it says.
 */
export type VoteResult = { outcome: "landed"; signature: string } | { outcome: "already_voted" | "root_already_active" | "superseded" };

export interface RootPublisher {
  /** base58 key of the oracle that signs the votes. */
  readonly oracle: string;
  /** The chain's view of `epoch`, or null while its `Epoch` account does not exist (not advanced yet). */
  status(epoch: number): Promise<EpochRootStatus | null>;
  /**
   * Casts this oracle's vote and resolves once the chain has it at the
   * publisher's commitment, or with the fact that made the program refuse it.
   * Contract: at most one transaction that can land per vote is ever in flight
   * (a new one is signed only after the earlier blockhash expired and the chain
   * shows no trace of it), never a vote for another root of the same epoch;
   * throws when the vote cannot be cast (RPC faults, other program errors), and
   * a later call picks up where it stopped.
   */
  vote(v: RootVote): Promise<VoteResult>;
}

export function sameVote(a: RootVote, b: RootVote): boolean {
  return a.epoch === b.epoch && a.merkleRoot === b.merkleRoot && a.inputDigest === b.inputDigest && a.totalCumulative === b.totalCumulative;
}
