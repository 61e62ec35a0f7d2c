// `npm run bench:map`: the coverage map's data routes and page at a size a
// metro network reaches. One simulated epoch (unsigned reports, as the main
// bench) goes into a MapEpochStore behind the map plugin; each route is timed
// through Fastify (routing, building, serialisation) as the median of repeated
// requests, with its JSON size plain and gzipped; then Debian's Chromium opens
// the page and the time until the map is drawn is measured.
//
// Sizes: HEXPIN_BENCH_MAP_HOTSPOTS (default 10000), HEXPIN_BENCH_MAP_CITY
// (bay-area), HEXPIN_BENCH_MAP_REPEAT (15). Skips the browser when Chromium is
// missing (HEXPIN_CHROMIUM overrides /usr/bin/chromium).

import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import Fastify from "fastify";
import { computeEpoch, epochConfig, simulateEpoch } from "../src";
import { CITY_NAMES, CityName } from "../src/sim";
import { MapEpochStore } from "../src/api/map-store";
import { mapRoutes } from "../src/api/map-routes";
import { buildBasemap } from "../src/api/map-page/basemap";
import { launchChromium } from "../../tests/map/browser";

const HOTSPOTS = Number(process.env.HEXPIN_BENCH_MAP_HOTSPOTS ?? 10_000);
const CITY = (process.env.HEXPIN_BENCH_MAP_CITY ?? "bay-area") as CityName;
const REPEAT = Number(process.env.HEXPIN_BENCH_MAP_REPEAT ?? 15);
const CHROMIUM = process.env.HEXPIN_CHROMIUM ?? "/usr/bin/chromium";
if (!CITY_NAMES.includes(CITY)) throw new Error(`HEXPIN_BENCH_MAP_CITY must be one of ${CITY_NAMES.join(", ")}`);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  log(`map bench: ${HOTSPOTS.toLocaleString("en-US")} hotspots in ${CITY}, ${REPEAT} requests per route (machine shared: read as upper bounds)`);
  let t = now();
  const sim = simulateEpoch({ seed: "map-bench", hotspots: HOTSPOTS, city: CITY, sign: false });
  const reports = [];
  let beacons = 0;
  for (const r of sim.reports()) {
    reports.push({ bytes: r.bytes, receivedAtMs: r.receivedAtMs });
    if (r.label.kind === "beacon" && ++beacons % 5000 === 0) log(`  simulated ${beacons.toLocaleString("en-US")} beacons`);
  }
  const inputs = {
    epoch: 1,
    window: sim.window,
    emission: 1_000_000_000_000n,
    config: epochConfig({ rules: sim.config }),
    hotspots: sim.registry,
    entropy: sim.entropy,
    reports,
    previousCumulative: new Map<string, bigint>(),
  };
  const result = computeEpoch(inputs, {
    verifySignatures: false,
    coverageMap: false,
    onProgress: (stage, done, total) => stage === "verify" && log(`  verify ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} reports`),
  });
  log(`epoch computed in ${((now() - t) / 1000).toFixed(1)} s: ${reports.length.toLocaleString("en-US")} reports, ${result.scores.coverage.cells.size.toLocaleString("en-US")} covered hexes`);
  reports.length = 0;

  const store = new MapEpochStore(6);
  t = now();
  store.addComputedEpoch(inputs, result);
  log(`map snapshot built in ${(now() - t).toFixed(0)} ms`);
  buildBasemap({ log: () => {} });
  const app = Fastify();
  await app.register(mapRoutes, { provider: store });

  const located = inputs.hotspots.find((h) => h.location !== null && result.perEpochRewards.has(h.key))!;
  const [lng, lat] = (await store.hotspot(located.key)).lngLat!;
  const view = [lng - 0.03, lat - 0.02, lng + 0.03, lat + 0.02].map((v) => v.toFixed(5)).join(","); // ~5 × 4.5 km, a phone screen at zoom 13
  const routes: [string, string][] = [
    ["coverage, whole epoch (≤ 50k hexes)", "/v1/coverage"],
    ["coverage, one screen (bbox)", `/v1/coverage?bbox=${view}`],
    ["hotspots, whole epoch", "/v1/hotspots"],
    ["hotspots, one screen (bbox)", `/v1/hotspots?bbox=${view}`],
    ["one hotspot's detail", `/v1/hotspots/${located.key}`],
    ["epoch timeline", "/v1/epochs"],
  ];
  const rows: string[] = [];
  for (const [name, url] of routes) {
    const first = now();
    const res = await app.inject({ method: "GET", url });
    const coldMs = now() - first; // includes building the epoch's scan index on first use
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      t = now();
      await app.inject({ method: "GET", url });
      times.push(now() - t);
    }
    times.sort((a, b) => a - b);
    const body = res.rawPayload;
    const features = (JSON.parse(res.body) as { features?: unknown[] }).features?.length;
    rows.push(
      `| ${name} | ${features ?? "—"} | ${times[times.length >> 1].toFixed(1)} ms | ${times[Math.min(times.length - 1, Math.floor(times.length * 0.95))].toFixed(1)} ms | ${coldMs.toFixed(0)} ms | ${kib(body.length)} | ${kib(gzipSync(body).length)} |`,
    );
    log(`  ${name}: median ${times[times.length >> 1].toFixed(1)} ms, ${kib(body.length)}`);
  }
  console.log("\n| route | features | median | p95 | first call | JSON | gzip |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(r);

  if (existsSync(CHROMIUM)) {
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const chromium = await launchChromium();
    try {
      for (const viewport of [
        { width: 1366, height: 800 },
        { width: 390, height: 844 },
      ]) {
        const page = await chromium.browser.newPage({ viewport });
        t = now();
        await page.goto(`${url}/map/`);
        await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: { state?: string } } } }).document.body.dataset.state === "ready", null, { timeout: 300_000 });
        const ms = now() - t;
        const drawn = await page.evaluate(
          () => (globalThis as unknown as { hexpin: { map: { queryRenderedFeatures(o: object): unknown[] } } }).hexpin.map.queryRenderedFeatures({ layers: ["hex-fill"] }).length,
        );
        log(`page ${viewport.width}×${viewport.height}: drawn in ${(ms / 1000).toFixed(1)} s (${drawn.toLocaleString("en-US")} hex fragments on screen; software WebGL)`);
        await page.close();
      }
    } finally {
      await chromium.close();
    }
  } else {
    log(`page: skipped (no Chromium at ${CHROMIUM})`);
  }
  await app.close();
}

main().catch((e) => {
  console.error(`map bench failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
