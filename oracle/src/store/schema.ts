// The oracle service's tables, as Kysely sees them. One schema for PGlite and
// PostgreSQL (see migrations.ts). Conventions: int8 columns read as bigint in
// both drivers (database.ts installs the parsers), token amounts are
// numeric(20,0) read as decimal strings (u64 does not fit int8), hashes are hex.
//
// Raw reports are not here: they live in checksummed append-only segment files
// (segments.ts); the database holds what the epoch state machine needs.

import type { ColumnType, Generated } from "kysely";

type Int8 = ColumnType<bigint, bigint | number, bigint | number>;
type Amount = ColumnType<string, string, string>;

export interface MetaTable {
  key: string;
  value: string;
}

/** The hotspot registry as last synced from the chain (or seeded by tests). */
export interface HotspotTable {
  /** base58 hardware key. */
  key: string;
  /** the HotspotInfo the epoch function consumes, as JSON (kept whole so new fields need no migration). */
  info: string;
  synced_at_ms: Int8;
}

/** Entropy records published to devices (GET /v1/entropy). */
export interface EntropyTable {
  id: Int8;
  value: Uint8Array;
  published_at_ms: Int8;
}

export type EpochState = "open" | "frozen" | "computed" | "voted" | "active" | "served" | "disputed";

/** One row per epoch: the persisted state machine (pipeline/epoch-pipeline.ts). */
export interface EpochTable {
  epoch: Int8;
  state: EpochState;
  start_ms: Int8;
  end_ms: Int8;
  /** frozen inputs besides the reports: registry snapshot, entropy, PoC/scoring config (canonical JSON). */
  frozen_inputs: string | null;
  report_count: Int8 | null;
  emission: Amount | null;
  input_digest: string | null;
  merkle_root: string | null;
  total_cumulative: Amount | null;
  paid: Amount | null;
  unallocated: Amount | null;
  /** JSON: reason counts, rewarded hotspots, valid beacons. */
  summary: string | null;
  vote_signature: string | null;
  /** JSON of the chain's view when last polled (proposals, votes, quorum). */
  chain_status: string | null;
  /** why the epoch is disputed, when it is. */
  dispute_reason: string | null;
  updated_at_ms: Int8;
}

/** The sealed segment files holding an epoch's accepted reports (written at freeze). */
export interface EpochSegmentTable {
  epoch: Int8;
  name: string;
  bytes: Int8;
  records: Int8;
  sha256: string;
}

/** Cumulative amounts committed by an epoch's root, one row per reward id (leaf). */
export interface EpochRewardTable {
  epoch: Int8;
  /** the leaf's key as the epoch function names it (base58 key, or "<key>:<serial>"). */
  reward_id: string;
  hotspot_key: string;
  cumulative: Amount;
  /** paid this epoch (0 for keys carried over). */
  amount: Amount;
}

/** A follower's verdict on a leader's epoch (pipeline/follower.ts). */
export interface FollowerCheckTable {
  epoch: Int8;
  leader_digest: string;
  leader_root: string | null;
  our_digest: string | null;
  our_root: string | null;
  verdict: "reproduced" | "mismatch";
  reason: string;
  checked_at_ms: Int8;
  id: Generated<number>;
}

export interface OracleDatabase {
  meta: MetaTable;
  hotspots: HotspotTable;
  entropy: EntropyTable;
  epochs: EpochTable;
  epoch_segments: EpochSegmentTable;
  epoch_rewards: EpochRewardTable;
  follower_checks: FollowerCheckTable;
}
