// One epoch, end to end: canonical inputs → admitted reports → PoC outcome →
// scores → allocation → cumulative amounts → Merkle commitment.
//
// Effects: none (pure; no clock, network or randomness).
// Preconditions: `inputs.hotspots` has unique keys; `previousCumulative` is
// what the previous epoch's root committed, keyed by reward id "<key>:<serial>";
// `options.previousState` is the PoC state the previous epoch produced, whose
// digest the inputs' header names (previous-state.ts).
// Guarantees:
//   - output is a function of the canonical bundle only: reports are sorted
//     into canonical order before the verifier sees them, every map below is
//     built in key order, and the input digest is over the sorted bundle;
//   - paid + unallocated == emission;
//   - cumulative[id] = previousCumulative[id] + perEpoch[id] ≥ previousCumulative[id]
//     for every reward id (hotspot life) ever paid: ids are never dropped, even of
//     lives since decommissioned, so the committed total never decreases;
//   - `nextState` (and its digest) is a function of the same inputs: the next
//     epoch's `previousState`.

import type { EntropyRecord } from "@hexpin/sdk";
import { MerkleTree, rewardId } from "@hexpin/sdk";
import { ReportAdmitter } from "../ingest/admit";
import type { ReceivedReport } from "../ingest/received";
import { CoverageMap, coverageMap } from "../score/coverage-map";
import { EpochScores, scoreEpoch } from "../score/scoring";
import type { HotspotInfo, PocOutcome, ReasonCode } from "../types";
import { allocateEpoch, EpochAllocation } from "./allocation";
import { bundleDigest, canonicalReports, EpochInputs } from "./bundle";
import type { CanonicalValue } from "./canonical-json";
import { pocVerifierStage } from "./verifier-stage";
import { resolvePreviousState } from "./previous-state";
import type { PocState } from "../state/poc-state";
import { encodePocState, pocStateDigest } from "../state/encoding";

/** The verify stage as computeEpoch drives it: fed in canonical order, finished once. */
export interface PocStage {
  ingest(report: ReceivedReport): void;
  /** `onStage`, when the stage has named stages, hears each start and end (timing and memory by the caller). */
  finish(onStage?: (stage: string, phase: "start" | "end") => void): PocOutcome;
}

export interface PocStageContext {
  config: CanonicalValue;
  hotspots: readonly HotspotInfo[];
  entropy: readonly EntropyRecord[];
  window: { startMs: number; endMs: number };
  /** header fields beyond format v1's (e.g. `previousStateDigest`), verbatim. */
  headerExtensions?: Readonly<Record<string, CanonicalValue>>;
  epoch: number;
  /** the previous epoch's PoC state, checked against the header's digest (previous-state.ts); null at genesis. */
  previousState: PocState | null;
}

export type PocStageFactory = (ctx: PocStageContext) => PocStage;

export interface ComputeEpochOptions {
  /**
   * the previous epoch's PoC state (decoded, or its published file's bytes); its
   * digest must equal the header's `previousStateDigest` (both absent at genesis).
   */
  previousState?: PocState | Uint8Array | null;
  /** builds the PoC stage for this epoch (default: oracle/src/verify's PocVerifier). */
  pocStage?: PocStageFactory;
  /** check ed25519 signatures at admission (default true; benches measure it apart). */
  verifySignatures?: boolean;
  /** build the GeoJSON coverage map (default true; it is large for big fleets). */
  coverageMap?: boolean;
  /** skip the input digest (default false; the bench streams reports it never holds). */
  skipInputDigest?: boolean;
  onProgress?: (stage: EpochStage, done: number, total: number) => void;
}

export type EpochStage = "verify" | "coverage" | "allocate" | "merkle";

export interface HotspotEpochReward {
  poc: bigint;
  coverage: bigint;
  total: bigint;
}

export interface EpochResult {
  epoch: number;
  /** hex sha256 of the canonical bundle, or null when skipped. */
  inputDigest: string | null;
  /** the PoC state this epoch hands to the next (null for stand-in stages), and its digest. */
  nextState: PocState | null;
  nextStateDigest: string | null;
  /** hex Merkle root over (key, serial, cumulative), or null when nobody has ever been paid. */
  merkleRoot: string | null;
  /** every reward id "<key>:<serial>" with a positive cumulative amount, in id order. */
  cumulative: Map<string, bigint>;
  /** the sum of `cumulative`: what `post_epoch_root` commits as `total_cumulative`. */
  totalCumulative: bigint;
  /** this epoch's rewards per hotspot key (its current life), key order, non-zero only. */
  perEpochRewards: Map<string, HotspotEpochReward>;
  paid: bigint;
  unallocated: bigint;
  pocPool: bigint;
  coveragePool: bigint;
  /** rejections per reason (admission and PoC rules), reason order. */
  reasonCounts: Partial<Record<ReasonCode, number>>;
  /** sibling hashes per reward id, leaf to root (views into the tree), built when asked for. */
  proofs: ReadonlyMap<string, Buffer[]>;
  tree: MerkleTree | null;
  coverageMap: CoverageMap | null;
  outcome: PocOutcome;
  scores: EpochScores;
  allocation: EpochAllocation;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every reward id's proof, built from the tree on first use: a verifier never asks
 * for one, and 100k lives × 17 levels would be 1.7M buffer views held for nothing.
 */
class RewardProofs implements ReadonlyMap<string, Buffer[]> {
  private readonly built = new Map<string, Buffer[]>();
  constructor(
    private readonly tree: MerkleTree | null,
    private readonly ids: ReadonlyMap<string, bigint>,
  ) {}
  get size(): number {
    return this.tree ? this.ids.size : 0;
  }
  has(id: string): boolean {
    return this.tree !== null && this.ids.has(id);
  }
  get(id: string): Buffer[] | undefined {
    if (!this.has(id)) return undefined;
    let p = this.built.get(id);
    if (p === undefined) this.built.set(id, (p = this.tree!.proofForReward(id)));
    return p;
  }
  *keys(): MapIterator<string> {
    if (this.tree) yield* this.ids.keys();
  }
  *values(): MapIterator<Buffer[]> {
    for (const id of this.keys()) yield this.get(id)!;
  }
  *entries(): MapIterator<[string, Buffer[]]> {
    for (const id of this.keys()) yield [id, this.get(id)!];
  }
  [Symbol.iterator](): MapIterator<[string, Buffer[]]> {
    return this.entries();
  }
  forEach(fn: (value: Buffer[], key: string, map: ReadonlyMap<string, Buffer[]>) => void): void {
    for (const [id, p] of this.entries()) fn(p, id, this);
  }
}

function sortedMap<V>(m: ReadonlyMap<string, V>): Map<string, V> {
  return new Map([...m.entries()].sort(([a], [b]) => byString(a, b)));
}

/** Runs the PoC stage over reports already in canonical order; returns the outcome with admission rejections merged in. */
export function runPocStage(
  ctx: PocStageContext,
  reports: Iterable<{ bytes: Uint8Array; receivedAtMs: number }>,
  options: Pick<ComputeEpochOptions, "pocStage" | "verifySignatures" | "onProgress">,
  total = 0,
): PocOutcome {
  const stage = (options.pocStage ?? pocVerifierStage)(ctx);
  const admitter = new ReportAdmitter({ verifySignatures: options.verifySignatures ?? true });
  const rejected: Partial<Record<ReasonCode, number>> = {};
  let n = 0;
  for (const r of reports) {
    const result = admitter.admit(r.bytes, r.receivedAtMs);
    if (result.ok) stage.ingest(result.received);
    else rejected[result.reason] = (rejected[result.reason] ?? 0) + 1;
    if (options.onProgress && ++n % 100_000 === 0) options.onProgress("verify", n, total);
  }
  const outcome = stage.finish();
  const reasonCounts: Partial<Record<ReasonCode, number>> = { ...outcome.reasonCounts };
  for (const [reason, count] of Object.entries(rejected) as [ReasonCode, number][]) reasonCounts[reason] = (reasonCounts[reason] ?? 0) + count;
  return { ...outcome, reasonCounts };
}

export function computeEpoch(inputs: EpochInputs, options: ComputeEpochOptions = {}): EpochResult {
  const previousState = resolvePreviousState(inputs.epoch, inputs.headerExtensions, options.previousState);
  const reports = canonicalReports(inputs.reports);
  const inputDigest = options.skipInputDigest ? null : bundleDigest(inputs, reports).toString("hex");
  const ctx: PocStageContext = { config: inputs.config.poc, hotspots: inputs.hotspots, entropy: inputs.entropy, window: inputs.window, headerExtensions: inputs.headerExtensions, epoch: inputs.epoch, previousState };
  const outcome = runPocStage(ctx, reports, options, reports.length);
  return settleEpoch(inputs, outcome, inputDigest, options);
}

/**
 * Everything after the verify stage; split out so a streaming caller (the
 * bench, a long-running oracle) can feed the verifier itself.
 */
export function settleEpoch(
  inputs: Omit<EpochInputs, "reports">,
  outcome: PocOutcome,
  inputDigest: string | null,
  options: Pick<ComputeEpochOptions, "coverageMap" | "onProgress">,
): EpochResult {
  const hotspots = new Map(inputs.hotspots.map((h) => [h.key, h]));
  const scores = scoreEpoch(hotspots, outcome, inputs.config.scoring, (d, t) => options.onProgress?.("coverage", d, t));

  options.onProgress?.("allocate", 0, 1);
  const allocation = allocateEpoch(inputs.emission, inputs.config.allocation, scores.poc.weights, scores.coverage.weights);
  const perEpochRewards = new Map<string, HotspotEpochReward>();
  for (const key of [...allocation.total.keys()].sort(byString)) {
    const poc = allocation.poc.get(key) ?? 0n;
    const coverage = allocation.coverage.get(key) ?? 0n;
    perEpochRewards.set(key, { poc, coverage, total: poc + coverage });
  }
  // This epoch's rewards accrue to each hotspot's current life.
  const earned = new Map<string, bigint>();
  for (const [key, reward] of perEpochRewards) {
    const h = hotspots.get(key);
    if (!h) throw new RangeError(`rewarded hotspot ${key} is not in the registry`);
    earned.set(rewardId(key, h.serial), reward.total);
  }
  const cumulative = new Map<string, bigint>();
  let totalCumulative = 0n;
  for (const id of new Set([...inputs.previousCumulative.keys(), ...earned.keys()])) {
    const prev = inputs.previousCumulative.get(id) ?? 0n;
    if (prev < 0n) throw new RangeError(`previous cumulative of ${id} is negative`);
    const amount = prev + (earned.get(id) ?? 0n);
    if (amount > 0n) cumulative.set(id, amount);
    totalCumulative += amount;
  }
  const sortedCumulative = sortedMap(cumulative);

  options.onProgress?.("merkle", 0, sortedCumulative.size);
  const tree = sortedCumulative.size > 0 ? MerkleTree.fromRewards(sortedCumulative) : null;
  const proofs = new RewardProofs(tree, sortedCumulative);
  options.onProgress?.("merkle", sortedCumulative.size, sortedCumulative.size);

  const reasonCounts: Partial<Record<ReasonCode, number>> = {};
  for (const r of Object.keys(outcome.reasonCounts).sort(byString) as ReasonCode[]) reasonCounts[r] = outcome.reasonCounts[r];

  const nextState = outcome.nextState ?? null;
  return {
    epoch: inputs.epoch,
    inputDigest,
    nextState,
    nextStateDigest: nextState ? pocStateDigest(encodePocState(nextState)) : null,
    merkleRoot: tree ? tree.root.toString("hex") : null,
    cumulative: sortedCumulative,
    totalCumulative,
    perEpochRewards,
    paid: allocation.paid,
    unallocated: allocation.unallocated,
    pocPool: allocation.pocPool,
    coveragePool: allocation.coveragePool,
    reasonCounts,
    proofs,
    tree,
    coverageMap: options.coverageMap === false ? null : coverageMap(scores.coverage, inputs.config.scoring.coverage.signalLevels, inputs.config.scoring.coverage.boostedHexes),
    outcome,
    scores,
    allocation,
  };
}
