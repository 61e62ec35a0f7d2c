// Queries over the epoch state machine's tables. Every transition is a
// conditional update (`where state = <expected>`), so a transition applied
// twice — a resumed step after a crash, or two processes racing — changes
// nothing the second time and reports that it did not apply.

import type { Kysely, Selectable } from "kysely";
import type { EpochState, EpochTable, OracleDatabase } from "./schema";
import type { SealedSegment } from "./segments";

export type EpochRow = Selectable<EpochTable>;

/** The order states move in; `disputed` and `superseded` leave it. */
export const EPOCH_STATES: readonly EpochState[] = ["open", "frozen", "computed", "voted", "active", "served"];

export function atLeast(state: EpochState, min: EpochState): boolean {
  return state !== "disputed" && state !== "superseded" && EPOCH_STATES.indexOf(state) >= EPOCH_STATES.indexOf(min);
}

export async function ensureEpoch(db: Kysely<OracleDatabase>, epoch: number, window: { startMs: number; endMs: number }, nowMs: number): Promise<void> {
  await db
    .insertInto("epochs")
    .values({ epoch, state: "open", start_ms: window.startMs, end_ms: window.endMs, updated_at_ms: nowMs, frozen_inputs: null, report_count: null, emission: null, input_digest: null, merkle_root: null, total_cumulative: null, paid: null, unallocated: null, summary: null, vote_signature: null, chain_status: null, dispute_reason: null })
    .onConflict((oc) => oc.column("epoch").doNothing())
    .execute();
}

export async function getEpoch(db: Kysely<OracleDatabase>, epoch: number): Promise<EpochRow | undefined> {
  return db.selectFrom("epochs").selectAll().where("epoch", "=", BigInt(epoch)).executeTakeFirst();
}

export async function listEpochs(db: Kysely<OracleDatabase>, opts: { limit?: number; before?: number } = {}): Promise<EpochRow[]> {
  let q = db.selectFrom("epochs").selectAll().orderBy("epoch", "desc").limit(opts.limit ?? 100);
  if (opts.before !== undefined) q = q.where("epoch", "<", BigInt(opts.before));
  return q.execute();
}

export async function epochsInState(db: Kysely<OracleDatabase>, states: EpochState[]): Promise<EpochRow[]> {
  return db.selectFrom("epochs").selectAll().where("state", "in", states).orderBy("epoch", "asc").execute();
}

/** Epochs whose reports are sealed (every state after open). */
export async function sealedEpochNumbers(db: Kysely<OracleDatabase>): Promise<Set<number>> {
  const rows = await db.selectFrom("epochs").select("epoch").where("state", "!=", "open").execute();
  return new Set(rows.map((r) => Number(r.epoch)));
}

export async function freezeEpoch(db: Kysely<OracleDatabase>, epoch: number, frozenInputs: string, manifest: readonly SealedSegment[], nowMs: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("epochs")
      .set({ state: "frozen", frozen_inputs: frozenInputs, report_count: manifest.reduce((n, m) => n + m.records, 0), updated_at_ms: nowMs })
      .where("epoch", "=", BigInt(epoch))
      .where("state", "=", "open")
      .executeTakeFirst();
    if (r.numUpdatedRows !== 1n) return false;
    if (manifest.length) await tx.insertInto("epoch_segments").values(manifest.map((m) => ({ epoch, name: m.name, bytes: m.bytes, records: m.records, sha256: m.sha256 }))).execute();
    return true;
  });
}

export async function segmentsOf(db: Kysely<OracleDatabase>, epoch: number): Promise<SealedSegment[]> {
  const rows = await db.selectFrom("epoch_segments").selectAll().where("epoch", "=", BigInt(epoch)).orderBy("name").execute();
  return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes), records: Number(r.records), sha256: r.sha256 }));
}

export interface ComputedEpoch {
  emission: bigint;
  inputDigest: string;
  merkleRoot: string | null;
  totalCumulative: bigint;
  paid: bigint;
  unallocated: bigint;
  summary: unknown;
  cumulative: [string, string][];
  perEpoch: [string, string][];
}

/** The digest of the PoC state a computed epoch produced (kept in its summary), or null. */
export function nextStateDigestOf(row: Pick<EpochRow, "summary">): string | null {
  if (!row.summary) return null;
  const d = (JSON.parse(row.summary) as { nextStateDigest?: unknown }).nextStateDigest;
  return typeof d === "string" ? d : null;
}

export function hotspotKeyOf(rewardId: string): string {
  const i = rewardId.indexOf(":");
  return i < 0 ? rewardId : rewardId.slice(0, i);
}

export async function markComputed(db: Kysely<OracleDatabase>, epoch: number, c: ComputedEpoch, nowMs: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("epochs")
      .set({
        state: "computed",
        emission: c.emission.toString(),
        input_digest: c.inputDigest,
        merkle_root: c.merkleRoot,
        total_cumulative: c.totalCumulative.toString(),
        paid: c.paid.toString(),
        unallocated: c.unallocated.toString(),
        summary: JSON.stringify(c.summary),
        updated_at_ms: nowMs,
      })
      .where("epoch", "=", BigInt(epoch))
      .where("state", "=", "frozen")
      .executeTakeFirst();
    if (r.numUpdatedRows !== 1n) return false;
    const amounts = new Map(c.perEpoch);
    for (let i = 0; i < c.cumulative.length; i += 1000) {
      await tx
        .insertInto("epoch_rewards")
        .values(c.cumulative.slice(i, i + 1000).map(([id, cum]) => ({ epoch, reward_id: id, hotspot_key: hotspotKeyOf(id), cumulative: cum, amount: amounts.get(id) ?? "0" })))
        .execute();
    }
    return true;
  });
}

/** Moves an epoch from one state to the next; false when it was not in `from`. */
export async function transition(
  db: Kysely<OracleDatabase>,
  epoch: number,
  from: EpochState,
  to: EpochState,
  nowMs: number,
  extra: Partial<Pick<EpochRow, "vote_signature" | "chain_status" | "dispute_reason">> = {},
): Promise<boolean> {
  const r = await db
    .updateTable("epochs")
    .set({ state: to, updated_at_ms: nowMs, ...extra })
    .where("epoch", "=", BigInt(epoch))
    .where("state", "=", from)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function setChainStatus(db: Kysely<OracleDatabase>, epoch: number, status: string, nowMs: number): Promise<void> {
  await db.updateTable("epochs").set({ chain_status: status, updated_at_ms: nowMs }).where("epoch", "=", BigInt(epoch)).execute();
}

/** Cumulative amounts an epoch committed, reward id order. */
export async function cumulativeOf(db: Kysely<OracleDatabase>, epoch: number): Promise<Map<string, bigint>> {
  const rows = await db.selectFrom("epoch_rewards").select(["reward_id", "cumulative"]).where("epoch", "=", BigInt(epoch)).orderBy("reward_id").execute();
  return new Map(rows.map((r) => [r.reward_id, BigInt(r.cumulative)]));
}

export async function rewardsOfHotspot(db: Kysely<OracleDatabase>, epoch: number, hotspotKey: string) {
  return db.selectFrom("epoch_rewards").selectAll().where("epoch", "=", BigInt(epoch)).where("hotspot_key", "=", hotspotKey).execute();
}

export async function getMeta(db: Kysely<OracleDatabase>, key: string): Promise<string | undefined> {
  return (await db.selectFrom("meta").select("value").where("key", "=", key).executeTakeFirst())?.value;
}

/** Sets a meta value only if absent; returns the stored value. */
export async function initMeta(db: Kysely<OracleDatabase>, key: string, value: string): Promise<string> {
  await db.insertInto("meta").values({ key, value }).onConflict((oc) => oc.column("key").doNothing()).execute();
  return (await getMeta(db, key))!;
}
