// Deploys or upgrades a program through the upgradeable BPF loader over JSON-RPC, the way
// `solana program deploy` (and so `anchor deploy`) does: a buffer account filled by chunked
// Write transactions, then DeployWithMaxDataLen (first deploy) or Upgrade (binary changed).
// Nothing is sent when the deployed bytes already equal the binary. Works on any cluster.
import { Keypair, PublicKey, SystemProgram, TransactionMessage, VersionedTransaction, type Connection, type Signer } from "@solana/web3.js";
import { runPool } from "../client/client";
import { computeBudgetIxs } from "../client/compute-budget";
import { AccountNotFoundError, InvalidInputError } from "../client/errors";
import { TransactionSender, type SendOptions } from "../client/send";
import {
  BPF_LOADER_UPGRADEABLE_ID,
  BUFFER_HEADER_BYTES,
  deployWithMaxDataLenIx,
  extendProgramIx,
  initializeBufferIx,
  parseProgramData,
  programDataAddress,
  PROGRAM_ACCOUNT_BYTES,
  upgradeIx,
  writeIx,
} from "./upgradeable-loader";

const PACKET_BYTES = 1232;

export interface DeployProgramOptions extends SendOptions {
  connection: Connection;
  /** pays and, unless `authority` is given, is the upgrade authority. */
  payer: Signer;
  authority?: Signer;
  /** the program's keypair: needed for a first deployment only. */
  programKeypair?: Signer;
  programId?: PublicKey;
  elf: Uint8Array;
  /** programdata capacity at first deployment; default the binary's length (upgrades extend as needed). */
  maxDataLen?: number;
  /** Write transactions in flight. */
  concurrency?: number;
  onProgress?: (p: { phase: "buffer" | "write" | "deploy" | "upgrade" | "extend"; done: number; total: number }) => void;
}

export interface DeployResult {
  action: "deployed" | "upgraded" | "unchanged";
  programId: PublicKey;
  programData: PublicKey;
  authority: PublicKey;
  /** transactions sent (0 when unchanged). */
  transactions: number;
  bytes: number;
}

/** The largest Write chunk that keeps a Write transaction (with its CU limit) in one packet. */
export function writeChunkBytes(payer: PublicKey, authority: PublicKey): number {
  const buffer = PublicKey.default;
  const msg = new TransactionMessage({
    payerKey: payer,
    recentBlockhash: PublicKey.default.toBase58(),
    instructions: [...computeBudgetIxs(1), writeIx(buffer, authority, 0, new Uint8Array(0))],
  }).compileToV0Message();
  const signatures = payer.equals(authority) ? 1 : 2;
  const empty = new VersionedTransaction(msg).serialize().length + 64 * (signatures - 1);
  return PACKET_BYTES - empty - 2; // the data length's compact-u16 grows by up to 2 bytes
}

export async function deployProgram(o: DeployProgramOptions): Promise<DeployResult> {
  const { connection, payer } = o;
  const authority = o.authority ?? payer;
  const programId = o.programId ?? o.programKeypair?.publicKey;
  if (!programId) throw new InvalidInputError("A program id or the program keypair is required to deploy.");
  const programData = programDataAddress(programId);
  const sender = new TransactionSender(connection, { commitment: "confirmed", ...o });
  const elf = Buffer.from(o.elf);
  const base = { programId, programData, authority: authority.publicKey, bytes: elf.length };
  let sent = 0;
  const send = async (description: string, instructions: import("@solana/web3.js").TransactionInstruction[], signers: Signer[]) => {
    await sender.send({ description, instructions, signers, computeUnitLabels: [] }, { fetchResult: false });
    sent++;
  };

  const programAccount = await connection.getAccountInfo(programId);
  let upgrade = false;
  if (programAccount) {
    if (!programAccount.owner.equals(BPF_LOADER_UPGRADEABLE_ID)) throw new InvalidInputError(`The account ${programId.toBase58()} exists and is not an upgradeable program.`);
    const dataInfo = await connection.getAccountInfo(programData);
    if (!dataInfo) throw new AccountNotFoundError("program", `data account ${programData.toBase58()} for ${programId.toBase58()}`);
    const state = parseProgramData(dataInfo.data);
    const same = state.elfArea.length >= elf.length && state.elfArea.subarray(0, elf.length).equals(elf) && state.elfArea.subarray(elf.length).every((b) => b === 0);
    if (same) return { ...base, action: "unchanged", transactions: 0 };
    if (!state.authority) throw new InvalidInputError(`The program ${programId.toBase58()} is immutable: it cannot be upgraded.`);
    if (!state.authority.equals(authority.publicKey)) {
      throw new InvalidInputError(`The program's upgrade authority is ${state.authority.toBase58()}, not ${authority.publicKey.toBase58()}: upgrade with that keypair.`);
    }
    if (state.elfArea.length < elf.length) {
      o.onProgress?.({ phase: "extend", done: 0, total: 1 });
      await send("extend programdata", [extendProgramIx({ program: programId, payer: payer.publicKey, additionalBytes: elf.length - state.elfArea.length })], [payer]);
      o.onProgress?.({ phase: "extend", done: 1, total: 1 });
    }
    upgrade = true;
  } else if (!o.programKeypair) {
    throw new InvalidInputError(`The program ${programId.toBase58()} is not deployed on this cluster and its keypair was not given.`);
  }

  // 1. The buffer: created and initialized in one transaction (so no one else can initialize it).
  const buffer = Keypair.generate();
  const bufferBytes = BUFFER_HEADER_BYTES + elf.length;
  const bufferRent = await connection.getMinimumBalanceForRentExemption(bufferBytes);
  o.onProgress?.({ phase: "buffer", done: 0, total: 1 });
  await send(
    "create buffer",
    [
      SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: buffer.publicKey, lamports: bufferRent, space: bufferBytes, programId: BPF_LOADER_UPGRADEABLE_ID }),
      initializeBufferIx(buffer.publicKey, authority.publicKey),
    ],
    [payer, buffer],
  );
  o.onProgress?.({ phase: "buffer", done: 1, total: 1 });

  // 2. Chunked writes, many in flight (a write is idempotent: same bytes at the same offset).
  const chunk = writeChunkBytes(payer.publicKey, authority.publicKey);
  const offsets = Array.from({ length: Math.ceil(elf.length / chunk) }, (_, i) => i * chunk);
  let written = 0;
  const writes = await runPool(offsets, o.concurrency ?? 16, async (offset) => {
    await send(`write ${offset}`, [writeIx(buffer.publicKey, authority.publicKey, offset, elf.subarray(offset, offset + chunk))], [payer, authority]);
    o.onProgress?.({ phase: "write", done: ++written, total: offsets.length });
  });
  const failed = writes.find((r) => !r.ok);
  if (failed) throw failed.error;

  // 3. Deploy or upgrade from the buffer.
  if (upgrade) {
    o.onProgress?.({ phase: "upgrade", done: 0, total: 1 });
    await send("upgrade", [upgradeIx({ program: programId, buffer: buffer.publicKey, spill: payer.publicKey, authority: authority.publicKey })], [payer, authority]);
    o.onProgress?.({ phase: "upgrade", done: 1, total: 1 });
    return { ...base, action: "upgraded", transactions: sent };
  }
  const programRent = await connection.getMinimumBalanceForRentExemption(PROGRAM_ACCOUNT_BYTES);
  o.onProgress?.({ phase: "deploy", done: 0, total: 1 });
  await send(
    "deploy",
    [
      SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: programId, lamports: programRent, space: PROGRAM_ACCOUNT_BYTES, programId: BPF_LOADER_UPGRADEABLE_ID }),
      deployWithMaxDataLenIx({ payer: payer.publicKey, program: programId, buffer: buffer.publicKey, authority: authority.publicKey, maxDataLen: Math.max(o.maxDataLen ?? 0, elf.length) }),
    ],
    [payer, o.programKeypair!, authority],
  );
  o.onProgress?.({ phase: "deploy", done: 1, total: 1 });
  return { ...base, action: "deployed", transactions: sent };
}
