// The coverage map as a running oracle serves it: the map plugin
// (api/map-routes.ts) mounted at `/map/` with its data routes under
// `/v1/map/...` (so they never collide with the service's own `/v1/epochs`
// and `/v1/coverage`), answered by a MapEpochStore fed with each computed
// epoch's snapshot (`artifacts/maps/<digest>.map.json`, written beside the
// bundle by the epoch job), each epoch's state as the pipeline knows it, and
// each hotspot's on-chain `claimed` amount from the registry sync.

import { existsSync, readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { EpochStatus, MapEpochSnapshot } from "../api/map-data";
import { MapEpochStore } from "../api/map-store";
import type { ArtifactStore } from "../store/artifacts";
import type { EpochState, OracleDatabase } from "../store/schema";

export const MAP_PAGE_PATH = "/map";
export const MAP_API_PREFIX = "/v1/map";

/** The map's status of an epoch: served is active; disputed and superseded roots never activate here. */
function mapStatus(state: EpochState): { status: EpochStatus; rootActive: boolean } {
  if (state === "served" || state === "active") return { status: "active", rootActive: true };
  if (state === "disputed" || state === "superseded") return { status: "computed", rootActive: false };
  return { status: state, rootActive: false };
}

export class ServiceMap {
  readonly store: MapEpochStore;
  private readonly known = new Map<number, EpochState>();

  constructor(
    decimals: number,
    private readonly db: Kysely<OracleDatabase>,
    private readonly artifacts: ArtifactStore,
    private readonly log: (ev: Record<string, unknown>) => void = () => {},
  ) {
    this.store = new MapEpochStore(decimals);
  }

  /** Adds an epoch's snapshot file (just committed, or found at start). */
  addSnapshotFile(epoch: number, path: string): void {
    try {
      this.store.addSnapshot(JSON.parse(readFileSync(path, "utf8")) as MapEpochSnapshot);
      this.known.delete(epoch); // its chain state is applied again on the next refresh
    } catch (e) {
      this.log({ msg: "map snapshot unreadable; the map skips this epoch", level: "warn", epoch, path, err: (e as Error).message });
    }
  }

  /** Loads every computed epoch's snapshot on disk, then the epochs' states. */
  async load(): Promise<void> {
    const rows = await this.db.selectFrom("epochs").select(["epoch", "input_digest"]).where("input_digest", "is not", null).orderBy("epoch").execute();
    for (const r of rows) {
      const path = this.artifacts.path("maps", r.input_digest!);
      if (existsSync(path)) this.addSnapshotFile(Number(r.epoch), path);
    }
    await this.refresh();
  }

  /** Applies each computed epoch's state (voted, active…) to the map's timeline. */
  async refresh(): Promise<void> {
    const latest = this.store.latestEpoch();
    if (latest === null) return;
    const rows = await this.db.selectFrom("epochs").select(["epoch", "state", "start_ms", "end_ms"]).where("input_digest", "is not", null).execute();
    for (const r of rows) {
      const epoch = Number(r.epoch);
      if (this.known.get(epoch) === r.state) continue;
      try {
        this.store.setChainState(epoch, { ...mapStatus(r.state), window: { startMs: Number(r.start_ms), endMs: Number(r.end_ms) } });
        this.known.set(epoch, r.state);
      } catch {
        // no snapshot for this epoch (computed before the map existed): nothing to show
      }
    }
  }

  /** Each hotspot's on-chain `claimed` amount (from the registry sync). */
  setClaimed(claimed: ReadonlyMap<string, bigint>): void {
    for (const [key, amount] of claimed) this.store.setClaimed(key, amount);
  }
}
