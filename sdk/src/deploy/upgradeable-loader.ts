// The upgradeable BPF loader (loader-v3) instructions and account states that
// `solana program deploy` uses, encoded by hand (web3.js 1.x exposes only the legacy
// loader). Layouts are bincode: a u32 LE variant tag, then the fields.
import {
  PublicKey,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  SYSVAR_RENT_PUBKEY,
  TransactionInstruction,
} from "@solana/web3.js";

export const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** Header sizes of the loader's accounts (`UpgradeableLoaderState` variants). */
export const BUFFER_HEADER_BYTES = 37; // u32 tag 1, Option<Pubkey> authority
export const PROGRAM_ACCOUNT_BYTES = 36; // u32 tag 2, Pubkey programdata
export const PROGRAMDATA_HEADER_BYTES = 45; // u32 tag 3, u64 slot, Option<Pubkey> authority

export function programDataAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_ID)[0];
}

function tag(n: number, extra = 0): Buffer {
  const b = Buffer.alloc(4 + extra);
  b.writeUInt32LE(n, 0);
  return b;
}

const w = (pubkey: PublicKey, isSigner = false) => ({ pubkey, isSigner, isWritable: true });
const r = (pubkey: PublicKey, isSigner = false) => ({ pubkey, isSigner, isWritable: false });

export function initializeBufferIx(buffer: PublicKey, authority: PublicKey): TransactionInstruction {
  return new TransactionInstruction({ programId: BPF_LOADER_UPGRADEABLE_ID, keys: [w(buffer), r(authority)], data: tag(0) });
}

export function writeIx(buffer: PublicKey, authority: PublicKey, offset: number, bytes: Uint8Array): TransactionInstruction {
  const head = tag(1, 12);
  head.writeUInt32LE(offset, 4);
  head.writeBigUInt64LE(BigInt(bytes.length), 8);
  return new TransactionInstruction({ programId: BPF_LOADER_UPGRADEABLE_ID, keys: [w(buffer), r(authority, true)], data: Buffer.concat([head, Buffer.from(bytes)]) });
}

export function deployWithMaxDataLenIx(p: { payer: PublicKey; program: PublicKey; buffer: PublicKey; authority: PublicKey; maxDataLen: number }): TransactionInstruction {
  const data = tag(2, 8);
  data.writeBigUInt64LE(BigInt(p.maxDataLen), 4);
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [w(p.payer, true), w(programDataAddress(p.program)), w(p.program), w(p.buffer), r(SYSVAR_RENT_PUBKEY), r(SYSVAR_CLOCK_PUBKEY), r(SystemProgram.programId), r(p.authority, true)],
    data,
  });
}

export function upgradeIx(p: { program: PublicKey; buffer: PublicKey; spill: PublicKey; authority: PublicKey }): TransactionInstruction {
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [w(programDataAddress(p.program)), w(p.program), w(p.buffer), w(p.spill), r(SYSVAR_RENT_PUBKEY), r(SYSVAR_CLOCK_PUBKEY), r(p.authority, true)],
    data: tag(3),
  });
}

/** `ExtendProgram` (variant 6): grows the programdata account so a larger binary fits. */
export function extendProgramIx(p: { program: PublicKey; payer: PublicKey; additionalBytes: number }): TransactionInstruction {
  const data = tag(6, 4);
  data.writeUInt32LE(p.additionalBytes, 4);
  return new TransactionInstruction({
    programId: BPF_LOADER_UPGRADEABLE_ID,
    keys: [w(programDataAddress(p.program)), w(p.program), r(SystemProgram.programId), w(p.payer, true)],
    data,
  });
}

export interface ProgramDataState {
  slot: bigint;
  /** null once the program is immutable (`--final`). */
  authority: PublicKey | null;
  /** the programdata bytes after the header: the ELF, then zero padding up to the max length. */
  elfArea: Buffer;
}

export function parseProgramData(data: Buffer): ProgramDataState {
  if (data.length < PROGRAMDATA_HEADER_BYTES || data.readUInt32LE(0) !== 3) throw new Error("not an upgradeable-loader programdata account");
  return {
    slot: data.readBigUInt64LE(4),
    authority: data[12] === 1 ? new PublicKey(data.subarray(13, 45)) : null,
    elfArea: data.subarray(PROGRAMDATA_HEADER_BYTES),
  };
}
