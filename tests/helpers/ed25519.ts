// Ed25519 precompile instructions laid out by hand, so tests can produce the shapes a
// well-behaved client never would: several signatures, references into other
// instructions, a signature by one key presented for another.
import { sign } from "node:crypto";
import { Ed25519Program, TransactionInstruction } from "@solana/web3.js";
import type { HardwareKeypair } from "../../sdk/src";

/** The instruction index meaning "this instruction's own data". */
export const THIS_INSTRUCTION = 0xffff;

export interface SignedMessage {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export function signedBy(device: HardwareKeypair, message: Uint8Array): SignedMessage {
  return { publicKey: device.publicKey, message, signature: sign(null, message, device.privateKey) };
}

/**
 * Precompile data: `u8 count, u8 0`, one 14-byte offsets record per entry, then each
 * entry's public key, signature and message. Every record points at its own entry's
 * bytes *at these offsets* in instruction `instructionIndex` (all three references use
 * the same index), so data built twice from same-length entries has identical offsets.
 */
export function ed25519Data(entries: SignedMessage[], instructionIndex = THIS_INSTRUCTION): Buffer {
  const header = 2 + 14 * entries.length;
  const records: Buffer[] = [];
  const payload: Buffer[] = [];
  let at = header;
  for (const e of entries) {
    const key = at;
    const sig = key + 32;
    const msg = sig + 64;
    const rec = Buffer.alloc(14);
    [sig, instructionIndex, key, instructionIndex, msg, e.message.length, instructionIndex].forEach((v, i) => rec.writeUInt16LE(v, 2 * i));
    records.push(rec);
    payload.push(Buffer.from(e.publicKey), Buffer.from(e.signature), Buffer.from(e.message));
    at = msg + e.message.length;
  }
  return Buffer.concat([Buffer.from([entries.length, 0]), ...records, ...payload]);
}

export function ed25519Ix(data: Buffer): TransactionInstruction {
  return new TransactionInstruction({ programId: Ed25519Program.programId, keys: [], data });
}
