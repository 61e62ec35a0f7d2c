// A small but real world for the coverage map's tests: the same simulated San
// Francisco fleet through two epochs (simulateEpoch + computeEpoch, honest
// operators and the simulator's adversaries), a few boosted hexes, the second
// epoch's cumulative and PoC state built on the first, and chain state as the service would
// read it (epoch 1's root active and partly claimed, epoch 2's voted).

import { cellToParent } from "h3-js";
import { computeEpoch, epochConfig, EpochResult } from "../../oracle/src";
import { modelOf, simulateWorld } from "../../oracle/src/sim";
import { withPreviousStateDigest } from "../../oracle/src/epoch/previous-state";
import type { EpochInputs } from "../../oracle/src/epoch/bundle";
import { rewardIdOf } from "../../oracle/src/api/map-data";
import { MapEpochStore } from "../../oracle/src/api/map-store";
import type { HotspotInfo } from "../../oracle/src/types";

export const MAP_DECIMALS = 6;
const TOKEN = 10n ** BigInt(MAP_DECIMALS);

export interface MapWorld {
  store: MapEpochStore;
  registry: HotspotInfo[];
  inputs: EpochInputs[];
  results: EpochResult[];
  boosted: Record<string, number>;
  /** on-chain claimed amount per hotspot key (the ones that claimed epoch 1's root). */
  claimed: Map<string, bigint>;
}

const shared = new Map<string, MapWorld>();

/** One world per size and seed for all the map suites in a run (they only read it). */
export function sharedMapWorld(hotspots = 300, seed = "hexpin-map"): MapWorld {
  const id = `${hotspots}/${seed}`;
  let w = shared.get(id);
  if (!w) {
    w = buildMapWorld(hotspots, seed);
    shared.set(id, w);
  }
  return w;
}

/** Builds the world; ~3 s per epoch at 300 hotspots (reports unsigned, as the bench does). */
export function buildMapWorld(hotspots = 300, seed = "hexpin-map"): MapWorld {
  const start = Date.UTC(2026, 10, 1);
  const emissions = [1_000_000n * TOKEN, 950_000n * TOKEN];
  const registry: HotspotInfo[] = [];
  const inputs: EpochInputs[] = [];
  const results: EpochResult[] = [];
  let boosted: Record<string, number> = {};
  let previous: ReadonlyMap<string, bigint> = new Map();
  let previousResult: EpochResult | null = null;
  // one world (keys, owners, places); each epoch's window moves a day
  const world = simulateWorld({ seed, hotspots, city: "san-francisco", sign: false, windowStartMs: start });
  for (let i = 0; i < emissions.length; i++) {
    const sim = world.epoch(i, modelOf(previousResult?.nextState ?? null));
    if (i === 0) {
      registry.push(...sim.registry);
      // boost the res-8 hexes of a few hotspots, as a network would boost an area it wants covered
      const located = sim.registry.filter((h) => h.location !== null);
      boosted = Object.fromEntries(located.slice(0, 6).map((h) => [cellToParent(h.location!, 8), 2]));
    }
    const config = epochConfig({ rules: sim.config });
    config.scoring = { ...config.scoring, coverage: { ...config.scoring.coverage, boostedHexes: boosted } };
    const epochInputs: EpochInputs = {
      epoch: i + 1,
      window: sim.window,
      emission: emissions[i],
      config,
      hotspots: sim.registry,
      entropy: sim.entropy,
      reports: [...sim.reports()].map((r) => ({ bytes: r.bytes, receivedAtMs: r.receivedAtMs })),
      previousCumulative: previous,
      headerExtensions: withPreviousStateDigest(undefined, previousResult?.nextStateDigest ?? null),
    };
    const result: EpochResult = computeEpoch(epochInputs, { verifySignatures: false, coverageMap: false, previousState: previousResult?.nextState ?? null });
    inputs.push(epochInputs);
    results.push(result);
    previous = result.cumulative;
    previousResult = result;
  }

  const store = new MapEpochStore(MAP_DECIMALS);
  results.forEach((result, i) => store.addComputedEpoch(inputs[i], result));

  // every other hotspot paid by epoch 1 claimed it in full (cumulative amounts are keyed by reward id)
  const keyOf = new Map(registry.map((h) => [rewardIdOf(h), h.key]));
  const claimed = new Map<string, bigint>();
  let amount = 0n;
  [...results[0].cumulative].forEach(([id, cumulative], k) => {
    if (k % 2 === 0) {
      claimed.set(keyOf.get(id)!, cumulative);
      amount += cumulative;
    }
  });
  // the service reads every hotspot account: those that never claimed hold 0
  for (const h of registry) store.setClaimed(h.key, claimed.get(h.key) ?? 0n);
  store.setChainState(1, { status: "active", rootActive: true, claims: { count: claimed.size, amount } });
  store.setChainState(2, { status: "voted", rootActive: false, claims: { count: 0, amount: 0n } });
  return { store, registry, inputs, results, boosted, claimed };
}
