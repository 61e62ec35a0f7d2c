// HexpinClient: a wallet on a cluster. Typed getters read hexpin accounts; each action
// plans a transaction (transactions.ts) and hands it to the sender (send.ts), or only
// simulates it when `dryRun` is set. Errors are typed: `HexpinProgramError` for the
// program's own codes, the classes in client/errors.ts for everything else.
import { verify } from "node:crypto";
import { PublicKey, type Connection, type Signer } from "@solana/web3.js";
import { decodeEpoch, decodeHotspot, decodeMaker, decodeNetwork, type EpochAccount, type HotspotAccount, type MakerAccount, type NetworkAccount } from "../accounts";
import { HEXPIN_PROGRAM_ID } from "../constants";
import { onboardHotspotIxs, type InitializeNetworkParams } from "../instructions";
import { epochPda, hotspotPda, makerPda, networkPda } from "../pdas";
import type { HardwareKeypair } from "../reports/keys";
import { publicKeyObject } from "../reports/keys";
import { accountFilters } from "./account-layout";
import { asClusterUnreachable } from "./cluster";
import { signOnboardingConsent } from "./device";
import { AccountMismatchError, AccountNotFoundError, InvalidInputError } from "./errors";
import { TransactionSender, type PlannedTransaction, type SendOptions, type SentTransaction, type SimulationReport } from "./send";
import * as txs from "./transactions";

export interface HexpinClientOptions extends SendOptions {
  programId?: PublicKey;
}

/** What an action returns: the simulation, plus the landed transaction unless a dry run. */
export type TxOutcome = (SimulationReport & { dryRun: true }) | (SentTransaction & { dryRun: false });

export interface ExecuteOptions extends SendOptions {
  dryRun?: boolean;
}

export interface Located<T> {
  address: PublicKey;
  account: T;
}

export interface OnboardRequest {
  network: PublicKey;
  /** the maker's issuing key; it signs the onboarding. */
  issuingKey: Signer;
  owner: PublicKey;
  hardwareKey: PublicKey;
  /** the device's consent signature (64 bytes), or the device keypair to sign it now. */
  consent: Uint8Array | HardwareKeypair;
  location: bigint | string;
  gainDbi10: number;
  elevationM: number;
}

export interface BatchItemResult<T> {
  index: number;
  ok: boolean;
  value?: T;
  error?: Error;
}

export class HexpinClient {
  readonly sender: TransactionSender;
  readonly programId: PublicKey;

  constructor(
    readonly connection: Connection,
    readonly wallet: Signer,
    readonly options: HexpinClientOptions = {},
  ) {
    this.programId = options.programId ?? HEXPIN_PROGRAM_ID;
    this.sender = new TransactionSender(connection, options, this.programId);
  }

  /** The network this wallet created (its PDA), the default network of CLI commands. */
  defaultNetwork(): PublicKey {
    return networkPda(this.wallet.publicKey, this.programId)[0];
  }

  // ---- reads ----------------------------------------------------------------------

  private async read<T>(address: PublicKey, decode: (d: Buffer) => T, what: string): Promise<T | null> {
    const info = await this.rpc(() => this.connection.getAccountInfo(address));
    if (!info) return null;
    if (!info.owner.equals(this.programId)) throw new AccountMismatchError(address.toBase58(), what);
    try {
      return decode(info.data);
    } catch {
      throw new AccountMismatchError(address.toBase58(), what);
    }
  }

  async fetchNetwork(network: PublicKey): Promise<NetworkAccount | null> {
    return this.read(network, decodeNetwork, "network");
  }

  async network(network: PublicKey): Promise<NetworkAccount> {
    const n = await this.fetchNetwork(network);
    if (!n) throw new AccountNotFoundError("network", `at ${network.toBase58()} on this cluster (initialize one with \`hexpin network init\`, or pass --network)`);
    return n;
  }

  async fetchMaker(maker: PublicKey): Promise<MakerAccount | null> {
    return this.read(maker, decodeMaker, "maker");
  }

  async maker(maker: PublicKey): Promise<MakerAccount> {
    const m = await this.fetchMaker(maker);
    if (!m) throw new AccountNotFoundError("maker", `at ${maker.toBase58()}`);
    return m;
  }

  makerAddress(network: PublicKey, issuingKey: PublicKey): PublicKey {
    return makerPda(network, issuingKey, this.programId)[0];
  }

  hotspotAddress(network: PublicKey, hardwareKey: PublicKey): PublicKey {
    return hotspotPda(network, hardwareKey, this.programId)[0];
  }

  async fetchHotspot(network: PublicKey, hardwareKey: PublicKey): Promise<HotspotAccount | null> {
    return this.read(this.hotspotAddress(network, hardwareKey), decodeHotspot, "hotspot");
  }

  async hotspot(network: PublicKey, hardwareKey: PublicKey): Promise<HotspotAccount> {
    const h = await this.fetchHotspot(network, hardwareKey);
    if (!h) throw new AccountNotFoundError("hotspot", `with hardware key ${hardwareKey.toBase58()} on network ${network.toBase58()}`);
    return h;
  }

  async fetchEpoch(network: PublicKey, epoch: bigint): Promise<EpochAccount | null> {
    return this.read(epochPda(network, epoch, this.programId)[0], decodeEpoch, "epoch");
  }

  async epoch(network: PublicKey, epoch: bigint): Promise<EpochAccount> {
    const e = await this.fetchEpoch(network, epoch);
    if (!e) throw new AccountNotFoundError("epoch", `${epoch} on network ${network.toBase58()} (epochs exist once \`hexpin epoch advance\` closed them)`);
    return e;
  }

  /** Hotspots of a network, optionally only one owner's or one maker's, by address. */
  async listHotspots(q: { network: PublicKey; owner?: PublicKey; maker?: PublicKey }): Promise<Located<HotspotAccount>[]> {
    const filters = accountFilters("Hotspot", { network: q.network, owner: q.owner, maker: q.maker });
    const found = await this.rpc(() => this.connection.getProgramAccounts(this.programId, { filters }));
    return found
      .map(({ pubkey, account }) => ({ address: pubkey, account: decodeHotspot(account.data) }))
      .sort((a, b) => Buffer.compare(a.account.hardwareKey.toBuffer(), b.account.hardwareKey.toBuffer()));
  }

  async listMakers(network: PublicKey): Promise<Located<MakerAccount>[]> {
    const found = await this.rpc(() => this.connection.getProgramAccounts(this.programId, { filters: accountFilters("Maker", { network }) }));
    return found.map(({ pubkey, account }) => ({ address: pubkey, account: decodeMaker(account.data) }));
  }

  // ---- actions --------------------------------------------------------------------

  /** Simulates (dry run) or sends a planned transaction. */
  async execute(tx: PlannedTransaction, o: ExecuteOptions = {}): Promise<TxOutcome> {
    if (o.dryRun) return { ...(await this.sender.simulate(tx, o)), dryRun: true };
    return { ...(await this.sender.send(tx, o)), dryRun: false };
  }

  async initializeNetwork(p: Omit<InitializeNetworkParams, "creator" | "programId">, o?: ExecuteOptions): Promise<TxOutcome & { network: PublicKey }> {
    const out = await this.execute(txs.initializeNetworkTx(this.wallet, { ...p, programId: this.programId }), o);
    return { ...out, network: this.defaultNetwork() };
  }

  /** The wallet registers (and pays for) a maker whose issuing key also signs. */
  async registerMaker(network: PublicKey, name: string, issuingKey: Signer, o?: ExecuteOptions): Promise<TxOutcome & { maker: PublicKey }> {
    const out = await this.execute(txs.registerMakerTx({ authority: this.wallet, issuingKey, network, name, programId: this.programId }), o);
    return { ...out, maker: this.makerAddress(network, issuingKey.publicKey) };
  }

  /** The wallet, as network authority, approves or revokes a maker. */
  async setMakerApproval(network: PublicKey, maker: PublicKey, approved: boolean, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.approveMakerTx({ authority: this.wallet, network, maker, approved, programId: this.programId }), o);
  }

  /** Plans an onboarding; checks the device's consent signature locally first. */
  async planOnboarding(r: OnboardRequest): Promise<PlannedTransaction> {
    const net = await this.network(r.network);
    const consent = "privateKey" in r.consent ? this.consentFrom(r.consent, r) : r.consent;
    if (consent.length !== 64) throw new InvalidInputError(`The consent signature for ${r.hardwareKey.toBase58()} must be 64 bytes, got ${consent.length}.`);
    let message: Buffer | undefined;
    onboardHotspotIxs({ ...r, payer: this.wallet.publicKey, issuingKey: r.issuingKey.publicKey, feeRecipient: net.feeRecipient, programId: this.programId, signWithHardwareKey: (m) => ((message = m), consent) });
    if (!message || !verify(null, message, publicKeyObject(r.hardwareKey.toBytes()), Buffer.from(consent))) {
      throw new InvalidInputError(`The consent signature is not the device ${r.hardwareKey.toBase58()}'s signature over this onboarding (network, maker, owner and parameters must match what it signed).`);
    }
    return txs.onboardHotspotTx({ ...r, payer: this.wallet, feeRecipient: net.feeRecipient, programId: this.programId, signWithHardwareKey: () => consent });
  }

  private consentFrom(device: HardwareKeypair, r: OnboardRequest): Uint8Array {
    if (!new PublicKey(device.publicKey).equals(r.hardwareKey)) throw new InvalidInputError(`The device keypair is ${device.address}, not the hardware key ${r.hardwareKey.toBase58()}.`);
    return signOnboardingConsent(device, { ...r, issuingKey: r.issuingKey.publicKey, programId: this.programId });
  }

  /** The wallet pays; the maker's issuing key signs; the device's consent is verified on-chain. */
  async onboardHotspot(r: OnboardRequest, o?: ExecuteOptions): Promise<TxOutcome & { hotspot: PublicKey }> {
    const out = await this.execute(await this.planOnboarding(r), o);
    return { ...out, hotspot: this.hotspotAddress(r.network, r.hardwareKey) };
  }

  /**
   * Onboards many hotspots, `concurrency` transactions in flight; one failure never stops
   * the batch. Results come back in input order; `onProgress` sees each as it settles.
   */
  async onboardHotspots(
    requests: OnboardRequest[],
    o: ExecuteOptions & { concurrency?: number; onProgress?: (r: BatchItemResult<TxOutcome & { hotspot: PublicKey }>) => void } = {},
  ): Promise<BatchItemResult<TxOutcome & { hotspot: PublicKey }>[]> {
    return runPool(requests, o.concurrency ?? 8, (r) => this.onboardHotspot(r, { fetchResult: false, ...o }), o.onProgress);
  }

  /** Closes the network's current epoch (anyone may crank it once the epoch has ended). */
  async advanceEpoch(network: PublicKey, o?: ExecuteOptions): Promise<TxOutcome & { epoch: bigint }> {
    const net = await this.network(network);
    const out = await this.execute(txs.advanceEpochTx({ payer: this.wallet, network, epoch: net.currentEpoch, programId: this.programId }), o);
    return { ...out, epoch: net.currentEpoch };
  }

  async balance(key: PublicKey = this.wallet.publicKey): Promise<bigint> {
    return BigInt(await this.rpc(() => this.connection.getBalance(key)));
  }

  private async rpc<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw asClusterUnreachable(e) ?? e;
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; never rejects. */
export async function runPool<I, T>(
  items: I[],
  concurrency: number,
  work: (item: I, index: number) => Promise<T>,
  onSettled?: (r: BatchItemResult<T>) => void,
): Promise<BatchItemResult<T>[]> {
  const results: BatchItemResult<T>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      let r: BatchItemResult<T>;
      try {
        r = { index: i, ok: true, value: await work(items[i], i) };
      } catch (e) {
        r = { index: i, ok: false, error: e instanceof Error ? e : new Error(String(e)) };
      }
      results[i] = r;
      onSettled?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
