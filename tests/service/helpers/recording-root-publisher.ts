// TEST DOUBLE, for pipeline tests only: an in-process stand-in for the chain's
// `post_epoch_root` that applies the program's voting rules (one vote per
// oracle per epoch, activation at quorum of identical triples, refused once
// active) and records every call, so tests can assert what the pipeline asked
// of the chain. The real publisher (publish/, phase 2) talks to a cluster.

import type { EpochRootStatus, RootPublisher, RootVote } from "../../../oracle/src/pipeline/root-publisher";
import { sameVote } from "../../../oracle/src/pipeline/root-publisher";

export class SimulatedRootChain {
  readonly votes = new Map<number, Map<string, RootVote>>();
  readonly active = new Map<number, RootVote>();
  /** epochs whose Epoch account exists (advanced). */
  closed: (epoch: number) => boolean = () => true;
  constructor(readonly quorum: number) {}

  cast(oracle: string, v: RootVote): void {
    if (!this.closed(v.epoch)) throw new Error("EpochMismatch: the epoch is not closed on chain");
    if (this.active.has(v.epoch)) throw new Error("EpochRootAlreadyActive");
    const byOracle = this.votes.get(v.epoch) ?? new Map<string, RootVote>();
    if (byOracle.has(oracle)) throw new Error("OracleAlreadyVoted");
    byOracle.set(oracle, v);
    this.votes.set(v.epoch, byOracle);
    const same = [...byOracle.values()].filter((x) => sameVote(x, v)).length;
    if (same >= this.quorum) this.active.set(v.epoch, v);
  }

  status(oracle: string, epoch: number): EpochRootStatus | null {
    if (!this.closed(epoch)) return null;
    const byOracle = this.votes.get(epoch) ?? new Map<string, RootVote>();
    const proposals: { vote: RootVote; votes: number }[] = [];
    for (const v of byOracle.values()) {
      const p = proposals.find((x) => sameVote(x.vote, v));
      if (p) p.votes++;
      else proposals.push({ vote: v, votes: 1 });
    }
    return { ourVote: byOracle.get(oracle) ?? null, active: this.active.get(epoch) ?? null, proposals, quorum: this.quorum };
  }
}

export type PublisherCall = { method: "status"; epoch: number } | { method: "vote"; vote: RootVote };

export class RecordingRootPublisher implements RootPublisher {
  readonly calls: PublisherCall[] = [];
  /** when set, the next vote lands on the simulated chain and then throws (a lost confirmation). */
  loseNextConfirmation = false;

  constructor(readonly oracle: string, readonly chain: SimulatedRootChain) {}

  async status(epoch: number): Promise<EpochRootStatus | null> {
    this.calls.push({ method: "status", epoch });
    return this.chain.status(this.oracle, epoch);
  }

  async vote(v: RootVote): Promise<{ signature: string }> {
    this.calls.push({ method: "vote", vote: v });
    this.chain.cast(this.oracle, v);
    if (this.loseNextConfirmation) {
      this.loseNextConfirmation = false;
      throw new Error("confirmation timed out (simulated): the vote landed");
    }
    return { signature: `sig-${this.oracle}-${v.epoch}` };
  }

  votesCast(): RootVote[] {
    return this.calls.flatMap((c) => (c.method === "vote" ? [c.vote] : []));
  }
}

/**
 * TEST DOUBLE for crash tests: the same voting rules with the simulated chain
 * kept in a JSON file (written atomically), so it survives the oracle process
 * being killed; every vote attempt is logged, landed or not.
 */
export class FileBackedRootPublisher implements RootPublisher {
  constructor(readonly path: string, readonly oracle: string, readonly quorum: number) {}

  private load(): { attempts: { oracle: string; vote: SerializedVote }[]; landed: { oracle: string; vote: SerializedVote }[] } {
    const fs = require("node:fs") as typeof import("node:fs");
    return fs.existsSync(this.path) ? JSON.parse(fs.readFileSync(this.path, "utf8")) : { attempts: [], landed: [] };
  }

  private save(state: ReturnType<FileBackedRootPublisher["load"]>): void {
    const fs = require("node:fs") as typeof import("node:fs");
    const tmp = this.path + ".tmp";
    fs.writeFileSync(tmp, JSON.stringify(state));
    const fd = fs.openSync(tmp, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.path);
  }

  private chain(): SimulatedRootChain {
    const c = new SimulatedRootChain(this.quorum);
    for (const l of this.load().landed) c.cast(l.oracle, deserialize(l.vote));
    return c;
  }

  async status(epoch: number): Promise<EpochRootStatus | null> {
    return this.chain().status(this.oracle, epoch);
  }

  async vote(v: RootVote): Promise<{ signature: string }> {
    const state = this.load();
    state.attempts.push({ oracle: this.oracle, vote: serialize(v) });
    this.save(state);
    const c = this.chain();
    c.cast(this.oracle, v); // throws as the program would
    state.landed.push({ oracle: this.oracle, vote: serialize(v) });
    this.save(state);
    return { signature: `sig-${this.oracle}-${v.epoch}` };
  }

  /** every vote the oracle tried to send, including ones its process died sending. */
  attempts(): RootVote[] {
    return this.load().attempts.map((a) => deserialize(a.vote));
  }

  /** the votes that reached the simulated chain. */
  landed(): RootVote[] {
    return this.load().landed.map((a) => deserialize(a.vote));
  }
}

type SerializedVote = Omit<RootVote, "totalCumulative"> & { totalCumulative: string };
const serialize = (v: RootVote): SerializedVote => ({ ...v, totalCumulative: v.totalCumulative.toString() });
const deserialize = (v: SerializedVote): RootVote => ({ ...v, totalCumulative: BigInt(v.totalCumulative) });
