// The coverage map as a person uses it: Debian's Chromium (headless, software
// WebGL) opens the page served by the map plugin over two simulated San
// Francisco epochs, on a laptop and on a phone. Screenshots land in
// target/screenshots/ as test artifacts.
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import Fastify, { FastifyInstance } from "fastify";
import type { Page } from "playwright-core";
import { mapRoutes } from "../../oracle/src/api/map-routes";
import { MapEpochStore } from "../../oracle/src/api/map-store";
import { buildBasemap, REPO_ROOT } from "../../oracle/src/api/map-page/basemap";
import { CHROMIUM_PATH, HeadlessChromium, launchChromium } from "./browser";
import { MapWorld, sharedMapWorld } from "./map-world";

const SHOTS = join(REPO_ROOT, "target/screenshots");

interface OpenedPage {
  page: Page;
  /** console errors, uncaught exceptions, failed requests and HTTP errors seen so far. */
  problems: string[];
}

type Rgb = [number, number, number];

// browser globals, for the callbacks that page.evaluate runs in the page (type-checked here, in Node)
declare const window: any;
declare const document: any;
declare const innerWidth: number;
declare const Image: any;

describe("coverage map page in Chromium", function () {
  this.timeout(180_000);
  let world: MapWorld;
  let app: FastifyInstance;
  let base: string;
  let chromium: HeadlessChromium;

  before(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run \`npm run setup\` (installs Debian's chromium)`);
    world = sharedMapWorld();
    buildBasemap({ log: () => {} });
    mkdirSync(SHOTS, { recursive: true });
    app = Fastify();
    await app.register(mapRoutes, { provider: world.store });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await app?.close();
  });

  async function open(options: Parameters<HeadlessChromium["browser"]["newPage"]>[0], hash = "", server = base, onPage?: (page: Page) => void): Promise<OpenedPage> {
    const page = await chromium.browser.newPage(options);
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    onPage?.(page);
    await page.goto(`${server}/map/${hash}`);
    await ready(page);
    return { page, problems };
  }

  const ready = (page: Page) => page.waitForFunction(() => ["ready", "error", "empty"].includes(document.body.dataset.state ?? ""), null, { timeout: 60_000 });

  /** Screen pixels at CSS points, read back from a real screenshot of the page. */
  async function pixels(page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> {
    const png = (await page.screenshot()).toString("base64");
    return page.evaluate(
      async ({ png, points }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext("2d")!;
        ctx.drawImage(img, 0, 0);
        const scale = img.width / innerWidth;
        return points.map(({ x, y }) => {
          const d = ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
          return [d[0], d[1], d[2]] as [number, number, number];
        });
      },
      { png, points },
    );
  }

  /** Hex centres on screen, with their score, at least `clear` px from any hotspot marker and clear of labels. */
  function hexesOnScreen(page: Page, clear: number) {
    return page.evaluate((clear) => {
      const { map, state } = window.hexpin;
      const rect = map.getCanvas().getBoundingClientRect();
      const spots = state.hotspots.features.map((f: any) => map.project(f.geometry.coordinates));
      return state.coverage.features
        .map((f: any) => {
          const ring = f.geometry.coordinates[0].slice(0, -1);
          const c = ring.reduce((a: number[], p: number[]) => [a[0] + p[0] / ring.length, a[1] + p[1] / ring.length], [0, 0]);
          const p = map.project(c);
          return { h3: f.properties.h3, score: f.properties.score, boost: f.properties.boost, x: p.x + rect.left, y: p.y + rect.top, px: p };
        })
        .filter((h: any) => h.px.x > 10 && h.px.y > 10 && h.px.x < rect.width - 10 && h.px.y < rect.height - 10)
        .filter((h: any) => spots.every((s: any) => Math.hypot(s.x - h.px.x, s.y - h.px.y) > clear))
        // nor under a place label
        .filter((h: any) => map.queryRenderedFeatures([[h.px.x - 8, h.px.y - 8], [h.px.x + 8, h.px.y + 8]], { layers: ["places", "hex-boost-label"] }).length === 0)
        .map(({ h3, score, boost, x, y }: any) => ({ h3, score, boost, x, y }));
    }, clear) as Promise<{ h3: string; score: number; boost: number; x: number; y: number }[]>;
  }

  /** A hotspot of the wanted kind, on screen and at least `clear` px from every other marker. */
  function isolatedHotspot(page: Page, keys: string[], clear: number) {
    return page.evaluate(
      ({ keys, clear }) => {
        const { map } = window.hexpin;
        const rect = map.getCanvas().getBoundingClientRect();
        const all = window.hexpin.state.hotspots.features.map((f: any) => ({ key: f.properties.key, p: map.project(f.geometry.coordinates) }));
        const wanted = new Set(keys);
        const hit = all.find(
          (a: any) =>
            wanted.has(a.key) &&
            a.p.x > 30 && a.p.y > 30 && a.p.x < rect.width - 30 && a.p.y < rect.height - 30 &&
            all.every((b: any) => b === a || Math.hypot(a.p.x - b.p.x, a.p.y - b.p.y) > clear),
        );
        return hit ? { key: hit.key as string, x: hit.p.x + rect.left, y: hit.p.y + rect.top } : null;
      },
      { keys, clear },
    );
  }

  const luminance = ([r, g, b]: Rgb) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
  const LAND: Rgb = [0xee, 0xf0, 0xf2];
  const WATER: Rgb = [0xc4, 0xd7, 0xe6];
  const amount = (text: string) => Number(text.replace(/,/g, ""));

  /** Hotspots paid in epoch 2 that claimed epoch 1's root, so every detail field is non-trivial. */
  const claimedEarners = () => [...world.claimed].filter(([key, c]) => c > 0n && (world.results[1].perEpochRewards.get(key)?.total ?? 0n) > 0n).map(([k]) => k);

  describe("on a laptop", () => {
    let opened: OpenedPage;
    before(async () => {
      opened = await open({ viewport: { width: 1280, height: 760 } });
    });
    after(() => opened?.page.close());

    it("loads with no console errors and draws the latest epoch's hexes, coloured by score", async () => {
      const { page, problems } = opened;
      assert.equal(await page.evaluate(() => document.body.dataset.state), "ready");
      assert.equal(await page.evaluate(() => window.hexpin.state.epoch), 2);
      // what the GPU drew, by feature: (nearly) every hex of the epoch is on screen after the fit
      const api = (await app.inject({ method: "GET", url: "/v1/coverage?epoch=2" })).json();
      const rendered: string[] = await page.evaluate(() => [...new Set(window.hexpin.map.queryRenderedFeatures({ layers: ["hex-fill"] }).map((f: any) => f.properties.h3))] as string[]);
      const known = new Set(api.features.map((f: { properties: { h3: string } }) => f.properties.h3));
      assert.ok(rendered.length >= 0.9 * api.features.length, `${rendered.length} of ${api.features.length} hexes rendered`);
      assert.ok(rendered.every((h) => known.has(h)));
      const spots: number = await page.evaluate(() => window.hexpin.map.queryRenderedFeatures({ layers: ["hotspots"] }).length);
      assert.ok(spots >= 250, `${spots} hotspot markers rendered`);

      // and by pixel: hex centres are tinted away from the basemap, darker where the score is higher
      const hexes = (await hexesOnScreen(page, 14)).filter((h) => h.boost === 1);
      const low = hexes.filter((h) => h.score > 0 && h.score <= 1).slice(0, 4);
      const high = hexes.filter((h) => h.score >= 6).slice(0, 4);
      assert.ok(low.length >= 2 && high.length >= 2, `found ${low.length} low and ${high.length} high hexes clear of markers`);
      const colours = await pixels(page, [...low, ...high]);
      for (const c of colours) assert.ok(distance(c, LAND) > 25 && distance(c, WATER) > 25, `pixel ${c} looks like bare basemap`);
      const lowL = colours.slice(0, low.length).map(luminance);
      const highL = colours.slice(low.length).map(luminance);
      assert.ok(Math.min(...lowL) > Math.max(...highL) + 20, `low-score luminance ${lowL} should exceed high-score ${highL}`);
      await page.screenshot({ path: join(SHOTS, "map-desktop.png") });
      assert.deepEqual(problems, []);
    });

    it("shows a hex's score on hover", async () => {
      const { page, problems } = opened;
      const [hex] = (await hexesOnScreen(page, 20)).filter((h) => h.score >= 2);
      await page.mouse.move(hex.x, hex.y);
      const tip = page.locator(".maplibregl-popup-content");
      await tip.waitFor({ timeout: 10_000 });
      assert.match(await tip.innerText(), new RegExp(`^${hex.score} coverage points`));
      await page.mouse.move(5, 400);
      assert.deepEqual(problems, []);
    });

    it("shows a hotspot's owner, rewards per epoch and claims when it is clicked", async () => {
      const { page, problems } = opened;
      const spot = await isolatedHotspot(page, claimedEarners(), 14);
      assert.ok(spot, "a claimed, rewarded hotspot clear of others on screen");
      await page.mouse.click(spot.x, spot.y);
      await page.waitForSelector("#detail:not([hidden])", { timeout: 10_000 });
      await checkDetail(page, spot.key, ["2", "1"]);
      assert.match(page.url(), new RegExp(`hotspot=${spot.key}`));
      await page.screenshot({ path: join(SHOTS, "map-desktop-detail.png") });
      await page.keyboard.press("Escape");
      assert.ok(await page.isHidden("#detail"));
      assert.deepEqual(problems, []);
    });

    it("switches epochs from the timeline and the arrows", async () => {
      const { page, problems } = opened;
      await page.click('.bar[data-epoch="1"]');
      await page.waitForFunction(() => window.hexpin.state.epoch === 1 && document.body.dataset.state === "ready", null, { timeout: 60_000 });
      assert.equal(await page.inputValue("#epoch-select"), "1");
      assert.match(await page.innerText("#epoch-stats"), /active/);
      assert.match(page.url(), /#epoch=1$/);
      assert.equal(await page.getAttribute('.bar[data-epoch="1"]', "aria-current"), "true");
      assert.ok(await page.isDisabled("#epoch-prev"));
      const hexes = await page.evaluate(() => window.hexpin.state.coverage.epoch);
      assert.equal(hexes, 1);
      await page.click("#epoch-next");
      await page.waitForFunction(() => window.hexpin.state.epoch === 2 && document.body.dataset.state === "ready", null, { timeout: 60_000 });
      assert.match(await page.innerText("#epoch-stats"), /voted/);
      assert.deepEqual(problems, []);
    });
  });

  it("fits a phone: a shared link opens its hotspot in a bottom sheet; legend folded; a tap opens another", async () => {
    const viewport = { width: 390, height: 844 };
    const [linked, tapped] = claimedEarners();
    const { page, problems } = await open({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, `#epoch=1&hotspot=${linked}`);
    try {
      assert.equal(await page.evaluate(() => window.hexpin.state.epoch), 1);
      await page.waitForSelector("#detail:not([hidden])", { timeout: 10_000 });
      await checkDetail(page, linked, ["2", "1"]);
      const box = (await page.locator("#detail").boundingBox())!;
      assert.equal(Math.round(box.width), viewport.width);
      assert.equal(Math.round(box.y + box.height), viewport.height);
      assert.equal(await page.getAttribute("#legend", "data-collapsed"), "true");
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      await page.screenshot({ path: join(SHOTS, "map-phone-detail.png") });
      await page.click("#detail-close");
      await page.screenshot({ path: join(SHOTS, "map-phone.png") });

      // zoom in on another hotspot as a person would, then tap it
      await page.evaluate((key) => {
        const f = window.hexpin.state.hotspots.features.find((x: any) => x.properties.key === key);
        window.hexpin.map.jumpTo({ center: f.geometry.coordinates, zoom: 16 });
      }, tapped);
      await page.waitForFunction(() => window.hexpin.map.loaded() && !window.hexpin.map.isMoving(), null, { timeout: 30_000 });
      const spot = await isolatedHotspot(page, [tapped], 16);
      assert.ok(spot, "the hotspot is tappable once zoomed in");
      await page.touchscreen.tap(spot.x, spot.y);
      await page.waitForFunction((key) => !document.getElementById("detail")!.hidden && document.getElementById("detail")!.innerText.includes(key), tapped, { timeout: 10_000 });
      await checkDetail(page, tapped, ["2", "1"]);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it("asks for the area on screen when an epoch has more than one response carries", async () => {
    const small = Fastify();
    await small.register(mapRoutes, { provider: world.store, maxFeatures: 150 });
    const smallBase = await small.listen({ host: "127.0.0.1", port: 0 });
    const asked: string[] = [];
    const { page, problems } = await open({ viewport: { width: 800, height: 600 } }, "", smallBase, (p) =>
      p.on("request", (r) => {
        if (r.url().includes("/v1/coverage")) asked.push(new URL(r.url()).searchParams.get("bbox") ?? "");
      }),
    );
    try {
      assert.ok(await page.evaluate(() => window.hexpin.state.byView));
      assert.equal(asked[0], "", "first the whole epoch");
      assert.ok(asked.length >= 2 && asked.at(-1) !== "", "then the area on screen");
      // zoomed in on the city's centre, everything in view arrives whole
      await page.evaluate(() => window.hexpin.map.jumpTo({ center: [-122.44, 37.76], zoom: 14 }));
      await page.waitForFunction((n) => document.body.dataset.state === "ready" && window.hexpin.state.coverage.truncated === false, asked.length, { timeout: 60_000 });
      const [w, s, e, n] = asked.at(-1)!.split(",").map(Number);
      assert.ok(w < -122.44 && e > -122.44 && s < 37.76 && n > 37.76 && e - w < 0.2, `bbox ${asked.at(-1)}`);
      const rendered: number = await page.evaluate(() => window.hexpin.map.queryRenderedFeatures({ layers: ["hex-fill"] }).length);
      assert.ok(rendered > 0);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await small.close();
    }
  });

  it("tells a link's unknown hotspot once, and keeps the map usable", async () => {
    const { page, problems } = await open({ viewport: { width: 800, height: 600 } }, "#hotspot=11111111111111111111111111111111");
    try {
      await page.waitForSelector("#toast:not([hidden])");
      assert.match(await page.innerText("#toast"), /no epoch lists hotspot/);
      assert.ok(await page.isHidden("#detail"));
      assert.doesNotMatch(page.url(), /hotspot=/);
      assert.deepEqual(
        problems.filter((p) => !p.includes("/v1/hotspots/1111") && !/status of 404/.test(p)), // the 404 itself is the expected answer
        [],
      );
    } finally {
      await page.close();
    }
  });

  it("says so, without errors, before the first epoch is computed", async () => {
    const empty = Fastify();
    await empty.register(mapRoutes, { provider: new MapEpochStore(6) });
    const emptyBase = await empty.listen({ host: "127.0.0.1", port: 0 });
    const { page, problems } = await open({ viewport: { width: 800, height: 600 } }, "", emptyBase);
    try {
      assert.equal(await page.evaluate(() => document.body.dataset.state), "empty");
      assert.match(await page.innerText("#toast"), /No epoch has been computed yet/);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await empty.close();
    }
  });

  it("follows a live network: a new epoch joins the timeline and the map moves on to it", async () => {
    const live = new MapEpochStore(6);
    live.addComputedEpoch(world.inputs[0], world.results[0]);
    const server = Fastify();
    await server.register(mapRoutes, { provider: live, refreshMs: 300 });
    const liveBase = await server.listen({ host: "127.0.0.1", port: 0 });
    const { page, problems } = await open({ viewport: { width: 800, height: 600 } }, "", liveBase);
    try {
      assert.equal(await page.evaluate(() => window.hexpin.state.epoch), 1);
      assert.equal(await page.locator("#timeline-bars .bar").count(), 1);
      live.setChainState(1, { status: "active", rootActive: true });
      live.addComputedEpoch(world.inputs[1], world.results[1]);
      await page.waitForFunction(() => window.hexpin.state.epoch === 2 && document.body.dataset.state === "ready", null, { timeout: 60_000 });
      assert.equal(await page.locator("#timeline-bars .bar").count(), 2);
      assert.equal(await page.locator('.bar[data-epoch="1"] .root.active').count(), 1);
      assert.match(await page.inputValue("#epoch-select"), /^2$/);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await server.close();
    }
  });

  /** The detail panel shows what the API says about the hotspot, to the hundredth of a token. */
  async function checkDetail(page: Page, key: string, epochs: string[]): Promise<void> {
    const detail = (await app.inject({ method: "GET", url: `/v1/hotspots/${key}` })).json();
    assert.ok((await page.innerText("#detail")).includes(key), "full key shown");
    assert.equal(await page.innerText('[data-field="owner"]'), detail.owner);
    const rows = await page.$$eval('[data-field="rewards"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
    assert.deepEqual(
      rows.map((r) => r[0]),
      epochs,
    );
    [...detail.rewards].reverse().forEach((r: { total: string }, i: number) => assert.ok(Math.abs(amount(rows[i][4]) - Number(r.total) / 1e6) < 0.01, `row ${i}: ${rows[i][4]} vs ${r.total}`));
    for (const field of ["cumulative", "claimed", "unclaimed"]) {
      const shown = amount(await page.innerText(`[data-field="${field}"]`));
      assert.ok(Math.abs(shown - Number(detail[field]) / 1e6) < 0.01, `${field}: ${shown} vs ${detail[field]}`);
    }
    assert.ok(Number(detail.claimed) > 0 && Number(detail.unclaimed) > 0);
  }
});
