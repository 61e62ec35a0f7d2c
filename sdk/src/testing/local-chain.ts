// An in-process Solana chain for tests and the demo: LiteSVM running the real
// `target/deploy/hexpin.so`, with helpers to fund keys, warp the clock, send
// transactions and read back compute units, logs, Anchor events and typed errors.
// Not exported from the SDK's index: only tests and local tooling load LiteSVM.
//
// LiteSVM 1.x speaks @solana/kit types; this wrapper keeps the tests in web3.js terms
// (PublicKey, Transaction, TransactionInstruction) and converts at the boundary: a
// signed web3.js transaction is serialized and decoded as a kit `Transaction`.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Clock, FailedTransactionMetadata, LiteSVM, TransactionMetadata } from "litesvm";
import { address, getTransactionDecoder, lamports, type Address } from "@solana/kit";
import { Keypair, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import { HEXPIN_PROGRAM_ID } from "../constants";
import { parseEvents, type DecodedEvent } from "../program";
import { hexpinErrorFromLogs, HexpinProgramError } from "../errors";

/** The binary under test; `HEXPIN_PROGRAM_SO` points elsewhere (the mutation check runs the suites on mutants). */
export const PROGRAM_SO = process.env.HEXPIN_PROGRAM_SO ? resolve(process.env.HEXPIN_PROGRAM_SO) : resolve(__dirname, "../../../target/deploy/hexpin.so");

export interface TxResult {
  ok: boolean;
  /** compute units the whole transaction consumed. */
  computeUnits: number;
  /** units hexpin's own top-level invocations consumed (their `consumed N of M` log line, CPIs included). */
  programUnits: number;
  logs: string[];
  events: DecodedEvent[];
  /** the hexpin error, when the program failed with one of its own codes. */
  error?: HexpinProgramError;
  /** the runtime's error text, for failures outside hexpin's codes. */
  rawError?: string;
}

/** An account as tests read and write it. */
export interface ChainAccount {
  lamports: bigint;
  data: Uint8Array;
  owner: PublicKey;
  executable: boolean;
}

const txDecoder = getTransactionDecoder();
const kitAddress = (key: PublicKey): Address => address(key.toBase58());

export class LocalChain {
  readonly svm: LiteSVM;
  readonly payer: Keypair;

  constructor(readonly programId: PublicKey = HEXPIN_PROGRAM_ID, soPath = PROGRAM_SO) {
    if (!existsSync(soPath)) {
      throw new Error(`${soPath} is missing: run \`npm run build:program\` first`);
    }
    this.svm = new LiteSVM();
    this.svm.addProgramFromFile(kitAddress(programId), soPath);
    this.payer = this.fundedKeypair();
  }

  fundedKeypair(amount = 100_000_000_000n): Keypair {
    const k = Keypair.generate();
    this.fund(k.publicKey, amount);
    return k;
  }

  fund(key: PublicKey, amount = 10_000_000_000n): void {
    this.svm.airdrop(kitAddress(key), lamports(amount));
  }

  /** Signs with `signers` (the first pays) and executes; never throws on program failure. */
  send(ixs: TransactionInstruction[], signers: Keypair[]): TxResult {
    const tx = new Transaction().add(...ixs);
    tx.recentBlockhash = this.svm.latestBlockhash();
    tx.feePayer = signers[0].publicKey;
    tx.sign(...signers);
    // LiteSVM verifies every signature itself; web3.js checking them again doubles the cost.
    const res = this.svm.sendTransaction(txDecoder.decode(tx.serialize({ verifySignatures: false })));
    // A new blockhash per transaction, so identical retries are not deduplicated.
    this.svm.expireBlockhash();
    if (res instanceof FailedTransactionMetadata) {
      const meta = res.meta();
      const logs = meta.logs();
      return {
        ok: false,
        computeUnits: Number(meta.computeUnitsConsumed()),
        programUnits: this.programUnits(logs),
        logs,
        events: [],
        error: hexpinErrorFromLogs(logs),
        rawError: res.toString(),
      };
    }
    const meta = res as TransactionMetadata;
    const logs = meta.logs();
    return {
      ok: true,
      computeUnits: Number(meta.computeUnitsConsumed()),
      programUnits: this.programUnits(logs),
      logs,
      events: parseEvents(logs, this.programId),
    };
  }

  private programUnits(logs: string[]): number {
    const prefix = `Program ${this.programId.toBase58()} consumed `;
    return logs.filter((l) => l.startsWith(prefix)).reduce((sum, l) => sum + parseInt(l.slice(prefix.length), 10), 0);
  }

  /** Like `send`, but throws a typed error when the transaction fails. */
  sendOrThrow(ixs: TransactionInstruction[], signers: Keypair[]): TxResult {
    const r = this.send(ixs, signers);
    if (!r.ok) throw r.error ?? new Error(`transaction failed: ${r.rawError}\n${r.logs.join("\n")}`);
    return r;
  }

  account(key: PublicKey): ChainAccount | null {
    const a = this.svm.getAccount(kitAddress(key));
    if (!a.exists) return null;
    return { lamports: a.lamports, data: a.data, owner: new PublicKey(a.programAddress), executable: a.executable };
  }

  /** Writes an account as is (tests forge accounts with it). */
  setAccount(key: PublicKey, a: ChainAccount): void {
    this.svm.setAccount({
      address: kitAddress(key),
      data: a.data,
      executable: a.executable,
      lamports: lamports(a.lamports),
      programAddress: kitAddress(a.owner),
      space: BigInt(a.data.length),
    });
  }

  accountData(key: PublicKey): Buffer | null {
    const a = this.account(key);
    return a ? Buffer.from(a.data) : null;
  }

  accountOwner(key: PublicKey): PublicKey | null {
    return this.account(key)?.owner ?? null;
  }

  lamports(key: PublicKey): bigint {
    return this.svm.getBalance(kitAddress(key)) ?? 0n;
  }

  rentExempt(dataLen: number | bigint): bigint {
    return this.svm.minimumBalanceForRentExemption(BigInt(dataLen));
  }

  now(): bigint {
    return this.svm.getClock().unixTimestamp;
  }

  /** Moves the clock forward (never back) by `seconds`, and the slot by one. */
  warp(seconds: bigint | number): void {
    const c = this.svm.getClock();
    this.svm.setClock(new Clock(c.slot + 1n, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, c.unixTimestamp + BigInt(seconds)));
  }

  /** Sets the clock to an absolute unix time (the demo aligns epochs with simulated time). */
  setTime(unixSeconds: bigint | number): void {
    const c = this.svm.getClock();
    this.svm.setClock(new Clock(c.slot + 1n, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, BigInt(unixSeconds)));
  }
}
