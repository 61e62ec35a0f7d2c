// The map plugin as the service mounts it, over HTTP (Fastify's inject): data
// routes answer the shapes of map-data.ts or a typed error, assets come only from
// their lists, and the page is told where the API lives.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Fastify, { FastifyInstance } from "fastify";
import { mapRoutes } from "../../oracle/src/api/map-routes";
import { buildBasemap } from "../../oracle/src/api/map-page/basemap";
import { MapEpochStore } from "../../oracle/src/api/map-store";
import { MapWorld, sharedMapWorld } from "./map-world";

// below the simulated epoch's scored hexes (≈360 with measured coverage), so the cut shows
const MAX_FEATURES = 250;

describe("map routes (Fastify plugin)", function () {
  this.timeout(120_000);
  let world: MapWorld;
  let app: FastifyInstance;

  before(async () => {
    world = sharedMapWorld();
    buildBasemap({ log: () => {} });
    app = Fastify();
    await app.register(mapRoutes, { provider: world.store, maxFeatures: MAX_FEATURES });
    await app.ready();
  });
  after(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });

  it("serves the epoch timeline", async () => {
    const res = await get("/v1/epochs");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const body = res.json();
    assert.equal(body.latest, 2);
    assert.equal(body.decimals, 6);
    assert.deepEqual(
      body.epochs.map((e: { epoch: number; status: string }) => [e.epoch, e.status]),
      [
        [1, "active"],
        [2, "voted"],
      ],
    );
  });

  it("serves the latest epoch's coverage as GeoJSON, cut at maxFeatures", async () => {
    const res = await get("/v1/coverage");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^application\/geo\+json/);
    const body = res.json();
    assert.equal(body.type, "FeatureCollection");
    assert.equal(body.epoch, 2);
    assert.equal(body.features.length, MAX_FEATURES);
    assert.equal(body.truncated, true);
  });

  it("filters coverage and hotspots by epoch and bbox", async () => {
    const bbox = "-122.47,37.74,-122.42,37.78";
    const cov = (await get(`/v1/coverage?epoch=1&bbox=${bbox}`)).json();
    assert.equal(cov.epoch, 1);
    assert.ok(cov.features.length > 0 && cov.features.length < MAX_FEATURES);
    assert.equal(cov.truncated, false);
    const spots = (await get(`/v1/hotspots?epoch=1&bbox=${bbox}`)).json();
    assert.ok(spots.features.length > 0);
    for (const f of spots.features) {
      const [lng, lat] = f.geometry.coordinates;
      assert.ok(lng >= -122.47 && lng <= -122.42 && lat >= 37.74 && lat <= 37.78);
    }
  });

  it("serves one hotspot's detail", async () => {
    const [key] = [...world.claimed].find(([, c]) => c > 0n)!;
    const res = await get(`/v1/hotspots/${key}`);
    assert.equal(res.statusCode, 200);
    const d = res.json();
    assert.equal(d.key, key);
    assert.equal(d.rewards.length, 2);
    assert.equal(d.claimed, world.claimed.get(key)!.toString());
  });

  it("answers bad queries with typed 400s and unknown things with 404s", async () => {
    const cases: [string, number, string][] = [
      ["/v1/coverage?bbox=1,2,3", 400, "invalid_bbox"],
      ["/v1/coverage?bbox=0,10,1,5", 400, "invalid_bbox"],
      ["/v1/hotspots?bbox=a,b,c,d", 400, "invalid_bbox"],
      ["/v1/coverage?epoch=-1", 400, "invalid_epoch"],
      ["/v1/hotspots?epoch=1.5", 400, "invalid_epoch"],
      ["/v1/coverage?epoch=99", 404, "unknown_epoch"],
      ["/v1/hotspots/not-a-key", 400, "invalid_hotspot_key"],
      ["/v1/hotspots/11111111111111111111111111111111", 404, "unknown_hotspot"],
    ];
    for (const [url, status, code] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, status, url);
      const { error } = res.json();
      assert.equal(error.code, code, url);
      assert.ok(typeof error.message === "string" && error.message.length > 0);
    }
    // Fastify's own schema check: an oversized parameter never reaches the parser
    const long = await get(`/v1/coverage?bbox=${"1".repeat(500)}`);
    assert.equal(long.statusCode, 400);
  });

  it("serves the page with the API base, a content security policy and its assets", async () => {
    const redirect = await get("/map");
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers.location, "/map/");
    const page = await get("/map/");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<meta name="hexpin-api" content="\/v1">/);
    assert.match(page.body, /<base href="\/map\/">/);
    assert.match(String(page.headers["content-security-policy"]), /default-src 'self'/);
    for (const [url, type] of [
      ["/map/app.js", /javascript/],
      ["/map/map.css", /css/],
      ["/map/vendor/maplibre-gl.mjs", /javascript/],
      ["/map/vendor/maplibre-gl-worker.mjs", /javascript/],
      ["/map/basemap/water-detail.json", /geo\+json/],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers["content-type"]), type, url);
    }
  });

  it("compresses large assets for clients that accept gzip", async () => {
    const plain = await get("/map/basemap/water-world.json");
    const zipped = await get("/map/basemap/water-world.json", { "accept-encoding": "gzip, br" });
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
    assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
    assert.equal(JSON.parse(plain.body).type, "FeatureCollection");
  });

  it("gzips large GeoJSON answers for clients that accept it", async () => {
    const plain = await get("/v1/coverage?epoch=1");
    const zipped = await get("/v1/coverage?epoch=1", { "accept-encoding": "gzip" });
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.deepEqual(JSON.parse(gunzipSync(zipped.rawPayload).toString()), plain.json());
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 4);
    // small answers stay plain
    assert.equal((await get("/v1/epochs", { "accept-encoding": "gzip" })).headers["content-encoding"], undefined);
  });

  it("serves no file outside its lists, whatever the path", async () => {
    for (const url of [
      "/map/index.ts",
      "/map/..%2f..%2f..%2fpackage.json",
      "/map/vendor/..%2fpackage.json",
      "/map/vendor/maplibre-gl.d.ts",
      "/map/basemap/stamp",
      "/map/basemap/..%2f..%2f..%2fpackage.json",
      "/map/%2e%2e/%2e%2e/package.json",
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /"workspaces"/, url);
    }
  });

  it("mounts on a server that ignores trailing slashes, and under another path", async () => {
    const other = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    await other.register(mapRoutes, { provider: world.store, pagePath: "/coverage-map", apiPrefix: "/api/v2" });
    try {
      const page = await other.inject({ method: "GET", url: "/coverage-map" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<base href="\/coverage-map\/">/);
      assert.match(page.body, /<meta name="hexpin-api" content="\/api\/v2">/);
      assert.equal((await other.inject({ method: "GET", url: "/coverage-map/app.js" })).statusCode, 200);
      assert.equal((await other.inject({ method: "GET", url: "/api/v2/epochs" })).json().latest, 2);
    } finally {
      await other.close();
    }
  });

  it("answers before the first epoch: an empty timeline and a clear 404", async () => {
    const empty = Fastify();
    await empty.register(mapRoutes, { provider: new MapEpochStore(6) });
    try {
      const timeline = (await empty.inject({ method: "GET", url: "/v1/epochs" })).json();
      assert.deepEqual(timeline, { decimals: 6, latest: null, epochs: [] });
      const res = await empty.inject({ method: "GET", url: "/v1/coverage" });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, "unknown_epoch");
      assert.match(res.json().error.message, /no epoch has been computed yet/);
    } finally {
      await empty.close();
    }
  });

  it("says how to build a missing basemap instead of failing obscurely", async () => {
    const empty = mkdtempSync(join(tmpdir(), "hexpin-map-"));
    const bare = Fastify();
    await bare.register(mapRoutes, { provider: world.store, assetsDir: empty, api: false });
    try {
      const res = await bare.inject({ method: "GET", url: "/map/basemap/places.json" });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().error.code, "basemap_not_built");
      assert.match(res.json().error.message, /npm run build:map/);
      // api: false leaves /v1 to the service
      assert.equal((await bare.inject({ method: "GET", url: "/v1/epochs" })).statusCode, 404);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
