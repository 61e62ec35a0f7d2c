// Optional cranking of `advance_epoch` (`--crank`): once the chain's clock has
// passed the end of the network's current epoch, close it (the program mints
// its emission). Anyone may crank, so several oracles race; the program lets
// exactly one transaction close each epoch and refuses the others at
// simulation (the epoch is no longer current, or the next one has not ended).
// A loser reads the network again and finds the epoch closed: that is success.

import { Connection, PublicKey, Signer, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { advanceEpochIx, decodeNetwork, HEXPIN_PROGRAM_ID, HexpinProgramError, TransactionFailedError, TransactionSender, type SendOptions } from "@hexpin/sdk";

export interface EpochCrankOptions {
  connection: Connection;
  /** pays the new Epoch account's rent and the fee. */
  payer: Signer;
  network: PublicKey;
  programId?: PublicKey;
  send?: SendOptions;
  log?: (event: Record<string, unknown>) => void;
}

export interface CrankResult {
  /** epochs this crank closed. */
  advanced: number[];
  /** epochs another cranker closed while this one tried. */
  closedByOthers: number[];
}

/** The chain's `Clock.unix_timestamp` (seconds): what `advance_epoch` compares with an epoch's end. */
export async function chainUnixTime(connection: Connection, commitment: "processed" | "confirmed" | "finalized" = "confirmed"): Promise<number> {
  const info = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, commitment);
  if (!info || info.data.length < 40) throw new Error("the cluster returned no Clock sysvar");
  // Clock: slot u64, epoch_start_timestamp i64, epoch u64, leader_schedule_epoch u64, unix_timestamp i64
  return Number(info.data.readBigInt64LE(32));
}

export class EpochCrank {
  readonly programId: PublicKey;
  readonly sender: TransactionSender;
  /** at most this many epochs per call (a crank far behind catches up over several calls). */
  maxPerCall = 8;

  constructor(private readonly o: EpochCrankOptions) {
    this.programId = o.programId ?? HEXPIN_PROGRAM_ID;
    this.sender = new TransactionSender(o.connection, { commitment: "confirmed", ...o.send }, this.programId);
  }

  private async current(): Promise<{ epoch: bigint; endTs: bigint }> {
    const info = await this.o.connection.getAccountInfo(this.o.network, "confirmed");
    if (!info || !info.owner.equals(this.programId)) throw new Error(`network ${this.o.network.toBase58()} is not a hexpin account on this cluster`);
    const n = decodeNetwork(info.data);
    return { epoch: n.currentEpoch, endTs: n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs };
  }

  /** Closes every ended epoch (up to `maxPerCall`); idempotent and safe to race. */
  async crank(): Promise<CrankResult> {
    const out: CrankResult = { advanced: [], closedByOthers: [] };
    for (let i = 0; i < this.maxPerCall; i++) {
      const { epoch, endTs } = await this.current();
      if (BigInt(await chainUnixTime(this.o.connection)) < endTs) break;
      try {
        const sent = await this.sender.send({
          description: `advance epoch ${epoch}`,
          instructions: [advanceEpochIx({ payer: this.o.payer.publicKey, network: this.o.network, epoch, programId: this.programId })],
          signers: [this.o.payer],
          computeUnitLabels: ["advance_epoch"],
        }, { fetchResult: false });
        out.advanced.push(Number(epoch));
        this.o.log?.({ msg: "epoch advanced", epoch: Number(epoch), signature: sent.signature });
      } catch (e) {
        // a refusal at simulation, or a transaction that landed after another crank's and failed
        if (!(e instanceof HexpinProgramError) && !(e instanceof TransactionFailedError)) throw e;
        const after = await this.current();
        if (after.epoch > epoch) {
          out.closedByOthers.push(Number(epoch));
          this.o.log?.({ msg: "epoch closed by another crank", epoch: Number(epoch) });
          continue;
        }
        if (e instanceof HexpinProgramError && e.errorName === "EpochNotEnded") break; // our clock read ran ahead of the program's
        throw e;
      }
    }
    return out;
  }
}
