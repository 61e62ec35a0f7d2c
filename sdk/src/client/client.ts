// HexpinClient: a wallet on a cluster. Typed getters read hexpin accounts; each action
// plans a transaction (transactions.ts) and hands it to the sender (send.ts), or only
// simulates it when `dryRun` is set. Errors are typed: `HexpinProgramError` for the
// program's own codes, the classes in client/errors.ts for everything else.
import { verify } from "node:crypto";
import { PublicKey, type Connection, type Signer } from "@solana/web3.js";
import { decodeEpoch, decodeHotspot, decodeMaker, decodeNetwork, type EpochAccount, type HotspotAccount, type MakerAccount, type NetworkAccount } from "../accounts";
import { HEXPIN_PROGRAM_ID } from "../constants";
import { onboardHotspotIxs, rewardTokenAccount, type InitializeNetworkParams, type NetworkUpdate, type Placement } from "../instructions";
import { epochPda, hotspotPda, makerPda, networkPda } from "../pdas";
import type { HardwareKeypair } from "../reports/keys";
import { publicKeyObject } from "../reports/keys";
import { accountFilters } from "./account-layout";
import { asClusterUnreachable } from "./cluster";
import { signOnboardingConsent } from "./device";
import { AccountMismatchError, AccountNotFoundError, InvalidInputError } from "./errors";
import type { ProofLookup, ProofSource } from "./proof-sources";
import { checkClaim, runClaims, type ClaimCheck, type ClaimRun, type ClaimRunOptions } from "./rewards";
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

/** An epoch root as an oracle votes it. */
export interface RootVote {
  network: PublicKey;
  epoch: bigint;
  merkleRoot: Uint8Array;
  inputDigest: Uint8Array;
  totalCumulative: bigint;
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

  /** Many hotspots in few calls (100 accounts per `getMultipleAccountsInfo`); null where none exists. */
  async fetchHotspots(network: PublicKey, hardwareKeys: PublicKey[]): Promise<(HotspotAccount | null)[]> {
    const infos = await this.multipleAccounts(hardwareKeys.map((k) => this.hotspotAddress(network, k)));
    return infos.map((info, i) => {
      if (!info) return null;
      if (!info.owner.equals(this.programId)) throw new AccountMismatchError(this.hotspotAddress(network, hardwareKeys[i]).toBase58(), "hotspot");
      try {
        return decodeHotspot(info.data);
      } catch {
        throw new AccountMismatchError(this.hotspotAddress(network, hardwareKeys[i]).toBase58(), "hotspot");
      }
    });
  }

  private async multipleAccounts(addresses: PublicKey[]) {
    const out: Awaited<ReturnType<Connection["getMultipleAccountsInfo"]>> = [];
    for (let i = 0; i < addresses.length; i += 100) {
      const chunk = addresses.slice(i, i + 100);
      out.push(...(await this.rpc(() => this.connection.getMultipleAccountsInfo(chunk))));
    }
    return out;
  }

  /** The owner's reward token balance in base units (0 while the account does not exist). */
  async rewardBalance(network: PublicKey, owner: PublicKey): Promise<bigint> {
    const info = await this.rpc(() => this.connection.getAccountInfo(rewardTokenAccount(network, owner, this.programId)));
    // SPL token account: mint (32) ‖ owner (32) ‖ amount u64 LE.
    return info && info.data.length >= 72 ? info.data.readBigUInt64LE(64) : 0n;
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

  /** An oracle (the wallet) votes an epoch's root; at quorum the root activates. */
  async postEpochRoot(v: RootVote, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.postEpochRootTx({ ...v, oracle: this.wallet, programId: this.programId }), o);
  }

  // ---- the hotspot's life (the wallet is its owner) ---------------------------------

  /** The owner (the wallet, or `owner`) moves the hotspot or changes its antenna; the wallet pays the location fee. */
  async assertLocation(r: Placement & { network: PublicKey; hardwareKey: PublicKey; owner?: Signer }, o?: ExecuteOptions): Promise<TxOutcome & { hotspot: PublicKey }> {
    const net = await this.network(r.network);
    const out = await this.execute(
      txs.assertLocationTx({ ...r, payer: this.wallet, owner: r.owner ?? this.wallet, feeRecipient: net.feeRecipient, programId: this.programId }),
      o,
    );
    return { ...out, hotspot: this.hotspotAddress(r.network, r.hardwareKey) };
  }

  /** Hands the hotspot to a new owner: every later claim, including what is accrued and unclaimed, pays them. */
  async transferHotspot(network: PublicKey, hardwareKey: PublicKey, newOwner: PublicKey, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.transferHotspotTx({ owner: this.wallet, newOwner, network, hardwareKey, programId: this.programId }), o);
  }

  /** Closes the hotspot (rent to the owner). Whatever this life has not claimed stays in the vault for good. */
  async decommissionHotspot(network: PublicKey, hardwareKey: PublicKey, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.decommissionHotspotTx({ owner: this.wallet, network, hardwareKey, programId: this.programId }), o);
  }

  // ---- network administration (the wallet is the authority) -------------------------

  async setOracles(network: PublicKey, oracles: PublicKey[], oracleQuorum: number, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.setOraclesTx({ authority: this.wallet, network, oracles, oracleQuorum, programId: this.programId }), o);
  }

  /** Proposes the next authority (null cancels a pending proposal); it takes over once it accepts. */
  async proposeAuthority(network: PublicKey, newAuthority: PublicKey | null, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.proposeAuthorityTx({ authority: this.wallet, network, newAuthority: newAuthority ?? PublicKey.default, programId: this.programId }), o);
  }

  /** The wallet, as the proposed authority, takes over the network. */
  async acceptAuthority(network: PublicKey, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.acceptAuthorityTx({ newAuthority: this.wallet, network, programId: this.programId }), o);
  }

  async updateNetwork(network: PublicKey, update: NetworkUpdate, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.updateNetworkTx({ authority: this.wallet, network, update, programId: this.programId }), o);
  }

  /** Sets the pause flags (`PAUSE.onboarding | PAUSE.claims`); roots may still be posted while paused. */
  async setPaused(network: PublicKey, paused: number, o?: ExecuteOptions): Promise<TxOutcome> {
    return this.execute(txs.setPausedTx({ authority: this.wallet, network, paused, programId: this.programId }), o);
  }

  // ---- rewards --------------------------------------------------------------------

  /**
   * What each hotspot could claim now: its current account (read again), the source's proof
   * and the network's active root, checked here (nothing is sent). `targets` are hardware
   * keys or listed hotspots. Lookups run `concurrency` at a time.
   */
  async checkClaims(
    network: PublicKey,
    targets: (PublicKey | Located<HotspotAccount>)[],
    source: ProofSource | null,
    o: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ClaimCheck[]> {
    const net = await this.network(network);
    const keys = targets.map((t) => (t instanceof PublicKey ? t : t.account.hardwareKey));
    // Always the accounts as they are now: a claim decided on a stale `claimed` would be refused.
    const accounts = await this.fetchHotspots(network, keys);
    let done = 0;
    const lookups = await runPool(keys, o.concurrency ?? 8, async (key, i): Promise<ProofLookup | null> => {
      const h = accounts[i];
      const found = source && h ? await source.lookup(key, h.serial) : null;
      o.onProgress?.(++done, keys.length);
      return found;
    });
    const failed = lookups.find((l) => !l.ok);
    if (failed) throw failed.error;
    return keys.map((key, i) => checkClaim(net.activeRoot, key, this.hotspotAddress(network, key), accounts[i], lookups[i].value ?? null));
  }

  /** Claims every claimable check, packed, each owner's reward account created where missing. */
  async claimRewards(network: PublicKey, checks: readonly ClaimCheck[], o: ExecuteOptions & Omit<ClaimRunOptions, "network" | "dryRun" | "priorityFeeMicroLamports"> = {}): Promise<ClaimRun> {
    return runClaims(
      {
        wallet: this.wallet,
        programId: this.programId,
        execute: (tx) => this.execute(tx, o),
        missingRewardAccounts: async (owners) => {
          const infos = await this.multipleAccounts(owners.map((w) => rewardTokenAccount(network, w, this.programId)));
          return new Set(owners.filter((_, i) => !infos[i]).map((w) => w.toBase58()));
        },
        readHotspots: (keys) => this.fetchHotspots(network, keys),
      },
      checks,
      { ...o, network, dryRun: !!o.dryRun, priorityFeeMicroLamports: o.priorityFeeMicroLamports ?? this.options.priorityFeeMicroLamports },
    );
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
