// `npm run bench:service`: report intake of the oracle service over loopback
// HTTP against this machine's raw ed25519 verification rate, measured in the
// same run. The service runs in its own process (as in production); this
// process generates load: HEXPIN_BENCH_CONCURRENCY connections posting bodies
// of HEXPIN_BENCH_BATCH signed witness reports until HEXPIN_BENCH_REPORTS are
// acknowledged (durably stored). Signing happens before the clock starts.
// Target: intake ≥ 0.6 × the single-core raw verification rate. Also printed:
// request latency p50/p99 and the server's peak RSS.

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { verify } from "node:crypto";
import { Agent, request } from "node:http";
import { decodeReport, PublicKeyCache, reportBody, reportSigner, signingMessage, SIGNATURE_LEN } from "@hexpin/sdk";
import { benchReports } from "./service-fleet";

const REPORTS = Number(process.env.HEXPIN_BENCH_REPORTS ?? 60_000);
const BATCH = Number(process.env.HEXPIN_BENCH_BATCH ?? 100);
const CONCURRENCY = Number(process.env.HEXPIN_BENCH_CONCURRENCY ?? 4);
const FLEET = Number(process.env.HEXPIN_BENCH_FLEET ?? 2000);

function rawVerifyRate(reports: Uint8Array[]): number {
  const keys = new PublicKeyCache();
  const n = Math.min(reports.length, 20_000);
  for (let i = 0; i < Math.min(n, 2000); i++) keys.get(reportSigner(decodeReport(reports[i]))); // warm the key cache, as the intake's is
  const t0 = performance.now();
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const b = reports[i];
    if (verify(null, signingMessage(reportBody(b)), keys.get(reportSigner(decodeReport(b))), b.subarray(b.length - SIGNATURE_LEN))) ok++;
  }
  if (ok !== n) throw new Error("raw verification failed");
  return n / ((performance.now() - t0) / 1000);
}

function post(agent: Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: "/v1/reports", method: "POST", headers: { "content-type": "application/octet-stream", "content-length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main() {
  process.stderr.write(`signing ${REPORTS} witness reports from ${FLEET} hotspots…\n`);
  const reports = benchReports(REPORTS, FLEET, (d) => process.stderr.write(`\r  ${d}/${REPORTS}`));
  process.stderr.write(`\r  ${REPORTS}/${REPORTS}\n`);
  const raw = rawVerifyRate(reports);
  process.stderr.write(`raw ed25519 verification, one core: ${raw.toFixed(0)}/s\n`);

  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "service-child.ts")], { env: { ...process.env, HEXPIN_BENCH_FLEET: String(FLEET) }, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<URL>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /URL (\S+)\n/.exec(buf);
      if (m) resolve(new URL(m[1]));
    });
    child.once("exit", (c) => reject(new Error(`service exited with ${c}`)));
  });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const bodies: Buffer[] = [];
    for (let i = 0; i < reports.length; i += BATCH) bodies.push(Buffer.concat(reports.slice(i, i + BATCH)));
    // warm-up: JIT, key cache, first segment
    await post(agent, url, bodies[0]);
    const latencies: number[] = [];
    let next = 1;
    let refused = 0;
    const t0 = performance.now();
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const s = performance.now();
        const status = await post(agent, url, body);
        latencies.push(performance.now() - s);
        if (status !== 200) refused++;
        if (next % 50 === 0) process.stderr.write(`\r  ${next}/${bodies.length} bodies`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - t0) / 1000;
    process.stderr.write("\n");
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    const rate = ((bodies.length - 1) * BATCH) / seconds;
    const result = {
      reports: (bodies.length - 1) * BATCH,
      batch: BATCH,
      concurrency: CONCURRENCY,
      refused,
      intakePerSec: Math.round(rate),
      rawVerifyPerSecOneCore: Math.round(raw),
      ratio: Number((rate / raw).toFixed(2)),
      target: 0.6,
      latencyMs: { p50: Number(pct(0.5).toFixed(1)), p99: Number(pct(0.99).toFixed(1)), max: Number(latencies[latencies.length - 1].toFixed(1)) },
      serverPeakRssMiB: Math.round(peakRssMiB(child.pid!)),
      database: process.env.DATABASE_URL ? "postgresql" : "pglite",
    };
    console.log(JSON.stringify(result, null, 2));
    agent.destroy();
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
