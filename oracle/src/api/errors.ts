// One error shape for every refusal the API makes:
//   { "error": { "code": "<snake_case>", "message": "<one sentence>", "index"?: n } }
// with the HTTP status the code implies. Codes are stable; clients branch on them.

import { Type } from "@sinclair/typebox";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly index?: number,
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "stable snake_case error code" }),
      message: Type.String(),
      index: Type.Optional(Type.Integer({ description: "position of the offending report in a batch" })),
    }),
  },
  { $id: "Error" },
);

export function errorBody(code: string, message: string, index?: number) {
  return { error: index === undefined ? { code, message } : { code, message, index } };
}
