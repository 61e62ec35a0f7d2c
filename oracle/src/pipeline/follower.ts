// A follower oracle (`hexpin-oracle follow --leader URL`): it ingests nothing.
// For each epoch the leader has computed, it fetches the canonical bundle by
// digest, checks that every input it can check independently matches its own
// view, recomputes the root with the same pure epoch function, and only a
// reproduced epoch enters its own state machine (and, through RootVoting, its
// vote). A disagreement is recorded with its reason and the vote withheld.
//
// Checked independently: the bundle hashes to the published digest; its epoch
// window follows the chain's schedule; its rule config is this oracle's own;
// its emission is what the chain minted; its previous cumulative amounts are
// the ones this oracle itself reproduced for the epoch before (so a leader
// cannot inflate history); and the recomputed root and total equal the
// leader's; the PoC state the bundle names is the one this oracle itself
// produced for the epoch before (at its first epoch: the leader's, fetched and
// checked by digest). Not checkable from the bundle alone: reports the leader withheld.

import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Kysely } from "kysely";
import type { EpochConfig } from "../epoch/bundle";
import { BundleFormatError, BundleHeaderInfo, BundleParser, openBundleSource } from "../epoch/bundle-stream";
import { canonicalJson, CanonicalValue } from "../epoch/canonical-json";
import type { Clock, EpochSchedule } from "../service/clock";
import type { ArtifactStore } from "../store/artifacts";
import { cumulativeOf, ensureEpoch, freezeEpoch, getEpoch, markComputed, nextStateDigestOf } from "../store/epochs";
import { previousStateDigestOf } from "../epoch/previous-state";
import type { OracleDatabase } from "../store/schema";
import type { EmissionSource, FrozenInputs, PipelineStep } from "./epoch-pipeline";
import { EpochJobRunner, workerEpochJobRunner } from "./compute-runner";
import { EpochComputation, entropyToJson } from "./epoch-job";
import type { RootPublisher } from "./root-publisher";
import { RootVoting } from "./root-voting";

export interface LeaderEpoch {
  epoch: number;
  state: string;
  inputDigest: string | null;
  merkleRoot: string | null;
  totalCumulative: string | null;
}

export interface LeaderClient {
  epochs(): Promise<LeaderEpoch[]>;
  /** Streams the bundle the leader serves for `digest` into the file `path` (whatever its bytes hash to). */
  downloadBundle(digest: string, path: string): Promise<void>;
  /** a PoC state file by its digest (needed only when this oracle's first epoch names one). */
  state?(digest: string): Promise<Buffer>;
}

/** The leader's public API over HTTP, with a size cap on bundles and a timeout per request. */
export function httpLeaderClient(baseUrl: string, opts: { timeoutMs?: number; maxBundleBytes?: number } = {}): LeaderClient {
  const base = baseUrl.replace(/\/+$/, "");
  const timeout = opts.timeoutMs ?? 60_000;
  const get = async (path: string, timeoutMs = timeout) => {
    const res = await fetch(base + path, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`leader answered ${res.status} for ${path}`);
    return res;
  };
  return {
    async epochs() {
      const body = (await (await get("/v1/epochs?limit=1000")).json()) as { epochs: LeaderEpoch[] };
      return body.epochs;
    },
    async downloadBundle(digest, path) {
      const max = opts.maxBundleBytes ?? 16 * 1024 ** 3;
      // a bundle may take long at full size: the timeout is per request start, the body streams
      const res = await get(`/v1/bundles/${digest}`, Math.max(timeout, 3_600_000));
      const len = Number(res.headers.get("content-length") ?? "0");
      if (len > max) throw new Error(`bundle ${digest} is ${len} bytes, over the ${max} limit`);
      if (!res.body) throw new Error(`the leader sent no body for bundle ${digest}`);
      let seen = 0;
      const capped = new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          done(seen > max ? new Error(`bundle ${digest} exceeds the ${max}-byte limit`) : null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(res.body as never), capped, createWriteStream(path));
    },
    async state(digest) {
      return Buffer.from(await (await get(`/v1/states/${digest}`)).arrayBuffer());
    },
  };
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Parses a bundle file's header only (the reports are not read); throws BundleFormatError when malformed. */
export async function readBundleHeader(path: string): Promise<BundleHeaderInfo> {
  const source = await openBundleSource(path);
  let header: BundleHeaderInfo | null = null;
  const parser = new BundleParser({ onHeader: (h) => (header = h), onBatch: () => {} });
  for await (const chunk of source.chunks) {
    parser.push(chunk);
    if (header) break;
  }
  if (!header) {
    parser.end(); // names where the bundle ends short
    throw new BundleFormatError(0, "no header");
  }
  return header;
}

export interface FollowerOptions {
  db: Kysely<OracleDatabase>;
  leader: LeaderClient;
  artifacts: ArtifactStore;
  schedule: EpochSchedule;
  clock: Clock;
  /** the rule config this oracle runs: a bundle with any other is refused. */
  config: EpochConfig;
  emission: EmissionSource;
  firstEpoch: number;
  publisher?: RootPublisher;
  /** where recomputations run (default: a worker thread). */
  runJob?: EpochJobRunner;
  /** called with each reproduced epoch's map snapshot file (the coverage map page). */
  onMapSnapshot?: (epoch: number, path: string) => void;
  onStep?: (step: PipelineStep, epoch: number) => void;
  log?: (event: Record<string, unknown>) => void;
}

export type FollowVerdict = { epoch: number; verdict: "reproduced" | "mismatch" | "waiting"; reason: string; ourRoot?: string | null; ourDigest?: string };

export class FollowerPipeline {
  readonly voting: RootVoting;
  private running: Promise<FollowVerdict[]> | null = null;
  constructor(private readonly o: FollowerOptions) {
    this.voting = new RootVoting(o);
  }

  /** Checks every leader epoch not yet decided, in order, then moves reproduced ones along the chain steps; concurrent calls share the pass in flight. */
  tick(): Promise<FollowVerdict[]> {
    if (!this.running) this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves when no pass is running. */
  idle(): Promise<void> {
    return this.running ? this.running.then(() => {}, () => {}) : Promise.resolve();
  }

  private async pass(): Promise<FollowVerdict[]> {
    const verdicts: FollowVerdict[] = [];
    const leaderEpochs = (await this.o.leader.epochs()).filter((e) => e.inputDigest && e.epoch >= this.o.firstEpoch).sort((a, b) => a.epoch - b.epoch);
    for (const e of leaderEpochs) {
      const mine = await getEpoch(this.o.db, e.epoch);
      if (mine?.input_digest) continue; // reproduced before
      const judged = await this.o.db.selectFrom("follower_checks").select("id").where("epoch", "=", BigInt(e.epoch)).where("leader_digest", "=", e.inputDigest!).where("verdict", "=", "mismatch").executeTakeFirst();
      if (judged) continue; // the same bundle will not reproduce on a second look
      const v = await this.check(e);
      verdicts.push(v);
      if (v.verdict !== "reproduced") break; // later epochs build on this one
    }
    await this.voting.pass(this.o.publisher);
    return verdicts;
  }

  async check(e: LeaderEpoch): Promise<FollowVerdict> {
    const epoch = e.epoch;
    const digest = e.inputDigest!;
    const mismatch = async (reason: string, ours: { root?: string | null; digest?: string } = {}): Promise<FollowVerdict> => {
      await this.o.db
        .insertInto("follower_checks")
        .values({ epoch, leader_digest: digest, leader_root: e.merkleRoot, our_digest: ours.digest ?? null, our_root: ours.root ?? null, verdict: "mismatch", reason, checked_at_ms: this.o.clock.now() })
        .execute();
      this.o.log?.({ msg: "leader epoch not reproduced; vote withheld", level: "warn", epoch, reason });
      return { epoch, verdict: "mismatch", reason, ourRoot: ours.root, ourDigest: ours.digest };
    };

    const emission = await this.o.emission.emission(epoch);
    if (emission === null) return { epoch, verdict: "waiting", reason: "the chain has not minted this epoch's emission yet" };
    let previous = new Map<string, bigint>();
    let ourPreviousState: string | null = null;
    if (epoch > this.o.firstEpoch) {
      const prev = await getEpoch(this.o.db, epoch - 1);
      if (!prev?.input_digest) return { epoch, verdict: "waiting", reason: `epoch ${epoch - 1} is not reproduced yet` };
      previous = await cumulativeOf(this.o.db, epoch - 1);
      ourPreviousState = nextStateDigestOf(prev);
    }

    const tmp = this.o.artifacts.tmpPath(`follow-${epoch}.bundle`);
    try {
      await this.o.leader.downloadBundle(digest, tmp);
    } catch (err) {
      rmSync(tmp, { force: true });
      return { epoch, verdict: "waiting", reason: `bundle fetch failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    try {
      return await this.judge(e, tmp, emission, previous, ourPreviousState, mismatch);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** Checks a downloaded bundle file against everything this oracle knows, then recomputes it (streamed). */
  private async judge(
    e: LeaderEpoch,
    bundlePath: string,
    emission: bigint,
    previous: ReadonlyMap<string, bigint>,
    ourPreviousState: string | null,
    mismatch: (reason: string, ours?: { root?: string | null; digest?: string }) => Promise<FollowVerdict>,
  ): Promise<FollowVerdict> {
    const epoch = e.epoch;
    const digest = e.inputDigest!;
    const actual = await sha256File(bundlePath);
    if (actual !== digest) return mismatch(`the bundle served for digest ${digest} hashes to ${actual}`);
    let inputs: BundleHeaderInfo;
    try {
      inputs = await readBundleHeader(bundlePath);
    } catch (err) {
      return mismatch(`the bundle does not decode: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (inputs.epoch !== epoch) return mismatch(`the bundle is for epoch ${inputs.epoch}, not ${epoch}`);
    const w = this.o.schedule.window(epoch);
    if (inputs.window.startMs !== w.startMs || inputs.window.endMs !== w.endMs) return mismatch(`the bundle's window [${inputs.window.startMs}, ${inputs.window.endMs}) is not the chain's [${w.startMs}, ${w.endMs})`);
    if (canonicalJson(inputs.config as unknown as CanonicalValue) !== canonicalJson(this.o.config as unknown as CanonicalValue)) return mismatch("the bundle's rule config differs from this oracle's");
    if (inputs.emission !== emission) return mismatch(`the bundle distributes ${inputs.emission} base units; the chain minted ${emission}`);
    const prevJson = (m: ReadonlyMap<string, bigint>) => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.toString()]));
    if (prevJson(inputs.previousCumulative) !== prevJson(previous)) return mismatch(`the bundle's previous cumulative amounts differ from the ones this oracle reproduced for epoch ${epoch - 1}`);

    let named: string | null;
    try {
      named = previousStateDigestOf(inputs.headerExtensions);
    } catch (err) {
      return mismatch(err instanceof Error ? err.message : String(err));
    }
    let previousState: Uint8Array | null = null;
    let previousStatePath: string | null = null;
    if (epoch > this.o.firstEpoch) {
      if (named !== ourPreviousState) return mismatch(`the bundle names previous PoC state ${named ?? "(none)"}; epoch ${epoch - 1} as this oracle reproduced it produced ${ourPreviousState ?? "(none)"}`);
      if (ourPreviousState !== null) previousStatePath = this.o.artifacts.path("states", ourPreviousState);
    } else if (named !== null) {
      if (!this.o.leader.state) return mismatch(`the bundle names previous PoC state ${named}, which this oracle cannot fetch from the leader`);
      try {
        previousState = await this.o.leader.state(named);
      } catch (err) {
        return { epoch, verdict: "waiting", reason: `previous PoC state fetch failed: ${err instanceof Error ? err.message : String(err)}` };
      }
    }

    const coverageTmp = this.o.artifacts.tmpPath(`follow-${epoch}.geojson`);
    const mapTmp = this.o.onMapSnapshot ? this.o.artifacts.tmpPath(`follow-${epoch}.map.json`) : undefined;
    const stateTmp = this.o.artifacts.tmpPath(`follow-${epoch}.state`);
    let c: EpochComputation;
    try {
      c = await (this.o.runJob ?? workerEpochJobRunner).recompute({ bundlePath, coverageTmpPath: coverageTmp, mapTmpPath: mapTmp, stateTmpPath: stateTmp, previousState, previousStatePath });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/BundleFormatError|PreviousStateMismatchError/.test(text)) return mismatch(`the bundle does not decode: ${text}`);
      throw err;
    }
    if (c.inputDigest !== digest) return mismatch(`recomputed digest ${c.inputDigest}`, { digest: c.inputDigest, root: c.merkleRoot });
    if (c.merkleRoot !== e.merkleRoot) return mismatch(`recomputed root ${c.merkleRoot ?? "(none)"}, the leader published ${e.merkleRoot ?? "(none)"}`, { digest: c.inputDigest, root: c.merkleRoot });
    if (e.totalCumulative !== null && c.totalCumulative !== e.totalCumulative) return mismatch(`recomputed total ${c.totalCumulative}, the leader published ${e.totalCumulative}`, { digest: c.inputDigest, root: c.merkleRoot });

    // Reproduced: keep the bundle and enter the same state machine as the leader, frozen straight from the bundle.
    this.o.artifacts.commit("bundles", digest, bundlePath);
    this.o.artifacts.commit("coverage", digest, coverageTmp);
    if (c.nextStateDigest !== null) this.o.artifacts.commit("states", c.nextStateDigest, stateTmp);
    if (mapTmp) this.o.onMapSnapshot!(epoch, this.o.artifacts.commit("maps", digest, mapTmp));
    const now = this.o.clock.now();
    await ensureEpoch(this.o.db, epoch, w, now);
    const frozen: FrozenInputs = { hotspots: inputs.hotspots, entropy: entropyToJson(inputs.entropy), config: inputs.config };
    await freezeEpoch(this.o.db, epoch, canonicalJson(frozen as unknown as CanonicalValue), [], now);
    await markComputed(
      this.o.db,
      epoch,
      { emission, inputDigest: digest, merkleRoot: c.merkleRoot, totalCumulative: BigInt(c.totalCumulative), paid: BigInt(c.paid), unallocated: BigInt(c.unallocated), summary: { ...c.summary, reports: c.reportCount, bundleBytes: c.bundleBytes }, cumulative: c.cumulative, perEpoch: c.perEpoch },
      now,
    );
    await this.o.db
      .insertInto("follower_checks")
      .values({ epoch, leader_digest: digest, leader_root: e.merkleRoot, our_digest: digest, our_root: c.merkleRoot, verdict: "reproduced", reason: "bundle, inputs and root reproduced", checked_at_ms: now })
      .execute();
    this.o.log?.({ msg: "leader epoch reproduced", epoch, merkleRoot: c.merkleRoot });
    return { epoch, verdict: "reproduced", reason: "bundle, inputs and root reproduced", ourRoot: c.merkleRoot, ourDigest: digest };
  }
}
