// What the service reads from the chain, as interfaces: the hotspot registry
// (Hotspot accounts), entropy (a recent blockhash), the epoch schedule and each
// epoch's minted emission (Network and Epoch accounts). chain-sources.ts
// implements them over JSON-RPC; tests and demos pass fixed ones.

import type { EmissionSource } from "../pipeline/epoch-pipeline";
import type { HotspotInfo } from "../types";

export interface RegistrySource {
  /** every live hotspot of the network. */
  fetchHotspots(): Promise<HotspotInfo[]>;
}

export interface EntropySource {
  /** the newest entropy: an increasing id (a slot) and 32 unpredictable bytes (its blockhash). */
  latest(): Promise<{ id: number; value: Uint8Array }>;
}

export interface NetworkSchedule {
  genesisMs: number;
  epochLengthMs: number;
}

export interface ScheduleSource {
  schedule(): Promise<NetworkSchedule>;
}

export type { EmissionSource };

/** Fixed emission per epoch (tests, demos without a chain). */
export function fixedEmission(amount: bigint, fromEpoch = 0): EmissionSource {
  return { emission: async (epoch) => (epoch >= fromEpoch ? amount : null) };
}
