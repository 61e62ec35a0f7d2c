// Where the map's routes get their data: a provider interface the service
// implements over its store (or the chain), and an in-memory implementation
// over epoch snapshots (map-data.ts) that tests, the demo and a service use.

import { parseRewardId } from "@hexpin/sdk";
import type { EpochInputs } from "../epoch/bundle";
import type { EpochResult } from "../epoch/compute-epoch";
import {
  BBox,
  buildHotspotDetail,
  buildMapSnapshot,
  CoverageCollection,
  EpochChainState,
  EpochTimeline,
  HotspotCollection,
  HotspotDetail,
  MAP_SNAPSHOT_FORMAT,
  MapEpochSnapshot,
  MapQueryError,
  queryCoverage,
  queryHotspots,
  SnapshotLookup,
  snapshotLookup,
  withChainState,
} from "./map-data";

export interface MapQuery {
  /** epoch number; the latest epoch when omitted. */
  epoch?: number;
  bbox?: BBox;
  /** most features to return; the collection says `truncated` past it. */
  limit: number;
}

/**
 * The map page's data. Each method answers a route; a missing epoch or
 * hotspot is a `MapQueryError` ("unknown_epoch", "unknown_hotspot").
 */
export interface MapDataProvider {
  epochs(): Promise<EpochTimeline>;
  coverage(query: MapQuery): Promise<CoverageCollection>;
  hotspots(query: MapQuery): Promise<HotspotCollection>;
  hotspot(key: string): Promise<HotspotDetail>;
}

interface Entry {
  snapshot: MapEpochSnapshot;
  chain: EpochChainState;
  /** built on the first hotspot lookup of the epoch */
  lookup?: SnapshotLookup;
}

/**
 * An in-memory MapDataProvider over epoch snapshots; epochs may be added at any
 * time (as they are computed, or loaded from where the service wrote them).
 */
export class MapEpochStore implements MapDataProvider {
  private readonly entries = new Map<number, Entry>();
  private readonly claimed = new Map<string, bigint>();

  constructor(readonly decimals: number) {
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) throw new RangeError("decimals must be an integer 0..18");
  }

  /** Adds (or replaces) an epoch straight from computeEpoch's inputs and result. */
  addComputedEpoch(inputs: Pick<EpochInputs, "hotspots" | "config" | "window">, result: EpochResult, chain: EpochChainState = {}): MapEpochSnapshot {
    const snapshot = buildMapSnapshot(inputs, result);
    this.addSnapshot(snapshot, chain);
    return snapshot;
  }

  /** Adds (or replaces) an epoch from its snapshot, e.g. one parsed back from JSON. */
  addSnapshot(snapshot: MapEpochSnapshot, chain: EpochChainState = {}): void {
    if (snapshot?.format !== MAP_SNAPSHOT_FORMAT) throw new RangeError(`not a ${MAP_SNAPSHOT_FORMAT} snapshot`);
    if (!Number.isSafeInteger(snapshot.epoch) || snapshot.epoch < 0) throw new RangeError("snapshot epoch must be a non-negative safe integer");
    this.entries.set(snapshot.epoch, { snapshot, chain: { ...chain } });
  }

  /** Records what the chain says about an epoch (status, root activation, claims). */
  setChainState(epoch: number, chain: EpochChainState): void {
    const e = this.entry(epoch);
    e.chain = { ...e.chain, ...chain };
  }

  /** Records a hotspot's on-chain `claimed` amount. */
  setClaimed(key: string, amount: bigint): void {
    if (amount < 0n) throw new RangeError("claimed amount must not be negative");
    this.claimed.set(key, amount);
  }

  latestEpoch(): number | null {
    let latest: number | null = null;
    for (const n of this.entries.keys()) if (latest === null || n > latest) latest = n;
    return latest;
  }

  private entry(epoch: number | undefined): Entry {
    const n = epoch ?? this.latestEpoch();
    const e = n === null ? undefined : this.entries.get(n);
    if (!e) throw new MapQueryError("unknown_epoch", n === null ? "no epoch has been computed yet" : `epoch ${n} has not been computed`);
    return e;
  }

  async epochs(): Promise<EpochTimeline> {
    const sorted = [...this.entries.values()].sort((a, b) => a.snapshot.epoch - b.snapshot.epoch);
    const claims = this.claimsByEpoch(sorted);
    const epochs = sorted.map((e, i) => withChainState(e.snapshot.summary, e.chain.claims === undefined && claims[i] ? { ...e.chain, claims: claims[i] } : e.chain));
    return { decimals: this.decimals, latest: this.latestEpoch(), epochs };
  }

  /**
   * How much of each epoch's rewards the chain shows claimed. A hotspot's on-chain
   * `claimed` is cumulative over its current life, and claims pay the oldest
   * rewards first, so of epoch e it covers clamp(claimed − cumulative(e−1), 0,
   * cumulative(e) − cumulative(e−1)). Null for every epoch while no claimed
   * amount is known (the chain has not been read).
   */
  private claimsByEpoch(sorted: readonly Entry[]): ({ count: number; amount: bigint } | null)[] {
    if (this.claimed.size === 0) return sorted.map(() => null);
    const previous = new Map<string, bigint>(); // hotspot key → its current life's cumulative in the epoch before
    return sorted.map((e) => {
      // each key's current life in this epoch: the reward id with the highest serial
      const life = new Map<string, { serial: bigint; cumulative: bigint }>();
      for (const [id, v] of Object.entries(e.snapshot.cumulative)) {
        const { key, serial } = parseRewardId(id);
        const seen = life.get(key);
        if (!seen || serial > seen.serial) life.set(key, { serial, cumulative: BigInt(v) });
      }
      let count = 0;
      let amount = 0n;
      for (const [key, { cumulative }] of life) {
        const claimed = this.claimed.get(key);
        const before = previous.get(key) ?? 0n;
        previous.set(key, cumulative);
        if (claimed === undefined || cumulative <= before || claimed <= before) continue;
        const part = (claimed < cumulative ? claimed : cumulative) - before;
        count++;
        amount += part;
      }
      return { count, amount };
    });
  }

  async coverage(q: MapQuery): Promise<CoverageCollection> {
    return queryCoverage(this.entry(q.epoch).snapshot, q.bbox, q.limit);
  }

  async hotspots(q: MapQuery): Promise<HotspotCollection> {
    return queryHotspots(this.entry(q.epoch).snapshot, q.bbox, q.limit);
  }

  async hotspot(key: string): Promise<HotspotDetail> {
    const lookups = [...this.entries.values()].map((e) => (e.lookup ??= snapshotLookup(e.snapshot)));
    const detail = buildHotspotDetail(key, lookups, this.claimed.get(key) ?? null, this.decimals);
    if (!detail) throw new MapQueryError("unknown_hotspot", `no epoch lists hotspot ${key}`);
    return detail;
  }
}
