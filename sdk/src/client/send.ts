// The rpc layer: simulate, sign, send and confirm one transaction the careful way.
//
// - The compute-unit limit comes from the measured table plus a margin (raised to the
//   simulated units when a transaction needs more); an optional priority fee is added.
// - Every transaction is simulated first, so a failure comes back as the program's typed
//   error (`HexpinProgramError`) or a typed client error, before any fee is spent.
// - Confirmation polls signature statuses over HTTP (no websocket needed) up to the chosen
//   commitment, re-broadcasting the *same* signed bytes while its blockhash is valid (a
//   signature lands at most once, so that is always safe).
// - A transaction is re-signed with a new blockhash only once the old one can no longer
//   land: the finalized block height is past its last valid height *and* a history search
//   finds no trace of the signature. So a transaction is never executed twice.
import {
  PublicKey,
  SendTransactionError,
  TransactionMessage,
  VersionedTransaction,
  type BlockhashWithExpiryBlockHeight,
  type Commitment,
  type Connection,
  type Signer,
  type TransactionError,
  type TransactionInstruction,
} from "@solana/web3.js";
import { hexpinErrorFromLogs } from "../errors";
import { parseEvents, type DecodedEvent } from "../program";
import { keyToBase58 } from "../reports/keys";
import { asClusterUnreachable } from "./cluster";
import { computeBudgetIxs, computeUnitLimit, MAX_COMPUTE_UNITS } from "./compute-budget";
import { InsufficientFundsError, TransactionExpiredError, TransactionFailedError } from "./errors";

/** A transaction the client wants sent: instructions, who signs, and what the CU table calls them. */
export interface PlannedTransaction {
  /** what the transaction does, for logs and progress. */
  description: string;
  instructions: TransactionInstruction[];
  /** every signer; the first pays the fee. */
  signers: Signer[];
  /** the hexpin instructions it contains (snake_case), for the compute-unit table. */
  computeUnitLabels: string[];
}

export type ConfirmLevel = Extract<Commitment, "processed" | "confirmed" | "finalized">;

export interface SendOptions {
  commitment?: ConfirmLevel;
  /** micro-lamports per compute unit; 0 or undefined adds no price instruction. */
  priorityFeeMicroLamports?: number;
  /** blockhashes to try before giving up (each only after the previous provably expired). */
  maxAttempts?: number;
  pollIntervalMs?: number;
  /** re-broadcast the same signed bytes this often while unconfirmed. */
  rebroadcastMs?: number;
  /** fetch the landed transaction for its logs, events and exact compute units (one more RPC call). */
  fetchResult?: boolean;
}

export interface SimulationReport {
  description: string;
  /** units the simulation consumed (compute-budget instructions included). */
  computeUnits: number;
  /** the limit the transaction carries. */
  computeUnitLimit: number;
  priorityFeeMicroLamports: number;
  /** the fee: signatures (as the cluster quotes them) plus the priority fee; once landed, what was charged. */
  feeLamports: number;
  logs: string[];
}

export interface SentTransaction extends SimulationReport {
  signature: string;
  slot: number;
  /** blockhashes used: 1 unless earlier ones expired unlanded. */
  attempts: number;
  /** hexpin events from the landed transaction's logs (when fetched). */
  events: DecodedEvent[];
}

const ORDER: Record<string, number> = { processed: 0, confirmed: 1, finalized: 2 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TransactionSender {
  constructor(
    readonly connection: Connection,
    readonly defaults: SendOptions = {},
    readonly programId?: PublicKey,
  ) {}

  private opt<K extends keyof SendOptions>(o: SendOptions, k: K, fallback: NonNullable<SendOptions[K]>): NonNullable<SendOptions[K]> {
    return (o[k] ?? this.defaults[k] ?? fallback) as NonNullable<SendOptions[K]>;
  }

  private message(tx: PlannedTransaction, unitLimit: number, priorityFee: number, blockhash: string) {
    return new TransactionMessage({
      payerKey: tx.signers[0].publicKey,
      recentBlockhash: blockhash,
      instructions: [...computeBudgetIxs(unitLimit, priorityFee), ...tx.instructions],
    }).compileToV0Message();
  }

  /**
   * Simulates the transaction (with the cap as limit, so units are measured, not guessed)
   * and quotes its fee; throws the typed error the transaction would fail with.
   */
  async simulate(tx: PlannedTransaction, o: SendOptions = {}): Promise<SimulationReport> {
    const priorityFee = this.opt(o, "priorityFeeMicroLamports", 0);
    const { blockhash } = await this.rpc(() => this.connection.getLatestBlockhash("confirmed"));
    const probe = new VersionedTransaction(this.message(tx, MAX_COMPUTE_UNITS, priorityFee, blockhash));
    const sim = await this.rpc(() => this.connection.simulateTransaction(probe, { sigVerify: false, replaceRecentBlockhash: true, commitment: "confirmed" }));
    const logs = sim.value.logs ?? [];
    if (sim.value.err) throw await this.failure(sim.value.err, logs, tx);
    const units = sim.value.unitsConsumed ?? 0;
    const limit = computeUnitLimit(tx.computeUnitLabels, units);
    // The base (signature) fee as the cluster quotes it, plus the priority fee computed exactly
    // (limit × price, rounded up), since not every RPC node includes the latter in its quote.
    const base = await this.rpc(() => this.connection.getFeeForMessage(this.message(tx, limit, 0, blockhash), "confirmed"));
    const priorityLamports = Math.ceil((limit * priorityFee) / 1_000_000);
    return { description: tx.description, computeUnits: units, computeUnitLimit: limit, priorityFeeMicroLamports: priorityFee, feeLamports: (base.value ?? 0) + priorityLamports, logs };
  }

  /** Simulates, then sends and confirms; see the file's comment for the guarantees. */
  async send(tx: PlannedTransaction, o: SendOptions = {}): Promise<SentTransaction> {
    const report = await this.simulate(tx, o);
    const commitment = this.opt(o, "commitment", "confirmed");
    const maxAttempts = this.opt(o, "maxAttempts", 3);
    const poll = this.opt(o, "pollIntervalMs", 400);
    const rebroadcast = this.opt(o, "rebroadcastMs", 2_000);
    const signatures: string[] = [];

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const bh = await this.rpc(() => this.connection.getLatestBlockhash("confirmed"));
      const signed = new VersionedTransaction(this.message(tx, report.computeUnitLimit, report.priorityFeeMicroLamports, bh.blockhash));
      signed.sign(tx.signers);
      const raw = signed.serialize();
      const signature = keyToBase58(signed.signatures[0]);
      signatures.push(signature);

      if (!(await this.broadcast(raw, tx))) continue; // refused before it could land: a new blockhash is safe
      const landed = await this.awaitLanding(signature, raw, bh, commitment, poll, rebroadcast, tx);
      if (landed === undefined) continue; // provably expired unlanded
      const result: SentTransaction = { ...report, signature, slot: landed, attempts: attempt, events: [] };
      if (this.opt(o, "fetchResult", true)) await this.attachResult(result);
      return result;
    }
    throw new TransactionExpiredError(maxAttempts, signatures);
  }

  /** Sends raw bytes; false when the cluster refused them for an unknown blockhash (cannot land). */
  private async broadcast(raw: Uint8Array, tx: PlannedTransaction): Promise<boolean> {
    try {
      await this.rpc(() => this.connection.sendRawTransaction(raw, { skipPreflight: true, maxRetries: 0 }));
      return true;
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      if (/blockhash not found/i.test(text)) return false;
      if (e instanceof SendTransactionError) throw await this.failure(text, e.logs ?? [], tx);
      throw e;
    }
  }

  /** The slot it landed in at `commitment`, or undefined once it provably never will. */
  private async awaitLanding(
    signature: string,
    raw: Uint8Array,
    bh: BlockhashWithExpiryBlockHeight,
    commitment: ConfirmLevel,
    poll: number,
    rebroadcast: number,
    tx: PlannedTransaction,
  ): Promise<number | undefined> {
    let lastBroadcast = Date.now();
    let seen = false;
    let expired = false;
    for (;;) {
      await sleep(poll);
      // Once the blockhash expired, recent-status caches may have dropped the signature: search history.
      const status = (await this.rpc(() => this.connection.getSignatureStatuses([signature], { searchTransactionHistory: expired }))).value[0];
      if (status) {
        seen = true;
        if (status.err) throw await this.landedFailure(signature, status.err, tx);
        if (ORDER[status.confirmationStatus ?? "processed"] >= ORDER[commitment]) return status.slot;
        continue; // landed; wait for the commitment without re-sending
      }
      if (seen || expired) continue; // a status that vanished (fork switch) is re-checked, never re-signed
      const height = await this.rpc(() => this.connection.getBlockHeight("finalized"));
      if (height > bh.lastValidBlockHeight) {
        const history = (await this.rpc(() => this.connection.getSignatureStatuses([signature], { searchTransactionHistory: true }))).value[0];
        if (!history) return undefined; // it can no longer land and never did
        expired = true;
        continue;
      }
      if (Date.now() - lastBroadcast >= rebroadcast) {
        lastBroadcast = Date.now();
        await this.broadcast(raw, tx).catch(() => undefined);
      }
    }
  }

  private async attachResult(result: SentTransaction): Promise<void> {
    const landed = await this.rpc(() => this.connection.getTransaction(result.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }));
    if (!landed?.meta) return;
    result.logs = landed.meta.logMessages ?? [];
    if (landed.meta.computeUnitsConsumed !== undefined) result.computeUnits = landed.meta.computeUnitsConsumed;
    result.feeLamports = landed.meta.fee;
    result.events = parseEvents(result.logs, this.programId);
  }

  private async landedFailure(signature: string, err: TransactionError, tx: PlannedTransaction): Promise<Error> {
    const landed = await this.connection
      .getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 })
      .catch(() => null);
    const e = await this.failure(err, landed?.meta?.logMessages ?? [], tx);
    if (e instanceof TransactionFailedError) return new TransactionFailedError(e.reason, e.logs, signature);
    return e;
  }

  /** Turns a transaction error and its logs into the typed error a caller can act on. */
  async failure(err: TransactionError | string, logs: string[], tx: PlannedTransaction): Promise<Error> {
    const program = hexpinErrorFromLogs(logs);
    if (program) return program;
    const payer = tx.signers[0].publicKey;
    const text = typeof err === "string" ? err : JSON.stringify(err);
    const lowFunds = logs.find((l) => /insufficient (lamports|funds)/i.test(l));
    if (/AccountNotFound|InsufficientFundsForFee|InsufficientFundsForRent|insufficient (lamports|funds)/i.test(text) || lowFunds) {
      const balance = await this.connection.getBalance(payer).then(BigInt, () => null);
      const detail = lowFunds ? lowFunds.replace(/^Program log: /, "").replace(/^Transfer: /, "") : /InsufficientFundsForFee/.test(text) ? "the fee" : /Rent/.test(text) ? "rent for a new account" : "";
      return new InsufficientFundsError(payer.toBase58(), balance === 0n && /AccountNotFound/.test(text) ? null : balance, detail);
    }
    return new TransactionFailedError(text, logs);
  }

  /** Runs an RPC call, surfacing a network failure as `ClusterUnreachableError`. */
  private async rpc<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw asClusterUnreachable(e) ?? e;
    }
  }
}

