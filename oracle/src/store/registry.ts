// The hotspot registry table: what the chain's Hotspot accounts say (synced by
// publish/chain-sources.ts in production, seeded directly by tests).

import type { Kysely } from "kysely";
import type { HotspotInfo } from "../types";
import type { OracleDatabase } from "./schema";

/** Replaces the registry with `hotspots` (a full sync: keys absent from it are removed). */
export async function replaceRegistry(db: Kysely<OracleDatabase>, hotspots: readonly HotspotInfo[], nowMs: number): Promise<void> {
  const seen = new Set<string>();
  for (const h of hotspots) {
    if (seen.has(h.key)) throw new RangeError(`hotspot ${h.key} listed twice`);
    seen.add(h.key);
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("hotspots").execute();
    for (let i = 0; i < hotspots.length; i += 500) {
      const rows = hotspots.slice(i, i + 500).map((h) => ({ key: h.key, info: JSON.stringify(h), synced_at_ms: nowMs }));
      await tx.insertInto("hotspots").values(rows).execute();
    }
  });
}

/** Adds or updates hotspots without touching the others. */
export async function upsertHotspots(db: Kysely<OracleDatabase>, hotspots: readonly HotspotInfo[], nowMs: number): Promise<void> {
  for (let i = 0; i < hotspots.length; i += 500) {
    const rows = hotspots.slice(i, i + 500).map((h) => ({ key: h.key, info: JSON.stringify(h), synced_at_ms: nowMs }));
    await db
      .insertInto("hotspots")
      .values(rows)
      .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ info: eb.ref("excluded.info"), synced_at_ms: eb.ref("excluded.synced_at_ms") })))
      .execute();
  }
}

/** Every registered hotspot, in key order. */
export async function loadRegistry(db: Kysely<OracleDatabase>): Promise<HotspotInfo[]> {
  const rows = await db.selectFrom("hotspots").select(["info"]).orderBy("key").execute();
  return rows.map((r) => JSON.parse(r.info) as HotspotInfo);
}
