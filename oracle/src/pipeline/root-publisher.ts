// The chain side of the epoch state machine: casting this oracle's
// `post_epoch_root` vote and reading what the chain recorded. The pipeline only
// talks to this interface; publish/ implements it over RPC (phase 2, on the
// SDK client's safe sending), tests with an in-process double.

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
}

export interface RootPublisher {
  /** base58 key of the oracle that signs the votes. */
  readonly oracle: string;
  /** The chain's view of `epoch`, or null while its `Epoch` account does not exist (not advanced yet). */
  status(epoch: number): Promise<EpochRootStatus | null>;
  /**
   * Casts this oracle's vote and resolves once the chain has it at the
   * publisher's commitment. Contract: sends at most one transaction that can
   * land for a given vote (a resend only after the earlier blockhash expired
   * and the chain shows no vote); throws when the vote cannot be cast.
   */
  vote(v: RootVote): Promise<{ signature: string }>;
}

export function sameVote(a: RootVote, b: RootVote): boolean {
  return a.epoch === b.epoch && a.merkleRoot === b.merkleRoot && a.inputDigest === b.inputDigest && a.totalCumulative === b.totalCumulative;
}
