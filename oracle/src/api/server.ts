// The oracle's HTTP API on Fastify: schema-validated routes, a generated
// OpenAPI document at /openapi.json, Prometheus metrics at /metrics, liveness
// /healthz and readiness /readyz, and structured JSON logs (pino).

import Fastify, { FastifyError, FastifyInstance, FastifyServerOptions } from "fastify";
import swagger from "@fastify/swagger";
import type { ApiContext } from "./context";
import { ApiError, ErrorBody, errorBody } from "./errors";
import { readRoutes } from "./read-routes";
import { REPORT_CONTENT_TYPE, reportsRoute } from "./reports-route";
import { EntropyBody, EpochDetail, EpochSummary, IntakeAck, RewardProof } from "./schemas";

export interface ApiOptions {
  /** pino logger options, or false for none (tests). */
  logger?: FastifyServerOptions["logger"];
}

export async function buildApi(ctx: ApiContext, opts: ApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: ctx.maxBodyBytes,
    // reports are binary; nothing else posts a body
    ajv: { customOptions: { coerceTypes: "array", removeAdditional: false } },
    return503OnClosing: true,
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "hexpin oracle", version: "1.0.0", description: "Report intake, epochs, bundles, reward proofs and coverage of a hexpin oracle." },
      tags: [{ name: "reports" }, { name: "devices" }, { name: "epochs" }, { name: "rewards" }, { name: "coverage" }, { name: "operations" }],
    },
  });
  for (const s of [ErrorBody, IntakeAck, EntropyBody, EpochSummary, EpochDetail, RewardProof]) app.addSchema(s);

  // Only binary report bodies are parsed; any other Content-Type is refused with 415 before routing work.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(REPORT_CONTENT_TYPE, { parseAs: "buffer", bodyLimit: ctx.maxBodyBytes }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.retryAfterSec !== undefined) reply.header("retry-after", String(err.retryAfterSec));
      return reply.code(err.status).send(errorBody(err.code, err.message, err.index));
    }
    const fe = err as FastifyError;
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      ctx.metrics.refusals.inc({ code: "body_too_large" });
      return reply.code(413).send(errorBody("body_too_large", `the body exceeds ${ctx.maxBodyBytes} bytes`));
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || fe.code === "FST_ERR_CTP_EMPTY_TYPE") {
      ctx.metrics.refusals.inc({ code: "unsupported_media_type" });
      return reply.code(415).send(errorBody("unsupported_media_type", `Content-Type must be ${REPORT_CONTENT_TYPE}`));
    }
    if (fe.validation) return reply.code(400).send(errorBody("invalid_request", fe.message));
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) return reply.code(fe.statusCode).send(errorBody("bad_request", fe.message));
    req.log.error({ err }, "request failed");
    return reply.code(500).send(errorBody("internal", "the oracle failed to answer; this is logged"));
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody("not_found", `no route ${req.method} ${req.url.split("?")[0]}`)));

  reportsRoute(app, ctx);
  readRoutes(app, ctx);

  app.get("/healthz", { schema: { summary: "Liveness", tags: ["operations"], response: { 200: { type: "object", properties: { ok: { type: "boolean" } } } } } }, async () => ({ ok: true }));
  app.get(
    "/readyz",
    { schema: { summary: "Readiness: database reachable, report storage healthy", tags: ["operations"], response: { 200: { type: "object", properties: { ready: { type: "boolean" } } }, 503: { $ref: "Error#" } } } },
    async () => {
      const why = await ctx.notReady();
      if (why) throw new ApiError(503, "not_ready", why);
      return { ready: true };
    },
  );
  app.get("/metrics", { schema: { summary: "Prometheus metrics", tags: ["operations"], produces: ["text/plain"] } }, async (_req, reply) => {
    reply.header("content-type", ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
