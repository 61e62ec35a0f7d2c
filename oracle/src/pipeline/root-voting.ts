// The chain half of the epoch state machine, shared by the leader and the
// followers: computed → voted → active → served (or disputed). A vote is cast
// only when the chain shows none from this oracle for the epoch, and only for
// the stored root; a root the chain activated that differs from ours is never
// served.

import { MerkleTree } from "@hexpin/sdk";
import type { Kysely } from "kysely";
import type { Clock } from "../service/clock";
import { cumulativeOf, EpochRow, epochsInState, setChainStatus, transition } from "../store/epochs";
import type { OracleDatabase } from "../store/schema";
import type { PipelineStep } from "./epoch-pipeline";
import { EpochRootStatus, RootPublisher, RootVote, sameVote } from "./root-publisher";

export interface RootVotingOptions {
  db: Kysely<OracleDatabase>;
  clock: Clock;
  onStep?: (step: PipelineStep, epoch: number) => void;
  log?: (event: Record<string, unknown>) => void;
}

export function voteOf(row: EpochRow): RootVote | null {
  if (!row.merkle_root || !row.input_digest || row.total_cumulative === null) return null;
  return { epoch: Number(row.epoch), merkleRoot: row.merkle_root, inputDigest: row.input_digest, totalCumulative: BigInt(row.total_cumulative) };
}

function statusJson(s: EpochRootStatus): string {
  const v = (x: RootVote | null) => (x ? { merkleRoot: x.merkleRoot, inputDigest: x.inputDigest, totalCumulative: x.totalCumulative.toString() } : null);
  return JSON.stringify({ ourVote: v(s.ourVote), active: v(s.active), quorum: s.quorum, proposals: s.proposals.map((p) => ({ ...v(p.vote), votes: p.votes })) });
}

export class RootVoting {
  constructor(private readonly o: RootVotingOptions) {}

  private step(step: PipelineStep, epoch: number): void {
    this.o.log?.({ msg: "epoch step", step, epoch });
    this.o.onStep?.(step, epoch);
  }

  /** Moves every computed, voted and active epoch as far as the chain allows, oldest first. */
  async pass(publisher: RootPublisher | undefined): Promise<void> {
    if (publisher) {
      for (const row of await epochsInState(this.o.db, ["computed"])) await this.vote(row, publisher);
      for (const row of await epochsInState(this.o.db, ["voted"])) await this.activate(row, publisher);
    }
    for (const row of await epochsInState(this.o.db, ["active"])) await this.serve(row);
  }

  async vote(row: EpochRow, publisher: RootPublisher): Promise<void> {
    const epoch = Number(row.epoch);
    const ours = voteOf(row);
    if (!ours) return; // nothing has ever been paid: there is no root to post
    const status = await publisher.status(epoch);
    if (!status) return;
    const now = this.o.clock.now();
    if (status.ourVote) {
      if (sameVote(status.ourVote, ours)) await transition(this.o.db, epoch, "computed", "voted", now, { chain_status: statusJson(status) });
      else await this.dispute(epoch, "computed", `this oracle's key already voted root ${status.ourVote.merkleRoot} for epoch ${epoch}, which differs from the stored ${ours.merkleRoot}`, status);
      return;
    }
    if (status.active) {
      if (sameVote(status.active, ours)) {
        // A quorum activated our root before our own vote landed: a vote now would be refused.
        if (await transition(this.o.db, epoch, "computed", "active", now, { chain_status: statusJson(status) })) this.step("activate:committed", epoch);
      } else await this.dispute(epoch, "computed", `the chain activated root ${status.active.merkleRoot} for epoch ${epoch}; this oracle computed ${ours.merkleRoot}`, status);
      return;
    }
    this.step("vote:sending", epoch);
    const { signature } = await publisher.vote(ours);
    this.step("vote:sent", epoch);
    if (await transition(this.o.db, epoch, "computed", "voted", this.o.clock.now(), { vote_signature: signature })) this.step("vote:committed", epoch);
  }

  async activate(row: EpochRow, publisher: RootPublisher): Promise<void> {
    const epoch = Number(row.epoch);
    const ours = voteOf(row)!;
    const status = await publisher.status(epoch);
    if (!status) return;
    const now = this.o.clock.now();
    if (!status.active) {
      await setChainStatus(this.o.db, epoch, statusJson(status), now);
      return;
    }
    if (sameVote(status.active, ours)) {
      if (await transition(this.o.db, epoch, "voted", "active", now, { chain_status: statusJson(status) })) this.step("activate:committed", epoch);
    } else await this.dispute(epoch, "voted", `the chain activated root ${status.active.merkleRoot} for epoch ${epoch}; this oracle voted ${ours.merkleRoot}`, status);
  }

  /** Checks every stored cumulative amount against the active root before proofs are served. */
  async serve(row: EpochRow): Promise<void> {
    const epoch = Number(row.epoch);
    const cumulative = await cumulativeOf(this.o.db, epoch);
    const tree = MerkleTree.fromRewards(cumulative);
    if (tree.root.toString("hex") !== row.merkle_root) {
      await this.dispute(epoch, "active", `stored amounts rebuild root ${tree.root.toString("hex")}, not the active ${row.merkle_root}`);
      return;
    }
    if (await transition(this.o.db, epoch, "active", "served", this.o.clock.now())) this.step("serve:committed", epoch);
  }

  private async dispute(epoch: number, from: EpochRow["state"], reason: string, status?: EpochRootStatus): Promise<void> {
    this.o.log?.({ msg: "epoch disputed", level: "error", epoch, reason });
    await transition(this.o.db, epoch, from, "disputed", this.o.clock.now(), { dispute_reason: reason, ...(status ? { chain_status: statusJson(status) } : {}) });
  }
}
