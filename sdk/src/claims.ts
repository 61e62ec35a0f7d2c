// Claims, packed: as many `claim_rewards` as fit in one 1,232-byte transaction, each owner's
// reward ATA created idempotently first where it is missing. Instructions → transactions:
// this module decides what goes together; sending is the caller's (the RPC layer's) job.
import { ComputeBudgetProgram, PublicKey, TransactionMessage, type TransactionInstruction } from "@solana/web3.js";
import { claimRewardsIx, createRewardTokenAccountIx, type ClaimParams } from "./instructions";

/** The largest serialized transaction a Solana packet carries. */
export const PACKET_DATA_SIZE = 1232;

export interface PackClaimsOptions {
  /** fee payer of every transaction; also pays for created ATAs. */
  payer: PublicKey;
  /** owners (base58) whose reward ATA does not exist yet. */
  missingAtaOwners?: ReadonlySet<string>;
  /** compute-unit limit for a transaction of `claims` claims creating `atas` ATAs; omitted: no limit instruction. */
  computeUnitLimit?: (claims: number, atas: number) => number;
  /** priority fee in micro-lamports per compute unit; omitted or 0: none. */
  priorityFeeMicroLamports?: number;
  /** the message format the transactions will be sent in (a v0 message is 2 bytes longer); default legacy. */
  messageVersion?: MessageVersion;
  /**
   * Create a missing reward account in every transaction that pays its owner, not only in
   * the first: each transaction then stands alone (for simulating them all before any lands).
   */
  selfContained?: boolean;
}

export type MessageVersion = "legacy" | 0;

export interface ClaimBatch {
  /** compute-budget instructions first, then per claim an optional ATA creation and the claim. */
  instructions: TransactionInstruction[];
  /** the same without the compute-budget prelude: what a sender that sets its own budget sends. */
  body: TransactionInstruction[];
  /** the claims in this transaction, in order. */
  claims: ClaimParams[];
  /** serialized size with one signature, in bytes. */
  bytes: number;
}

const compactLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : 3);

/**
 * Serialized size of a transaction of `ixs` signed by `payer` alone, counted from the
 * compiled message (so sizes above the packet limit are measured, not refused). A v0
 * message without lookup tables is the legacy one plus its version byte and an empty
 * lookup list.
 */
export function transactionSize(payer: PublicKey, ixs: TransactionInstruction[], version: MessageVersion = "legacy"): number {
  const m = new TransactionMessage({ payerKey: payer, recentBlockhash: PublicKey.default.toBase58(), instructions: ixs }).compileToLegacyMessage();
  const keys = m.staticAccountKeys.length;
  let bytes = 3 + compactLength(keys) + 32 * keys + 32 + compactLength(m.compiledInstructions.length);
  for (const ix of m.compiledInstructions) {
    bytes += 1 + compactLength(ix.accountKeyIndexes.length) + ix.accountKeyIndexes.length + compactLength(ix.data.length) + ix.data.length;
  }
  if (version === 0) bytes += 2;
  return compactLength(m.header.numRequiredSignatures) + 64 * m.header.numRequiredSignatures + bytes;
}

/**
 * Greedily packs claims, in the given order, into transactions of at most 1,232 bytes.
 * Throws if a single claim (with its ATA creation) does not fit on its own.
 */
export function packClaims(claims: readonly ClaimParams[], o: PackClaimsOptions): ClaimBatch[] {
  const batches: ClaimBatch[] = [];
  const created = new Set<string>();
  interface Open {
    claims: ClaimParams[];
    body: TransactionInstruction[];
    atas: number;
    bytes: number;
  }
  let current: Open | null = null;

  const prelude = (n: number, atas: number): TransactionInstruction[] => {
    const out: TransactionInstruction[] = [];
    if (o.computeUnitLimit) out.push(ComputeBudgetProgram.setComputeUnitLimit({ units: o.computeUnitLimit(n, atas) }));
    if (o.priorityFeeMicroLamports) out.push(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: o.priorityFeeMicroLamports }));
    return out;
  };
  const close = () => {
    const open = current as Open | null;
    if (!open) return;
    batches.push({ instructions: [...prelude(open.claims.length, open.atas), ...open.body], body: open.body, claims: open.claims, bytes: open.bytes });
    current = null;
  };

  for (const c of claims) {
    const owner = c.owner.toBase58();
    const claim = claimRewardsIx(c);
    for (let attempt = 0; attempt < 2; attempt++) {
      const needsAta = (o.missingAtaOwners?.has(owner) ?? false) && !created.has(owner);
      const add: TransactionInstruction[] = [];
      if (needsAta) add.push(createRewardTokenAccountIx({ payer: o.payer, network: c.network, owner: c.owner, programId: c.programId }));
      add.push(claim);
      const base: Open = current ?? { claims: [], body: [], atas: 0, bytes: 0 };
      const body = [...base.body, ...add];
      const atas = base.atas + (needsAta ? 1 : 0);
      const bytes = transactionSize(o.payer, [...prelude(base.claims.length + 1, atas), ...body], o.messageVersion);
      if (bytes <= PACKET_DATA_SIZE) {
        current = { claims: [...base.claims, c], body, atas, bytes };
        if (needsAta) created.add(owner);
        break;
      }
      if (!current) throw new RangeError(`a claim for ${c.hardwareKey.toBase58()} needs ${bytes} bytes, more than one transaction holds`);
      close();
      if (o.selfContained) created.clear();
    }
  }
  close();
  return batches;
}
