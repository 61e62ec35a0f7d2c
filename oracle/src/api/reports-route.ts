// POST /v1/reports: one canonical report, or several back to back, as
// application/octet-stream. 200 once every report is durably stored (or was
// already); otherwise one typed error and nothing stored.

import type { FastifyInstance } from "fastify";
import { IntakeError } from "../ingest/intake";
import type { ApiContext } from "./context";
import { ApiError } from "./errors";

export const REPORT_CONTENT_TYPE = "application/octet-stream";

export function reportsRoute(app: FastifyInstance, ctx: ApiContext): void {
  app.post(
    "/v1/reports",
    {
      bodyLimit: ctx.maxBodyBytes,
      schema: {
        summary: "Submit signed beacon/witness reports",
        description:
          "Body: canonical v1 reports (sdk/src/reports: beacon 200 B, witness 178 B) concatenated, Content-Type application/octet-stream. " +
          "Acknowledged only once durably stored; idempotent by report sha256. A body is accepted or refused whole.",
        tags: ["reports"],
        consumes: [REPORT_CONTENT_TYPE],
        response: {
          200: { $ref: "IntakeAck#" },
          400: { $ref: "Error#", description: "malformed, truncated, empty, or an unsupported report version" },
          401: { $ref: "Error#", description: "a signature does not verify" },
          404: { $ref: "Error#", description: "a report is signed by a key no registered hotspot has" },
          413: { $ref: "Error#", description: "body larger than the limit" },
          415: { $ref: "Error#", description: "Content-Type is not application/octet-stream" },
          429: { $ref: "Error#", description: "a hotspot exceeded its report rate (Retry-After)" },
          503: { $ref: "Error#", description: "not accepting reports right now (Retry-After)" },
        },
      },
    },
    async (req) => {
      if (!ctx.intake) throw new ApiError(503, "not_a_leader", "this oracle is a follower and accepts no reports");
      const started = process.hrtime.bigint();
      try {
        const ack = await ctx.intake.submit(req.body as Buffer);
        ctx.metrics.reports.inc({ outcome: "stored" }, ack.stored);
        ctx.metrics.reports.inc({ outcome: "duplicate" }, ack.duplicates);
        return ack;
      } catch (e) {
        if (e instanceof IntakeError) {
          ctx.metrics.refusals.inc({ code: e.code });
          throw new ApiError(e.status, e.code, e.message, e.index, e.retryAfterSec);
        }
        throw e;
      } finally {
        ctx.metrics.intakeSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      }
    },
  );
}
