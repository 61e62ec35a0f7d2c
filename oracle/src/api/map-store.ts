// Where the map's routes get their data: a provider interface the service
// implements over its store (or the chain), and an in-memory implementation
// over a list of epoch results that tests, the demo and a small service use.

import type { EpochInputs } from "../epoch/bundle";
import type { EpochResult } from "../epoch/compute-epoch";
import type { CoverageConfig } from "../score/coverage";
import type { HotspotInfo } from "../types";
import {
  BBox,
  buildCoverage,
  buildEpochSummary,
  buildHotspotDetail,
  buildHotspots,
  CoverageCollection,
  CoverageIndex,
  coverageIndex,
  HotspotIndex,
  hotspotIndex,
  EpochChainState,
  EpochSummary,
  EpochTimeline,
  HotspotCollection,
  HotspotDetail,
  MapQueryError,
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

/** One computed epoch as the store keeps it. */
export interface MapEpochRecord {
  result: EpochResult;
  /** the registry the epoch was computed over (EpochInputs.hotspots). */
  hotspots: readonly HotspotInfo[];
  /** the epoch's coverage configuration (EpochInputs.config.scoring.coverage). */
  coverage: CoverageConfig;
  chain?: EpochChainState;
}

/** An in-memory MapDataProvider over computed epochs; epochs may be added at any time. */
export class MapEpochStore implements MapDataProvider {
  private readonly records = new Map<number, MapEpochRecord>();
  // scan indexes, built on the first query of an epoch and dropped with it
  private readonly coverageIndexes = new WeakMap<MapEpochRecord, CoverageIndex>();
  private readonly hotspotIndexes = new WeakMap<MapEpochRecord, HotspotIndex>();
  private readonly registries = new WeakMap<MapEpochRecord, ReadonlyMap<string, HotspotInfo>>();
  private readonly summaries = new WeakMap<MapEpochRecord, EpochSummary>();
  private readonly claimed = new Map<string, bigint>();

  constructor(readonly decimals: number) {
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) throw new RangeError("decimals must be an integer 0..18");
  }

  /** Adds or replaces an epoch. */
  addEpoch(record: MapEpochRecord): void {
    if (!Number.isSafeInteger(record.result.epoch) || record.result.epoch < 0) throw new RangeError("epoch must be a non-negative safe integer");
    this.records.set(record.result.epoch, record);
  }

  /** Adds an epoch straight from computeEpoch's inputs and result. */
  addComputedEpoch(inputs: Pick<EpochInputs, "hotspots" | "config" | "window">, result: EpochResult, chain: EpochChainState = {}): void {
    this.addEpoch({ result, hotspots: inputs.hotspots, coverage: inputs.config.scoring.coverage, chain: { window: inputs.window, ...chain } });
  }

  /** Records what the chain says about an epoch (status, root activation, claims). */
  setChainState(epoch: number, chain: EpochChainState): void {
    const r = this.record(epoch);
    r.chain = { ...r.chain, ...chain };
    this.summaries.delete(r);
  }

  /** Records a hotspot's on-chain `claimed` amount. */
  setClaimed(key: string, amount: bigint): void {
    if (amount < 0n) throw new RangeError("claimed amount must not be negative");
    this.claimed.set(key, amount);
  }

  latestEpoch(): number | null {
    let latest: number | null = null;
    for (const n of this.records.keys()) if (latest === null || n > latest) latest = n;
    return latest;
  }

  private record(epoch: number | undefined): MapEpochRecord {
    const n = epoch ?? this.latestEpoch();
    const r = n === null ? undefined : this.records.get(n);
    if (!r) throw new MapQueryError("unknown_epoch", n === null ? "no epoch has been computed yet" : `epoch ${n} has not been computed`);
    return r;
  }

  async epochs(): Promise<EpochTimeline> {
    const epochs = [...this.records.values()]
      .sort((a, b) => a.result.epoch - b.result.epoch)
      .map((r) => {
        let summary = this.summaries.get(r);
        if (!summary) this.summaries.set(r, (summary = buildEpochSummary(r.result, r.hotspots, r.coverage, r.chain)));
        return summary;
      });
    return { decimals: this.decimals, latest: this.latestEpoch(), epochs };
  }

  async coverage(q: MapQuery): Promise<CoverageCollection> {
    const r = this.record(q.epoch);
    let index = this.coverageIndexes.get(r);
    if (!index) this.coverageIndexes.set(r, (index = coverageIndex(r.result)));
    return buildCoverage(r.result, r.coverage, q.bbox, q.limit, index);
  }

  async hotspots(q: MapQuery): Promise<HotspotCollection> {
    const r = this.record(q.epoch);
    let index = this.hotspotIndexes.get(r);
    if (!index) this.hotspotIndexes.set(r, (index = hotspotIndex(r.result, r.hotspots)));
    return buildHotspots(r.result, r.hotspots, q.bbox, q.limit, index);
  }

  async hotspot(key: string): Promise<HotspotDetail> {
    const epochs = [...this.records.values()].map((r) => {
      let byKey = this.registries.get(r);
      if (!byKey) this.registries.set(r, (byKey = new Map(r.hotspots.map((h) => [h.key, h]))));
      return { result: r.result, hotspots: r.hotspots, byKey };
    });
    const detail = buildHotspotDetail(key, epochs, this.claimed.get(key) ?? null, this.decimals);
    if (!detail) throw new MapQueryError("unknown_hotspot", `no epoch lists hotspot ${key}`);
    return detail;
  }
}
