// Opens the oracle's database: embedded PGlite (a WASM Postgres in this
// process, data directory on disk) by default, or a PostgreSQL server when a
// `DATABASE_URL` is given. Both speak the same SQL through one Kysely query
// layer and run the same migrations.
//
// Durability: a PostgreSQL server commits with fsync. PGlite's WASM file system
// writes through to the OS but never fsyncs, so its commits survive a killed
// process (kill -9, OOM) but not a power loss or kernel crash; production
// deployments should use PostgreSQL. Accepted reports do not depend on this:
// they are fsynced to segment files before they are acknowledged (segments.ts).

import { mkdirSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import { Pool, types as pgTypes } from "pg";
import { migrateToLatest } from "./migrations";
import type { OracleDatabase } from "./schema";

export interface DatabaseConfig {
  /** postgres://… of a PostgreSQL server; when absent, PGlite in `pgliteDir`. */
  databaseUrl?: string;
  /** PGlite data directory (created when missing). */
  pgliteDir?: string;
}

export interface Database {
  db: Kysely<OracleDatabase>;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export class DatabaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseConfigError";
  }
}

const INT8_OID = 20;

/** Opens (and migrates) the database; closes it again if migrating fails. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  let database: Database;
  if (config.databaseUrl) {
    let url: URL;
    try {
      url = new URL(config.databaseUrl);
    } catch {
      throw new DatabaseConfigError(`DATABASE_URL is not a URL: ${redact(config.databaseUrl)}`);
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new DatabaseConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got ${url.protocol}//`);
    const pool = new Pool({
      connectionString: config.databaseUrl,
      max: 8,
      types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === INT8_OID ? (v: string) => BigInt(v) : pgTypes.getTypeParser(oid, format))) as typeof pgTypes.getTypeParser },
    });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on("error", () => {});
    const db = new Kysely<OracleDatabase>({ dialect: new PostgresDialect({ pool }) });
    database = { db, kind: "postgres", close: () => db.destroy() };
  } else {
    if (!config.pgliteDir) throw new DatabaseConfigError("no database: give DATABASE_URL for PostgreSQL or a data directory for the embedded PGlite");
    mkdirSync(config.pgliteDir, { recursive: true });
    const pglite = await PGlite.create({ dataDir: config.pgliteDir, parsers: { [pgliteTypes.INT8]: (v: string) => BigInt(v) } });
    const db = new Kysely<OracleDatabase>({ dialect: new PGliteDialect({ pglite }) });
    database = { db, kind: "pglite", close: () => db.destroy() };
  }
  try {
    await migrateToLatest(database.db as unknown as Kysely<unknown>);
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
  return database;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
}
