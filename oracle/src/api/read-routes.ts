// Read-only routes: entropy, epochs and their bundles and PoC states, reward proofs, coverage.

import { createReadStream, readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { MerkleTree, rewardId } from "@hexpin/sdk";
import type { CoverageFeature, CoverageMap } from "../score/coverage-map";
import { latestEntropy } from "../store/entropy";
import { cumulativeOf, EpochRow, getEpoch, listEpochs, nextStateDigestOf, rewardsOfHotspot } from "../store/epochs";
import type { ArtifactKind } from "../store/artifacts";
import type { ApiContext } from "./context";
import { ApiError } from "./errors";
import { CoverageQuery, DigestParams, EpochListQuery, EpochParams, HotspotParams } from "./schemas";

function epochSummary(r: EpochRow) {
  return {
    epoch: Number(r.epoch),
    state: r.state,
    startMs: Number(r.start_ms),
    endMs: Number(r.end_ms),
    reports: r.report_count === null ? null : Number(r.report_count),
    emission: r.emission,
    inputDigest: r.input_digest,
    merkleRoot: r.merkle_root,
    totalCumulative: r.total_cumulative,
    paid: r.paid,
    unallocated: r.unallocated,
    bundleUrl: r.input_digest ? `/v1/bundles/${r.input_digest}` : null,
    disputeReason: r.dispute_reason,
  };
}

/** Small LRU of parsed per-epoch data (trees, coverage maps), keyed by digest. */
class DigestCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => T | Promise<T>): T | Promise<T> {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    const store = (x: T) => {
      this.map.set(key, x);
      while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
      return x;
    };
    return v instanceof Promise ? v.then(store) : store(v);
  }
}

function parseBbox(text: string): [number, number, number, number] {
  const b = text.split(",").map(Number) as [number, number, number, number];
  const [minLng, minLat, maxLng, maxLat] = b;
  if (b.some((x) => !Number.isFinite(x)) || minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90 || minLng > maxLng || minLat > maxLat) {
    throw new ApiError(400, "bad_bbox", "bbox must be minLng,minLat,maxLng,maxLat with -180 ≤ lng ≤ 180, -90 ≤ lat ≤ 90, min ≤ max");
  }
  return b;
}

function intersects(f: CoverageFeature, [minLng, minLat, maxLng, maxLat]: number[]): boolean {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const [lng, lat] of f.geometry.coordinates[0]) {
    if (lng < a) a = lng;
    if (lat < b) b = lat;
    if (lng > c) c = lng;
    if (lat > d) d = lat;
  }
  return a <= maxLng && c >= minLng && b <= maxLat && d >= minLat;
}

export function readRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const trees = new DigestCache<MerkleTree>(2);
  const coverage = new DigestCache<CoverageMap>(2);

  app.get("/v1/entropy", { schema: { summary: "The entropy devices must quote in beacons now", tags: ["devices"], response: { 200: { $ref: "Entropy#" }, 503: { $ref: "Error#" } } } }, async () => {
    const e = await latestEntropy(ctx.db);
    if (!e) throw new ApiError(503, "no_entropy", "no entropy has been published yet");
    return { id: e.id, valueHex: Buffer.from(e.value).toString("hex"), publishedAtMs: e.publishedAtMs };
  });

  app.get(
    "/v1/epochs",
    { schema: { summary: "Epochs, newest first", tags: ["epochs"], querystring: EpochListQuery, response: { 200: { type: "object", properties: { epochs: { type: "array", items: { $ref: "EpochSummary#" } } } } } } },
    async (req) => {
      const q = req.query as EpochListQuery;
      return { epochs: (await listEpochs(ctx.db, { limit: q.limit, before: q.before })).map(epochSummary) };
    },
  );

  app.get(
    "/v1/epochs/:n",
    { schema: { summary: "One epoch: state, root, digest, votes seen on chain", tags: ["epochs"], params: EpochParams, response: { 200: { $ref: "EpochDetail#" }, 404: { $ref: "Error#" } } } },
    async (req) => {
      const n = (req.params as EpochParams).n;
      const r = await getEpoch(ctx.db, n);
      if (!r) throw new ApiError(404, "unknown_epoch", `epoch ${n} is unknown to this oracle`);
      return { ...epochSummary(r), voteSignature: r.vote_signature, chain: r.chain_status ? JSON.parse(r.chain_status) : null, result: r.summary ? JSON.parse(r.summary) : null };
    },
  );

  app.get(
    "/v1/epochs/:n/bundle",
    { schema: { summary: "Redirects to the epoch's canonical input bundle", tags: ["epochs"], params: EpochParams, response: { 302: { type: "null" }, 404: { $ref: "Error#" } } } },
    async (req, reply) => {
      const n = (req.params as EpochParams).n;
      const r = await getEpoch(ctx.db, n);
      if (!r?.input_digest) throw new ApiError(404, "bundle_not_ready", `epoch ${n} has no bundle yet (state ${r?.state ?? "unknown"})`);
      return reply.redirect(`/v1/bundles/${r.input_digest}`, 302);
    },
  );

  app.get(
    "/v1/epochs/:n/state",
    {
      schema: {
        summary: "Redirects to the PoC state the epoch produced: the next epoch's previous state (its bundle names its digest)",
        tags: ["epochs"],
        params: EpochParams,
        response: { 302: { type: "null" }, 404: { $ref: "Error#" } },
      },
    },
    async (req, reply) => {
      const n = (req.params as EpochParams).n;
      const r = await getEpoch(ctx.db, n);
      const digest = r?.input_digest ? nextStateDigestOf(r) : null;
      if (!digest) throw new ApiError(404, "state_not_ready", `epoch ${n} has produced no PoC state yet (state ${r?.state ?? "unknown"})`);
      return reply.redirect(`/v1/states/${digest}`, 302);
    },
  );

  const immutableFile = (kind: ArtifactKind, what: string, code: string) => async (req: { params: unknown; headers: Record<string, unknown> }, reply: import("fastify").FastifyReply) => {
    const { digest } = req.params as DigestParams;
    if (!ctx.artifacts.has(kind, digest)) throw new ApiError(404, code, `no ${what} with digest ${digest}`);
    if (req.headers["if-none-match"] === `"${digest}"`) return reply.code(304).send();
    reply.header("content-type", "application/octet-stream");
    reply.header("etag", `"${digest}"`);
    reply.header("cache-control", "public, max-age=31536000, immutable");
    return reply.send(createReadStream(ctx.artifacts.path(kind, digest)));
  };
  const immutableSchema = (summary: string) => ({
    schema: {
      summary,
      description: "Immutable: the body's sha256 is the digest in the URL (ETag).",
      tags: ["epochs"],
      params: DigestParams,
      produces: ["application/octet-stream"],
      response: { 200: { type: "string", format: "binary" }, 304: { type: "null" }, 404: { $ref: "Error#" } },
    },
  });
  app.get("/v1/bundles/:digest", immutableSchema("A canonical epoch bundle, addressed by its sha256"), immutableFile("bundles", "bundle", "unknown_bundle"));
  app.get("/v1/states/:digest", immutableSchema("A PoC state file (oracle/src/state), addressed by its sha256"), immutableFile("states", "PoC state", "unknown_state"));

  app.get(
    "/v1/rewards/:hotspot",
    {
      schema: {
        summary: "Cumulative amount and Merkle proof against the latest active root: claim_rewards' arguments",
        tags: ["rewards"],
        params: HotspotParams,
        response: { 200: { $ref: "RewardProof#" }, 404: { $ref: "Error#" } },
      },
    },
    async (req) => {
      const { hotspot } = req.params as HotspotParams;
      const served = await ctx.db.selectFrom("epochs").selectAll().where("state", "=", "served").orderBy("epoch", "desc").limit(1).executeTakeFirst();
      if (!served) throw new ApiError(404, "no_active_root", "no epoch root is active yet");
      const epoch = Number(served.epoch);
      const rows = await rewardsOfHotspot(ctx.db, epoch, hotspot);
      if (rows.length === 0) throw new ApiError(404, "no_rewards", `hotspot ${hotspot} has no rewards under the root of epoch ${epoch}`);
      // One row per life of the hotspot; the current life is the registry's serial.
      const current = ctx.hotspot(hotspot);
      const row = current ? rows.find((r) => r.reward_id === rewardId(hotspot, current.serial)) : undefined;
      if (!row) throw new ApiError(404, "no_rewards", `hotspot ${hotspot}'s current life has no rewards under the root of epoch ${epoch}`);
      const tree = await trees.get(served.input_digest!, async () => MerkleTree.fromRewards(await cumulativeOf(ctx.db, epoch)));
      return {
        hotspot,
        rewardId: row.reward_id,
        epoch,
        merkleRoot: served.merkle_root!,
        inputDigest: served.input_digest!,
        cumulative: row.cumulative,
        proof: tree.proofForReward(row.reward_id).map((p) => p.toString("hex")),
      };
    },
  );

  app.get(
    "/v1/coverage",
    {
      schema: {
        summary: "Scored H3 hexes inside a bounding box, as GeoJSON",
        tags: ["coverage"],
        querystring: CoverageQuery,
        response: { 200: { type: "object", additionalProperties: true, description: "GeoJSON FeatureCollection (+ epoch, truncated)" }, 400: { $ref: "Error#" }, 404: { $ref: "Error#" } },
      },
    },
    async (req) => {
      const q = req.query as CoverageQuery;
      const bbox = parseBbox(q.bbox);
      let row: EpochRow | undefined;
      if (q.epoch !== undefined) row = await getEpoch(ctx.db, q.epoch);
      else row = await ctx.db.selectFrom("epochs").selectAll().where("input_digest", "is not", null).orderBy("epoch", "desc").limit(1).executeTakeFirst();
      if (!row?.input_digest) throw new ApiError(404, "no_coverage", q.epoch === undefined ? "no epoch has been computed yet" : `epoch ${q.epoch} has not been computed`);
      if (!ctx.artifacts.has("coverage", row.input_digest)) throw new ApiError(404, "no_coverage", `this oracle holds no coverage map for epoch ${row.epoch}`);
      const map = await coverage.get(row.input_digest, () => JSON.parse(readFileSync(ctx.artifacts.path("coverage", row!.input_digest!), "utf8")) as CoverageMap);
      const limit = q.limit ?? 10000;
      const features: CoverageFeature[] = [];
      let truncated = false;
      for (const f of map.features) {
        if (!intersects(f, bbox)) continue;
        if (features.length === limit) {
          truncated = true;
          break;
        }
        features.push(f);
      }
      return { type: "FeatureCollection", epoch: Number(row.epoch), truncated, features };
    },
  );
}
