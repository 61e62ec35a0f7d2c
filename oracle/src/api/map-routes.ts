// A mountable Fastify plugin for the coverage map: the page and its assets
// under `/map/`, and (unless `api: false`) its four data routes under `/v1`,
// answered by a MapDataProvider.
//
//   app.register(mapRoutes, { provider })                  // page + API
//   app.register(mapRoutes, { provider, api: false })      // page only; the service serves /v1 itself
//
// Assets come from three places, all on this machine: the page's own files
// (oracle/src/api/map-page), MapLibre GL JS from node_modules, and the basemap
// built at setup into target/map/basemap (see map-page/basemap.ts). Only
// listed file names are served, so no request can reach another path.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MapQueryError, parseBBox, parseEpoch, parseHotspotKey } from "./map-data";
import type { MapDataProvider, MapQuery } from "./map-store";
import { BASEMAP_FILES, DEFAULT_MAP_ASSETS_DIR } from "./map-page/basemap";

export interface MapRoutesOptions {
  provider: MapDataProvider;
  /** where the page is served (default "/map"; the page itself is at "/map/"). */
  pagePath?: string;
  /** register GET /v1/coverage, /v1/hotspots, /v1/hotspots/:key and /v1/epochs (default true). */
  api?: boolean;
  /** prefix of the data routes, and where the page fetches them (default "/v1"). */
  apiPrefix?: string;
  /** directory holding basemap/ (default target/map at the repository root). */
  assetsDir?: string;
  /** most hexes or hotspots one response carries (default 50,000); past it the collection is `truncated`. */
  maxFeatures?: number;
  /** how often the page polls /v1/epochs for new epochs, roots and claims, ms (default 15,000; 0 = never). */
  refreshMs?: number;
}

interface Asset {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  cache: string;
}

const PAGE_DIR = join(__dirname, "map-page");
const PAGE_FILES: Record<string, string> = { "app.js": "text/javascript; charset=utf-8", "map.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml" };
const VENDOR_FILES: Record<string, string> = {
  "maplibre-gl.mjs": "text/javascript; charset=utf-8",
  "maplibre-gl-shared.mjs": "text/javascript; charset=utf-8",
  "maplibre-gl-worker.mjs": "text/javascript; charset=utf-8",
  "maplibre-gl.css": "text/css; charset=utf-8",
};
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join("; ");

function vendorDir(): string {
  return join(dirname(require.resolve("maplibre-gl/package.json")), "dist");
}

function asset(body: Buffer, type: string, cache: string): Asset {
  // compress text worth compressing once, when first served
  return { body, gzipped: body.length > 1024 ? gzipSync(body, { level: 6 }) : null, type, cache };
}

function send(req: FastifyRequest, reply: FastifyReply, a: Asset): FastifyReply {
  reply.header("content-type", a.type).header("cache-control", a.cache).header("x-content-type-options", "nosniff").header("vary", "accept-encoding");
  const accepts = String(req.headers["accept-encoding"] ?? "");
  if (a.gzipped && /\bgzip\b/.test(accepts)) return reply.header("content-encoding", "gzip").send(a.gzipped);
  return reply.send(a.body);
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The oracle service's one error shape: `{ error: { code, message } }`, status from the code. */
function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header("cache-control", "no-store").send({ error: { code, message } });
}

type Query = { bbox?: string; epoch?: string };

function mapQuery(q: Query, limit: number): MapQuery {
  return {
    epoch: q.epoch === undefined ? undefined : parseEpoch(q.epoch),
    bbox: q.bbox === undefined ? undefined : parseBBox(q.bbox),
    limit,
  };
}

const GEOJSON = "application/geo+json; charset=utf-8";

const querySchema = {
  type: "object",
  properties: {
    bbox: { type: "string", maxLength: 200, description: "west,south,east,north in degrees" },
    epoch: { type: "string", maxLength: 15, description: "epoch number (default: the latest)" },
  },
  additionalProperties: false,
} as const;

export async function mapRoutes(app: FastifyInstance, opts: MapRoutesOptions): Promise<void> {
  const pagePath = (opts.pagePath ?? "/map").replace(/\/+$/, "");
  const apiPrefix = (opts.apiPrefix ?? "/v1").replace(/\/+$/, "");
  const assetsDir = opts.assetsDir ?? DEFAULT_MAP_ASSETS_DIR;
  const maxFeatures = opts.maxFeatures ?? 50_000;
  if (!Number.isSafeInteger(maxFeatures) || maxFeatures < 1) throw new RangeError("maxFeatures must be a positive integer");
  const refreshMs = opts.refreshMs ?? 15_000;
  if (!Number.isSafeInteger(refreshMs) || refreshMs < 0) throw new RangeError("refreshMs must be a non-negative integer");
  const provider = opts.provider;
  const cache = new Map<string, Asset>();

  const cached = (id: string, load: () => Asset): Asset => {
    let a = cache.get(id);
    if (!a) {
      a = load();
      cache.set(id, a);
    }
    return a;
  };

  // ----- the page -----
  app.get(`${pagePath}/`, async (req, reply) => {
    const page = cached("index.html", () => {
      const html = readFileSync(join(PAGE_DIR, "index.html"), "utf8")
        .replace("{{API_BASE}}", escapeAttribute(apiPrefix))
        .replace("{{PAGE_BASE}}", escapeAttribute(`${pagePath}/`))
        .replace("{{REFRESH_MS}}", String(refreshMs));
      return asset(Buffer.from(html), "text/html; charset=utf-8", "no-cache");
    });
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY).header("referrer-policy", "no-referrer");
    return send(req, reply, page);
  });

  try {
    app.get(pagePath, async (_req, reply) => reply.redirect(`${pagePath}/`, 302));
  } catch {
    // the server ignores trailing slashes, so /map already is /map/ (the page's <base> keeps its links right)
  }

  app.get<{ Params: { file: string } }>(`${pagePath}/:file`, async (req, reply) => {
    const type = PAGE_FILES[req.params.file];
    if (!type) return refuse(reply, 404, "not_found", `no page file ${req.params.file}`);
    return send(req, reply, cached(`page/${req.params.file}`, () => asset(readFileSync(join(PAGE_DIR, req.params.file)), type, "no-cache")));
  });

  app.get<{ Params: { file: string } }>(`${pagePath}/vendor/:file`, async (req, reply) => {
    const type = VENDOR_FILES[req.params.file];
    if (!type) return refuse(reply, 404, "not_found", `no vendor file ${req.params.file}`);
    return send(req, reply, cached(`vendor/${req.params.file}`, () => asset(readFileSync(join(vendorDir(), req.params.file)), type, "public, max-age=86400")));
  });

  app.get<{ Params: { file: string } }>(`${pagePath}/basemap/:file`, async (req, reply) => {
    const name = req.params.file;
    if (!(BASEMAP_FILES as readonly string[]).includes(name)) return refuse(reply, 404, "not_found", `no basemap file ${name}`);
    const path = join(assetsDir, "basemap", name);
    if (!cache.has(`basemap/${name}`) && !existsSync(path)) {
      return refuse(reply, 503, "basemap_not_built", `the basemap is not built in ${assetsDir}: run \`npm run build:map\``);
    }
    return send(req, reply, cached(`basemap/${name}`, () => asset(readFileSync(path), "application/geo+json", "public, max-age=3600")));
  });

  if (opts.api === false) return;

  // GeoJSON compresses ~8:1; gzip large answers unless something (e.g. @fastify/compress) already did
  const compressLarge = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (typeof payload !== "string" || payload.length < 16 * 1024 || reply.getHeader("content-encoding")) return payload;
    if (!/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) return payload;
    reply.header("content-encoding", "gzip").header("vary", "accept-encoding").removeHeader("content-length");
    return gzipSync(payload, { level: 5 });
  };

  // ----- the data -----
  const answer = async <T>(reply: FastifyReply, work: () => Promise<T>, type = "application/json; charset=utf-8"): Promise<T | FastifyReply> => {
    try {
      const body = await work();
      reply.header("content-type", type).header("cache-control", "no-cache");
      return body;
    } catch (e) {
      if (e instanceof MapQueryError) return refuse(reply, e.status, e.code, e.message);
      throw e;
    }
  };

  app.get<{ Querystring: Query }>(`${apiPrefix}/coverage`, { schema: { querystring: querySchema }, onSend: compressLarge }, async (req, reply) => {
    return answer(reply, () => provider.coverage(mapQuery(req.query, maxFeatures)), GEOJSON);
  });

  app.get<{ Querystring: Query }>(`${apiPrefix}/hotspots`, { schema: { querystring: querySchema }, onSend: compressLarge }, async (req, reply) => {
    return answer(reply, () => provider.hotspots(mapQuery(req.query, maxFeatures)), GEOJSON);
  });

  app.get<{ Params: { key: string } }>(`${apiPrefix}/hotspots/:key`, async (req, reply) => answer(reply, () => provider.hotspot(parseHotspotKey(req.params.key))));

  app.get(`${apiPrefix}/epochs`, async (_req, reply) => answer(reply, () => provider.epochs()));
}
