// Asserting that a transaction is rejected with one exact hexpin error and that it left
// every account it could have touched exactly as it was.
import { strict as assert } from "node:assert";
import { Ed25519Program, Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import type { LocalChain, TxResult } from "../../sdk/src/testing/local-chain";

/** The base fee per signature the runtime charges even for a failed transaction. */
export const LAMPORTS_PER_SIGNATURE = 5_000n;

/**
 * The base fee of a transaction: every transaction signature and every signature an
 * Ed25519 precompile instruction verifies (its first data byte) costs the same.
 */
export function baseFee(ixs: TransactionInstruction[], signers: Keypair[]): bigint {
  const precompiled = ixs.filter((ix) => ix.programId.equals(Ed25519Program.programId)).reduce((n, ix) => n + (ix.data[0] ?? 0), 0);
  return BigInt(signers.length + precompiled) * LAMPORTS_PER_SIGNATURE;
}

export interface AccountSnapshot {
  key: PublicKey;
  exists: boolean;
  lamports: bigint;
  owner: string;
  data: string;
}

export function snapshot(chain: LocalChain, keys: PublicKey[]): AccountSnapshot[] {
  return keys.map((key) => {
    const a = chain.account(key);
    return {
      key,
      exists: a !== null,
      lamports: a ? a.lamports : 0n,
      owner: a ? a.owner.toBase58() : "",
      data: a ? Buffer.from(a.data).toString("hex") : "",
    };
  });
}

/**
 * Asserts every snapshotted account is unchanged, except that `feePayer` may have paid
 * the transaction's base fee `fee` and nothing else.
 */
export function assertUnchanged(chain: LocalChain, before: AccountSnapshot[], feePayer?: PublicKey, fee = 0n): void {
  const after = snapshot(chain, before.map((s) => s.key));
  before.forEach((b, i) => {
    const a = after[i];
    const who = b.key.toBase58();
    assert.equal(a.exists, b.exists, `${who}: existence changed`);
    assert.equal(a.owner, b.owner, `${who}: owner changed`);
    assert.equal(a.data, b.data, `${who}: data changed`);
    if (feePayer && b.key.equals(feePayer)) {
      const paid = b.lamports - a.lamports;
      assert.ok(paid === 0n || paid === fee, `${who}: fee payer lost ${paid} lamports, more than the fee`);
    } else {
      assert.equal(a.lamports, b.lamports, `${who}: lamports changed`);
    }
  });
}

/** Every account key an instruction list mentions (deduplicated), plus `extra`. */
export function touchedKeys(ixs: TransactionInstruction[], extra: PublicKey[] = []): PublicKey[] {
  const seen = new Map<string, PublicKey>();
  for (const k of [...ixs.flatMap((ix) => ix.keys.map((m) => m.pubkey)), ...extra]) seen.set(k.toBase58(), k);
  return [...seen.values()];
}

/**
 * Sends `ixs` signed by `signers` (the first pays), asserts the program rejected it with
 * `errorName` and that no account the transaction names (nor any in `alsoWatch`) changed.
 * Returns the result for further assertions.
 */
export function expectRejected(
  chain: LocalChain,
  ixs: TransactionInstruction[],
  signers: Keypair[],
  errorName: string,
  alsoWatch: PublicKey[] = [],
): TxResult {
  const before = snapshot(chain, touchedKeys(ixs, alsoWatch));
  const r = chain.send(ixs, signers);
  assert.equal(r.ok, false, `expected ${errorName}, but the transaction succeeded:\n${r.logs.join("\n")}`);
  assert.equal(r.error?.errorName, errorName, `expected ${errorName}, got ${r.error?.errorName ?? r.rawError}:\n${r.logs.join("\n")}`);
  assertUnchanged(chain, before, signers[0].publicKey, baseFee(ixs, signers));
  return r;
}

/** Sends and asserts success, showing the logs if it failed. */
export function expectOk(chain: LocalChain, ixs: TransactionInstruction[], signers: Keypair[]): TxResult {
  const r = chain.send(ixs, signers);
  assert.ok(r.ok, `expected success, got ${r.error?.errorName ?? r.rawError}:\n${r.logs.join("\n")}`);
  return r;
}
