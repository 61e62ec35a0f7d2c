// The epoch state machine, persisted per epoch in the `epochs` table:
//
//   open → frozen → computed → voted → active → served        (disputed: off the path)
//
//   frozen    the epoch's segments are sealed and their manifest, the registry
//             as of the epoch's end, its entropy and the rule config are stored
//   computed  the canonical bundle is on disk under its digest (with the PoC
//             state the epoch produced, under the state's digest: the next
//             epoch's previous state), and the root, totals and every
//             cumulative amount are stored, in one commit
//   voted     this oracle's `post_epoch_root` is on chain (RootPublisher)
//   active    a quorum activated the same root on chain
//   served    every stored proof verifies against the root; /v1/rewards serves it
//
// Each step is idempotent and resumable: files are written before the commit
// that refers to them and are named by content, commits are conditional on the
// expected state, and the pure epoch function gives the same bundle and root
// on every retry. A crash at any point therefore leaves either the old state
// (the step runs again, same result) or the new one; there is no window where a
// commit refers to a file that is not durable or a file exists whose rewards
// are counted twice. A vote is cast only after the chain shows none from this
// oracle for the epoch, and only for the stored root, so one epoch never gets
// two roots from this oracle.

import type { Kysely } from "kysely";
import type { EpochConfig } from "../epoch/bundle";
import { canonicalJson, CanonicalValue } from "../epoch/canonical-json";
import type { ReportIntake } from "../ingest/intake";
import type { Clock, EpochSchedule } from "../service/clock";
import type { ArtifactStore } from "../store/artifacts";
import { entropyPublishedBetween } from "../store/entropy";
import { cumulativeOf, ensureEpoch, EpochRow, epochsInState, freezeEpoch, getEpoch, markComputed, nextStateDigestOf, segmentsOf } from "../store/epochs";
import { loadRegistry } from "../store/registry";
import type { OracleDatabase } from "../store/schema";
import type { ReportSegmentStore } from "../store/segments";
import type { EpochJobRunner } from "./compute-runner";
import { EpochHeaderInputs, entropyToJson } from "./epoch-job";
import type { RootPublisher } from "./root-publisher";
import { RootVoting } from "./root-voting";

/** How much emission an epoch minted (the chain's `Epoch.emission`), or null before `advance_epoch`. */
export interface EmissionSource {
  emission(epoch: number): Promise<bigint | null>;
}

/** Points between durable effects, reported to `onStep` (logs, metrics, crash tests). */
export type PipelineStep =
  | "freeze:sealed"
  | "freeze:committed"
  | "compute:files-written"
  | "compute:files-committed"
  | "compute:committed"
  | "vote:sending"
  | "vote:persisted"
  | "vote:broadcast"
  | "vote:sent"
  | "vote:committed"
  | "activate:committed"
  | "serve:committed";

/** What freezing stores besides the reports (`epochs.frozen_inputs`). */
export interface FrozenInputs {
  hotspots: EpochHeaderInputs["hotspots"];
  entropy: EpochHeaderInputs["entropy"];
  config: EpochConfig;
}

export interface EpochPipelineOptions {
  db: Kysely<OracleDatabase>;
  store: ReportSegmentStore;
  artifacts: ArtifactStore;
  schedule: EpochSchedule;
  clock: Clock;
  config: EpochConfig;
  emission: EmissionSource;
  runJob: EpochJobRunner;
  /** the first epoch this oracle computes; earlier ones are not its business. */
  firstEpoch: number;
  intake?: ReportIntake;
  publisher?: RootPublisher;
  /** entropy published this long before an epoch starts is still quotable in it (≥ the entropy lifespan). */
  entropyLookbackMs?: number;
  onStep?: (step: PipelineStep, epoch: number) => void;
  /** called with each computed epoch's map snapshot file (the coverage map page); without it none is written. */
  onMapSnapshot?: (epoch: number, path: string) => void;
  log?: (event: Record<string, unknown>) => void;
}

export class EpochPipeline {
  private readonly lookbackMs: number;
  private running: Promise<void> | null = null;

  readonly voting: RootVoting;

  constructor(private readonly o: EpochPipelineOptions) {
    this.lookbackMs = o.entropyLookbackMs ?? 3_600_000;
    this.voting = new RootVoting(o);
  }

  private step(step: PipelineStep, epoch: number): void {
    this.o.log?.({ msg: "epoch step", step, epoch });
    this.o.onStep?.(step, epoch);
  }

  /** One pass over every epoch that can move; concurrent calls share the pass in flight. */
  tick(): Promise<void> {
    if (!this.running) this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves when no pass is running. */
  idle(): Promise<void> {
    return this.running ? this.running.then(() => {}, () => {}) : Promise.resolve();
  }

  private async pass(): Promise<void> {
    const { db, schedule, clock } = this.o;
    const now = clock.now();
    const current = schedule.epochOf(now);
    if (current >= this.o.firstEpoch) {
      const last = await db.selectFrom("epochs").select((eb) => eb.fn.max("epoch").as("m")).executeTakeFirst();
      const from = Math.max(this.o.firstEpoch, last?.m !== null && last?.m !== undefined ? Number(last.m) + 1 : this.o.firstEpoch);
      for (let e = from; e <= current; e++) await ensureEpoch(db, e, schedule.window(e), now);
    }
    for (const row of await epochsInState(db, ["open"])) {
      if (Number(row.end_ms) <= now) await this.freeze(row);
    }
    for (const row of await epochsInState(db, ["frozen"])) {
      if (!(await this.compute(row))) break; // epochs compute in order
    }
    await this.voting.pass(this.o.publisher);
  }

  async freeze(row: EpochRow): Promise<void> {
    const epoch = Number(row.epoch);
    const startMs = Number(row.start_ms);
    const endMs = Number(row.end_ms);
    const manifest = await this.o.store.seal(epoch);
    this.o.intake?.closeBefore(endMs);
    this.step("freeze:sealed", epoch);
    const hotspots = (await loadRegistry(this.o.db)).filter((h) => h.onboardedAt * 1000 < endMs);
    const entropy = await entropyPublishedBetween(this.o.db, startMs - this.lookbackMs, endMs);
    const frozen: FrozenInputs = { hotspots, entropy: entropyToJson(entropy), config: this.o.config };
    if (await freezeEpoch(this.o.db, epoch, canonicalJson(frozen as unknown as CanonicalValue), manifest, this.o.clock.now())) this.step("freeze:committed", epoch);
  }

  /** Computes a frozen epoch; false when it must wait (previous epoch not computed, emission unknown). */
  async compute(row: EpochRow): Promise<boolean> {
    const { db, artifacts } = this.o;
    const epoch = Number(row.epoch);
    let previousCumulative = new Map<string, bigint>();
    // the PoC state chains epoch to epoch; this oracle's first epoch starts from none
    let previousStateDigest: string | null = null;
    if (epoch > this.o.firstEpoch) {
      const prev = await getEpoch(db, epoch - 1);
      if (!prev || prev.input_digest === null) return false;
      previousCumulative = await cumulativeOf(db, epoch - 1);
      previousStateDigest = nextStateDigestOf(prev);
      if (previousStateDigest !== null && !artifacts.has("states", previousStateDigest)) {
        throw new Error(`epoch ${epoch - 1}'s PoC state ${previousStateDigest} is missing from the artifact store; epoch ${epoch} cannot be computed without it`);
      }
    }
    const emission = await this.o.emission.emission(epoch);
    if (emission === null) return false;
    const frozen = JSON.parse(row.frozen_inputs!) as FrozenInputs;
    const header: EpochHeaderInputs = {
      epoch,
      window: { startMs: Number(row.start_ms), endMs: Number(row.end_ms) },
      emission: emission.toString(),
      config: frozen.config,
      hotspots: frozen.hotspots,
      entropy: frozen.entropy,
      previousCumulative: [...previousCumulative].map(([k, v]) => [k, v.toString()]),
      previousStateDigest,
    };
    const bundleTmpPath = artifacts.tmpPath(`epoch-${epoch}.bundle`);
    const coverageTmpPath = artifacts.tmpPath(`epoch-${epoch}.geojson`);
    const mapTmpPath = this.o.onMapSnapshot ? artifacts.tmpPath(`epoch-${epoch}.map.json`) : undefined;
    const stateTmpPath = artifacts.tmpPath(`epoch-${epoch}.state`);
    const previousStatePath = previousStateDigest === null ? null : artifacts.path("states", previousStateDigest);
    const c = await this.o.runJob({ header, segmentsDir: this.o.store.epochDir(epoch), manifest: await segmentsOf(db, epoch), bundleTmpPath, coverageTmpPath, mapTmpPath, previousStatePath, stateTmpPath });
    this.step("compute:files-written", epoch);
    artifacts.commit("bundles", c.inputDigest, bundleTmpPath);
    artifacts.commit("coverage", c.inputDigest, coverageTmpPath);
    if (c.nextStateDigest !== null) artifacts.commit("states", c.nextStateDigest, stateTmpPath);
    const mapPath = mapTmpPath ? artifacts.commit("maps", c.inputDigest, mapTmpPath) : null;
    this.step("compute:files-committed", epoch);
    const ok = await markComputed(
      db,
      epoch,
      {
        emission,
        inputDigest: c.inputDigest,
        merkleRoot: c.merkleRoot,
        totalCumulative: BigInt(c.totalCumulative),
        paid: BigInt(c.paid),
        unallocated: BigInt(c.unallocated),
        summary: { ...c.summary, reports: c.reportCount, bundleBytes: c.bundleBytes },
        cumulative: c.cumulative,
        perEpoch: c.perEpoch,
      },
      this.o.clock.now(),
    );
    if (ok) this.step("compute:committed", epoch);
    if (mapPath) this.o.onMapSnapshot!(epoch, mapPath);
    this.o.log?.({ msg: "epoch computed", epoch, inputDigest: c.inputDigest, merkleRoot: c.merkleRoot, reports: c.reportCount, paid: c.paid });
    return true;
  }
}
