// The one set of migrations, run at startup by `openStore` against PGlite or
// PostgreSQL alike. Append-only: never edit a migration that has shipped, add
// the next one.

import { Kysely, sql } from "kysely";
// Types by path: this project resolves modules the classic "node" way, which ignores package exports.
import type { Migration, MigrationProvider, Migrator as MigratorClass } from "kysely/dist/migration/index";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { Migrator } = require("kysely/migration") as { Migrator: typeof MigratorClass };

const migrations: Record<string, Migration> = {
  "0001_oracle_service": {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable("meta").addColumn("key", "text", (c) => c.primaryKey()).addColumn("value", "text", (c) => c.notNull()).execute();
      await db.schema
        .createTable("hotspots")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("info", "text", (c) => c.notNull())
        .addColumn("synced_at_ms", "int8", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("entropy")
        .addColumn("id", "int8", (c) => c.primaryKey())
        .addColumn("value", "bytea", (c) => c.notNull().check(sql`octet_length(value) = 32`))
        .addColumn("published_at_ms", "int8", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("entropy_published").on("entropy").column("published_at_ms").execute();
      await db.schema
        .createTable("epochs")
        .addColumn("epoch", "int8", (c) => c.primaryKey().check(sql`epoch >= 0`))
        .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('open','frozen','computed','voted','active','served','disputed')`))
        .addColumn("start_ms", "int8", (c) => c.notNull())
        .addColumn("end_ms", "int8", (c) => c.notNull())
        .addColumn("frozen_inputs", "text")
        .addColumn("report_count", "int8")
        .addColumn("emission", sql`numeric(20,0)`)
        .addColumn("input_digest", "text")
        .addColumn("merkle_root", "text")
        .addColumn("total_cumulative", sql`numeric(20,0)`)
        .addColumn("paid", sql`numeric(20,0)`)
        .addColumn("unallocated", sql`numeric(20,0)`)
        .addColumn("summary", "text")
        .addColumn("vote_signature", "text")
        .addColumn("chain_status", "text")
        .addColumn("dispute_reason", "text")
        .addColumn("updated_at_ms", "int8", (c) => c.notNull())
        // a computed epoch always carries its commitment; nothing can store a state without it
        .addCheckConstraint("computed_has_commitment", sql`state in ('open','frozen','disputed') or (input_digest is not null and total_cumulative is not null)`)
        .execute();
      await db.schema
        .createTable("epoch_segments")
        .addColumn("epoch", "int8", (c) => c.notNull().references("epochs.epoch"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("bytes", "int8", (c) => c.notNull())
        .addColumn("records", "int8", (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("epoch_segments_pk", ["epoch", "name"])
        .execute();
      await db.schema
        .createTable("epoch_rewards")
        .addColumn("epoch", "int8", (c) => c.notNull().references("epochs.epoch"))
        .addColumn("reward_id", "text", (c) => c.notNull())
        .addColumn("hotspot_key", "text", (c) => c.notNull())
        .addColumn("cumulative", sql`numeric(20,0)`, (c) => c.notNull().check(sql`cumulative > 0`))
        .addColumn("amount", sql`numeric(20,0)`, (c) => c.notNull().check(sql`amount >= 0`))
        .addPrimaryKeyConstraint("epoch_rewards_pk", ["epoch", "reward_id"])
        .execute();
      await db.schema.createIndex("epoch_rewards_hotspot").on("epoch_rewards").columns(["hotspot_key", "epoch"]).execute();
      await db.schema
        .createTable("follower_checks")
        .addColumn("id", "serial", (c) => c.primaryKey())
        .addColumn("epoch", "int8", (c) => c.notNull())
        .addColumn("leader_digest", "text", (c) => c.notNull())
        .addColumn("leader_root", "text")
        .addColumn("our_digest", "text")
        .addColumn("our_root", "text")
        .addColumn("verdict", "text", (c) => c.notNull().check(sql`verdict in ('reproduced','mismatch')`))
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("checked_at_ms", "int8", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("follower_checks_epoch").on("follower_checks").column("epoch").execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
