// Crash safety of the oracle service: a real service process is killed with
// SIGKILL (kill -9) at random moments of report intake, freezing, computing
// and voting, and at every boundary between two durable effects, then
// restarted on the same data until its epoch is served. Every round must end
// with the pure epoch function's root and digest, a bundle holding each
// scenario report exactly once (so nothing acknowledged was lost and nothing
// counted twice), exactly one landed vote and no attempt at another root.
//
// HEXPIN_CRASH_KILLS sets the kills per database (default 30 on PGlite, whose
// WASM start dominates a run, and 70 on PostgreSQL: 100 in all).

import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeBundle } from "../../oracle/src/epoch/bundle";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { SeededRandom } from "../../oracle/src/epoch/seeded-random";
import type { PipelineStep } from "../../oracle/src/pipeline/epoch-pipeline";
import { crashScenario, deliveryGroups } from "./helpers/crash-child";
import { FileBackedRootPublisher } from "./helpers/recording-root-publisher";
import { PostgresServer, startPostgres } from "./helpers/postgres-server";
import { Backend, pgliteTemplate } from "./helpers/service-world";

const STEPS: PipelineStep[] = [
  "freeze:sealed",
  "freeze:committed",
  "compute:files-written",
  "compute:files-committed",
  "compute:committed",
  "vote:sending",
  "vote:sent",
  "vote:committed",
  "activate:committed",
  "serve:committed",
];
// The child is bundled once (esbuild) so each of the hundreds of starts skips
// TypeScript transpilation and module resolution; it stays in the repository's
// tree so the packages left external (PGlite's WASM files) resolve.
const CHILD_SOURCE = join(__dirname, "helpers", "crash-child.ts");
const CHILD = join(__dirname, "..", "..", "target", "test-bundles", "crash-child.js");

function bundleChild(): void {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const esbuild = require("esbuild") as typeof import("esbuild");
  esbuild.buildSync({ entryPoints: [CHILD_SOURCE], bundle: true, platform: "node", target: "node20", outfile: CHILD, external: ["@electric-sql/pglite", "pg-native"], logLevel: "error" });
}

interface ChildRun {
  lines: string[];
  killed: boolean;
  code: number | null;
  stderr: string;
  /** ms from READY to exit, when READY was seen. */
  workMs: number | null;
}

/** Runs the child; SIGKILLs it `killAfterMs` after it prints READY (or after spawn when `early`), unless it exits first. */
function runChild(env: Record<string, string>, killAfterMs: number | null, early: boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    let buf = "";
    let timer: NodeJS.Timeout | null = null;
    let readyAt = 0;
    const arm = () => {
      if (killAfterMs !== null && !timer) timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    };
    if (early) arm();
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (line === "READY") {
          readyAt = Date.now();
          arm();
        }
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ lines, killed: signal === "SIGKILL", code, stderr, workMs: readyAt ? Date.now() - readyAt : null });
    });
  });
}

for (const backend of ["pglite", "postgres"] as Backend[]) {
  const target = Number(process.env.HEXPIN_CRASH_KILLS ?? (backend === "pglite" ? 30 : 70));

  describe(`crash safety under kill -9 (${backend})`, function () {
    this.timeout(1_200_000);
    let pg: PostgresServer | undefined;
    before(async () => {
      bundleChild();
      if (backend === "postgres") pg = await startPostgres();
    });
    after(() => pg?.stop());

    it(`keeps roots identical and every acknowledged report exactly once across ≥ ${target} kills at random points of ingest, freeze, compute and vote`, async () => {
      const scenario = crashScenario();
      const expected = computeEpoch(scenario.inputs, { coverageMap: false });
      const groups = deliveryGroups(scenario.inputs.reports);
      let kills = 0;
      let rounds = 0;
      const stepKills = new Map<string, number>();
      let resends = 0;
      let stepCursor = 0;
      // how long an unkilled run of each phase takes on this machine, so kill times spread over the whole phase
      const phaseMs = { ingest: 1000, close: 1500 };

      const round = async (rng: SeededRandom) => {
        rounds++;
        const dataDir = mkdtempSync(join(tmpdir(), "hexpin-crash-"));
        try {
          if (backend === "pglite") cpSync(join(await pgliteTemplate(), "pglite"), join(dataDir, "pglite"), { recursive: true });
          const env: Record<string, string> = { DATA_DIR: dataDir, CHAIN_FILE: join(dataDir, "chain.json"), DATABASE_URL: pg ? await pg.freshDatabaseUrl() : "" };
          const acked = new Set<number>();
          let ingested = false;
          let closed: { root: string; digest: string } | null = null;
          // each round spends a few kills on intake and a few on closing, so both phases get their share
          const budget = { ingest: rng.int(0, 3), close: rng.int(2, 5) };
          const spent = { ingest: 0, close: 0 };
          for (let run = 0; !closed; run++) {
            assert.ok(run < 80, "a round made no progress in 80 runs");
            const phase: "ingest" | "close" = ingested ? "close" : "ingest";
            const kill = kills < target && spent[phase] < budget[phase];
            // step crashes walk the boundaries in turn across rounds and lanes, so a short
            // run still lands on many of them whatever the timing of the random kills
            const crashAt = kill && phase === "close" && rng.float() < 0.6 ? STEPS[stepCursor++ % STEPS.length] : "";
            const early = kill && !crashAt && rng.float() < 0.12;
            const killAfterMs = !kill || crashAt ? null : rng.int(0, early ? 2000 : phaseMs[phase]);
            const r = await runChild({ ...env, PHASE: phase, CRASH_AT: crashAt }, killAfterMs, early);
            for (const line of r.lines) {
              if (line.startsWith("ACK ")) acked.add(Number(line.slice(4)));
              else if (line === "INGESTED") ingested = true;
              else if (line.startsWith("CLOSED ")) {
                const [, root, digest] = line.split(" ");
                closed = { root, digest };
              }
            }
            if (r.killed) {
              kills++;
              spent[phase]++;
              const at = crashAt || (r.workMs === null ? "startup" : `${phase} (random)`);
              stepKills.set(at, (stepKills.get(at) ?? 0) + 1);
            } else {
              assert.equal(r.code, 0, `child failed (${phase}): ${r.stderr}`);
              if (r.workMs !== null) phaseMs[phase] = Math.max(200, r.workMs);
              if (kill && !crashAt) spent[phase]++; // it finished before its kill time: do not try forever
            }
          }
          assert.equal(closed.root, expected.merkleRoot, "root differs from the pure epoch function's");
          assert.equal(closed.digest, expected.inputDigest, "input digest differs");
          const bundle = decodeBundle(readFileSync(join(dataDir, "artifacts", "bundles", `${closed.digest}.bundle`)));
          const seen = new Map<string, number>();
          for (const r of bundle.reports) {
            const k = `${r.receivedAtMs}:${Buffer.from(r.bytes).toString("hex")}`;
            seen.set(k, (seen.get(k) ?? 0) + 1);
          }
          for (const g of acked) for (const r of groups[g]) assert.equal(seen.get(`${r.receivedAtMs}:${Buffer.from(r.bytes).toString("hex")}`), 1, "an acknowledged report is in the bundle exactly once");
          assert.equal(bundle.reports.length, scenario.inputs.reports.length, "no report counted twice or lost");
          // A process killed while sending may send again once the chain shows no vote (the
          // publisher's contract makes that safe); what must hold is one landed vote, and
          // never a second root.
          const votes = new FileBackedRootPublisher(env.CHAIN_FILE, "OracleA", 1);
          assert.equal(votes.landed().length, 1, "exactly one vote of this oracle landed");
          for (const a of votes.attempts()) assert.deepEqual([a.merkleRoot, a.inputDigest], [expected.merkleRoot, expected.inputDigest], "every vote attempt carried the one root");
          resends += votes.attempts().length - 1;
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      };
      // two independent lanes use both cores
      const lane = async (seed: number) => {
        const rng = new SeededRandom(seed);
        while (kills < target) await round(rng);
      };
      await Promise.all([lane(backend === "pglite" ? 1 : 3), lane(backend === "pglite" ? 2 : 4)]);
      // eslint-disable-next-line no-console
      console.log(`      ${kills} kills in ${rounds} rounds (${resends} vote resent after dying mid-send): ${[...stepKills].sort().map(([s, n]) => `${s} ×${n}`).join(", ")}`);
      if (target >= 30) {
        assert.ok(STEPS.filter((s) => stepKills.has(s)).length >= 4, "crashes landed at many step boundaries");
        assert.ok((stepKills.get("ingest (random)") ?? 0) >= 3, "crashes landed during intake");
      }
    });
  });
}
