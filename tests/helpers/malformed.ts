// Building malformed variants of well-formed instructions for negative tests: start from
// an SDK builder's output and change exactly one thing, so a rejection can only come
// from the check that thing violates.
import { PublicKey, TransactionInstruction, type AccountMeta } from "@solana/web3.js";

function withKeys(ix: TransactionInstruction, keys: AccountMeta[]): TransactionInstruction {
  return new TransactionInstruction({ programId: ix.programId, keys, data: Buffer.from(ix.data) });
}

function mapAccount(ix: TransactionInstruction, index: number, f: (m: AccountMeta) => AccountMeta): TransactionInstruction {
  if (index < 0 || index >= ix.keys.length) throw new RangeError(`instruction has no account ${index}`);
  return withKeys(ix, ix.keys.map((m, i) => (i === index ? f({ ...m }) : { ...m })));
}

/** The same instruction with account `index` replaced by `pubkey` (signer/writable flags kept). */
export function replaceAccount(ix: TransactionInstruction, index: number, pubkey: PublicKey): TransactionInstruction {
  return mapAccount(ix, index, (m) => ({ ...m, pubkey }));
}

/** The same instruction with account `index` no longer marked as a signer. */
export function unsign(ix: TransactionInstruction, index: number): TransactionInstruction {
  return mapAccount(ix, index, (m) => ({ ...m, isSigner: false }));
}

/** The same instruction with account `index` passed read-only. */
export function readOnly(ix: TransactionInstruction, index: number): TransactionInstruction {
  return mapAccount(ix, index, (m) => ({ ...m, isWritable: false }));
}

/** The same instruction with only its first `count` accounts. */
export function truncateAccounts(ix: TransactionInstruction, count: number): TransactionInstruction {
  return withKeys(ix, ix.keys.slice(0, count).map((m) => ({ ...m })));
}

/** The same accounts with other instruction data. */
export function withData(ix: TransactionInstruction, data: Uint8Array): TransactionInstruction {
  return new TransactionInstruction({ programId: ix.programId, keys: ix.keys.map((m) => ({ ...m })), data: Buffer.from(data) });
}

/**
 * A valid program address for `seeds` with a bump below the canonical one (the next
 * off-curve bump down), which a program that re-derives its PDAs must refuse.
 */
export function nonCanonicalPda(seeds: Buffer[], programId: PublicKey): { address: PublicKey; bump: number; canonical: number } {
  const [, canonical] = PublicKey.findProgramAddressSync(seeds, programId);
  for (let bump = canonical - 1; bump >= 0; bump--) {
    try {
      return { address: PublicKey.createProgramAddressSync([...seeds, Buffer.from([bump])], programId), bump, canonical };
    } catch {
      // on the curve: not a program address, try the next bump down
    }
  }
  throw new Error("no non-canonical bump below the canonical one");
}
