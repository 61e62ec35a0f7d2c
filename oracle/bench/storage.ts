// `npm run bench:storage`: where raw reports should live, measured. Stores
// HEXPIN_BENCH_REPORTS signed-size reports in bodies of HEXPIN_BENCH_BATCH,
// each body durable before the next (as the intake acknowledges), then reads
// them back in canonical order (receive time, bytes), in three stores:
//   - rows in embedded PGlite (hash primary key for idempotence),
//   - rows in a PostgreSQL server (started here from Debian's binaries),
//   - checksummed append-only segment files (oracle/src/store/segments.ts).
// Printed per store: reports/s written, main-thread CPU µs per report written
// (the cost the intake's event loop pays), reports/s read in canonical order.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes, createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { ReportSegmentStore, reportHash, sealedReports, StoredReport } from "../src/store/segments";
import { startPostgres } from "../../tests/service/helpers/postgres-server";

const N = Number(process.env.HEXPIN_BENCH_REPORTS ?? 20_000);
const B = Number(process.env.HEXPIN_BENCH_BATCH ?? 100);

interface Figures {
  writePerSec: number;
  cpuUsPerReport: number;
  readPerSec: number;
}

function reports(): StoredReport[] {
  const t0 = 1_750_000_000_000;
  return Array.from({ length: N }, (_, i) => ({ receivedAtMs: t0 + Math.floor(i / 3), bytes: randomBytes(i % 2 ? 200 : 178) }));
}

async function measure(write: (batch: StoredReport[]) => Promise<void>, read: () => Promise<number>, data: StoredReport[]): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < data.length; i += B) await write(data.slice(i, i + B));
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const got = await read();
  if (got !== data.length) throw new Error(`read ${got} of ${data.length}`);
  return { writePerSec: Math.round(data.length / wall), cpuUsPerReport: Math.round((cpu.user + cpu.system) / data.length), readPerSec: Math.round(data.length / ((performance.now() - t1) / 1000)) };
}

const TABLE = "create table r (hash bytea primary key, epoch int8 not null, received_at_ms int8 not null, bytes bytea not null)";
const insertSql = (n: number) => `insert into r values ${Array.from({ length: n }, (_, j) => `($${4 * j + 1},$${4 * j + 2},$${4 * j + 3},$${4 * j + 4})`).join(",")} on conflict do nothing`;
const params = (batch: StoredReport[]) => batch.flatMap((r) => [createHash("sha256").update(r.bytes).digest(), 1, r.receivedAtMs, r.bytes]);

async function main() {
  const data = reports();
  const out: Record<string, Figures | string> = {};
  const dir = mkdtempSync(join(tmpdir(), "hexpin-bench-storage-"));
  try {
    process.stderr.write("segment files…\n");
    const store = ReportSegmentStore.open(join(dir, "segments"), { isSealed: () => false });
    let manifest: Awaited<ReturnType<ReportSegmentStore["seal"]>> = [];
    out.segments = await measure(
      (batch) => store.append(1, batch, batch.map((r) => reportHash(r.bytes))),
      async () => {
        manifest = await store.seal(1);
        let n = 0;
        for (const _ of sealedReports(store.epochDir(1), 1, manifest)) n++;
        return n;
      },
      data,
    );

    process.stderr.write("PGlite…\n");
    const pglite = await PGlite.create({ dataDir: join(dir, "pglite") });
    await pglite.exec(TABLE);
    out.pglite = await measure(
      (batch) => pglite.transaction(async (tx) => void (await tx.query(insertSql(batch.length), params(batch)))),
      async () => (await pglite.query("select received_at_ms, bytes from r order by received_at_ms, bytes")).rows.length,
      data,
    );
    await pglite.close();

    process.stderr.write("PostgreSQL…\n");
    let pg;
    try {
      pg = await startPostgres();
    } catch (e) {
      out.postgresql = `skipped: ${(e as Error).message}`;
    }
    if (pg) {
      try {
        const c = new Client({ connectionString: await pg.freshDatabaseUrl() });
        await c.connect();
        await c.query(TABLE);
        out.postgresql = await measure(
          async (batch) => {
            await c.query("begin");
            await c.query(insertSql(batch.length), params(batch));
            await c.query("commit");
          },
          async () => (await c.query("select received_at_ms, bytes from r order by received_at_ms, bytes")).rows.length,
          data,
        );
        await c.end();
      } finally {
        pg.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ reports: N, batch: B, ...out }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
