// Reading Anchor events out of a transaction result with plain assertions.
import { strict as assert } from "node:assert";
import { PublicKey } from "@solana/web3.js";
import type { TxResult } from "../../sdk/src/testing/local-chain";

/** The fields of the single event called `name` in `r`; fails if there is not exactly one. */
export function theEvent(r: TxResult, name: string): Record<string, unknown> {
  const found = r.events.filter((e) => e.name === name);
  assert.equal(found.length, 1, `expected one ${name} event, got [${r.events.map((e) => e.name).join(", ")}]`);
  return found[0].data;
}

export function asKey(v: unknown): PublicKey {
  assert.ok(v instanceof PublicKey, `expected a PublicKey, got ${String(v)}`);
  return v;
}

/** Anchor decodes u64/i64 as BN and narrower integers as numbers; both become bigint. */
export function asBigInt(v: unknown): bigint {
  assert.ok(v !== null && v !== undefined, "expected an integer");
  return BigInt((v as { toString(): string }).toString());
}
