// Program error codes mapped one-to-one to typed client errors, from the IDL.
import { IDL } from "./program";

export interface HexpinErrorInfo {
  code: number;
  name: string;
  msg: string;
}

export const HEXPIN_ERRORS: readonly HexpinErrorInfo[] = (IDL.errors ?? []).map((e) => ({
  code: e.code,
  name: e.name,
  msg: e.msg ?? e.name,
}));

const byCode = new Map(HEXPIN_ERRORS.map((e) => [e.code, e]));

export class HexpinProgramError extends Error {
  constructor(
    readonly code: number,
    readonly errorName: string,
    readonly logs: string[] = [],
  ) {
    super(`${errorName} (${code}): ${byCode.get(code)?.msg ?? "unknown error"}`);
    this.name = "HexpinProgramError";
  }
}

/** The hexpin error in a failed transaction's logs (`custom program error: 0x…`), if any. */
export function hexpinErrorFromLogs(logs: string[]): HexpinProgramError | undefined {
  for (const line of logs) {
    const m = /custom program error: 0x([0-9a-f]+)/i.exec(line);
    if (m) {
      const code = parseInt(m[1], 16);
      const info = byCode.get(code);
      if (info) return new HexpinProgramError(code, info.name, logs);
    }
  }
  return undefined;
}

export function errorCode(name: string): number {
  const e = HEXPIN_ERRORS.find((x) => x.name === name);
  if (!e) throw new Error(`no hexpin error named ${name}`);
  return e.code;
}
