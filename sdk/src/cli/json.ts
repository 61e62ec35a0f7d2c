// The CLI's `--json` encoding: stable, lossless and plain. Public keys are base58 strings,
// u64/i64 values (bigint) decimal strings, byte arrays lowercase hex; field names camelCase.
import { PublicKey } from "@solana/web3.js";

export function toJsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof PublicKey) return v.toBase58();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x !== "function") out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

export function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(toJsonValue(v), null, 2) + "\n");
}
