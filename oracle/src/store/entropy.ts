// Entropy records served to devices and frozen into each epoch's inputs.

import type { Kysely } from "kysely";
import type { EntropyRecord } from "@hexpin/sdk";
import type { OracleDatabase } from "./schema";

function toRecord(r: { id: bigint; value: Uint8Array; published_at_ms: bigint }): EntropyRecord {
  return { id: Number(r.id), value: Buffer.from(r.value), publishedAtMs: Number(r.published_at_ms) };
}

/** Stores a record unless its id is known; returns the stored record (the first one wins). */
export async function publishEntropy(db: Kysely<OracleDatabase>, rec: EntropyRecord): Promise<EntropyRecord> {
  if (rec.value.length !== 32) throw new RangeError("entropy value must be 32 bytes");
  await db
    .insertInto("entropy")
    .values({ id: rec.id, value: Buffer.from(rec.value), published_at_ms: rec.publishedAtMs })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  const row = await db.selectFrom("entropy").selectAll().where("id", "=", BigInt(rec.id)).executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function latestEntropy(db: Kysely<OracleDatabase>): Promise<EntropyRecord | null> {
  const row = await db.selectFrom("entropy").selectAll().orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Records published in [fromMs, toMs), id order. */
export async function entropyPublishedBetween(db: Kysely<OracleDatabase>, fromMs: number, toMs: number): Promise<EntropyRecord[]> {
  const rows = await db.selectFrom("entropy").selectAll().where("published_at_ms", ">=", BigInt(fromMs)).where("published_at_ms", "<", BigInt(toMs)).orderBy("id").execute();
  return rows.map(toRecord);
}
