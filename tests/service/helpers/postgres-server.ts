// A throwaway PostgreSQL server for the service suites: Debian's `postgresql`
// binaries (scripts/setup.sh installs them), a temp data directory, a free
// port on 127.0.0.1, stopped and deleted by `stop()`. PostgreSQL refuses to
// run as root, so under root (CI) it runs as the `postgres` system user.

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";

export interface PostgresServer {
  /** URL of a fresh, empty database (created on each call). */
  freshDatabaseUrl(): Promise<string>;
  stop(): void;
}

function pgBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", name))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error(`PostgreSQL's ${name} is not installed (Debian package postgresql; run npm run setup)`);
  return join(root, versions[0], "bin", name);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "hexpin-pg-"));
  chmodSync(dir, 0o755);
  const data = join(dir, "data");
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? "runuser" : bin;
    const full = asRoot ? ["-u", "postgres", "--", bin, ...args] : args;
    const r = spawnSync(cmd, full, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  run(pgBin("initdb"), ["-D", data, "-U", "hexpin", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  run(pgBin("pg_ctl"), ["-D", data, "-w", "-t", "60", "-l", join(dir, "server.log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, "start"]);
  let n = 0;
  const base = `postgres://hexpin@127.0.0.1:${port}`;
  let stopped = false;
  return {
    async freshDatabaseUrl() {
      const name = `hexpin_${process.pid}_${++n}`;
      const c = new Client({ connectionString: `${base}/postgres` });
      await c.connect();
      try {
        await c.query(`create database ${name}`);
      } finally {
        await c.end();
      }
      return `${base}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(pgBin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
