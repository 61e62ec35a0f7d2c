// A world for the reward path: a network with its oracle set, an approved maker, hotspot
// lives with owners that can sign, closed epochs, roots voted by the oracles and claims.
// Every factory returns what a test needs to build its own (possibly malformed) variant.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { AccountLayout, MintLayout } from "@solana/spl-token";
import {
  advanceEpochIx,
  claimRewardsIx,
  createRewardTokenAccountIx,
  decodeEpoch,
  decodeHotspot,
  decodeNetwork,
  epochPda,
  hotspotPda,
  MerkleTree,
  onboardHotspotIxs,
  postEpochRootIx,
  rewardTokenAccount,
  type ClaimParams,
  type EpochAccount,
  type HardwareKeypair,
  type HotspotAccount,
  type InitializeNetworkParams,
  type NetworkAccount,
} from "../../sdk/src";
import { LocalChain, type TxResult } from "../../sdk/src/testing/local-chain";
import { createNetwork, newDevice, onboardParams, registerMaker, type MakerFixture, type NetworkFixture, type OnboardOptions } from "./fixtures";
import { expectOk } from "./rejection";

export interface RewardWorld extends NetworkFixture {
  maker: MakerFixture;
  /** pays for cranks, votes and claims that anyone may send. */
  cranker: Keypair;
}

export interface WorldOptions {
  /** oracle count (default 3). */
  oracles?: number;
  /** default 2, or 1 with a single oracle. */
  quorum?: number;
  tweak?: Partial<InitializeNetworkParams>;
  chain?: LocalChain;
}

export function rewardWorld(o: WorldOptions = {}): RewardWorld {
  const count = o.oracles ?? 3;
  const oracles = Array.from({ length: count }, () => Keypair.generate());
  const quorum = o.quorum ?? Math.min(2, count);
  const net = createNetwork(o.chain ?? new LocalChain(), { oracleQuorum: quorum, ...o.tweak }, oracles);
  return { ...net, maker: registerMaker(net), cranker: net.chain.fundedKeypair() };
}

/** One life of a hotspot: its device, the owner wallet (a signer) and its serial. */
export interface Life {
  device: HardwareKeypair;
  hardwareKey: PublicKey;
  owner: Keypair;
  hotspot: PublicKey;
  serial: bigint;
}

/** Onboards a hotspot (a new device unless given) owned and paid for by `owner` (a new wallet unless given). */
export function onboardLife(w: NetworkFixture & { maker: MakerFixture }, o: Omit<OnboardOptions, "owner"> & { owner?: Keypair } = {}): Life {
  const owner = o.owner ?? w.chain.fundedKeypair();
  const device = o.device ?? newDevice();
  const params = onboardParams(w, w.maker, owner, device, { ...o, owner: owner.publicKey });
  expectOk(w.chain, onboardHotspotIxs(params), [owner, w.maker.issuingKey]);
  const hotspot = hotspotPda(w.network, params.hardwareKey)[0];
  return { device, hardwareKey: params.hardwareKey, owner, hotspot, serial: hotspotOf(w.chain, hotspot).serial };
}

export function networkOf(w: NetworkFixture): NetworkAccount {
  return decodeNetwork(w.chain.accountData(w.network)!);
}

export function hotspotOf(chain: LocalChain, hotspot: PublicKey): HotspotAccount {
  const data = chain.accountData(hotspot);
  assert.ok(data, `hotspot ${hotspot.toBase58()} does not exist`);
  return decodeHotspot(data);
}

export function epochOf(w: NetworkFixture, epoch: bigint | number): EpochAccount {
  return decodeEpoch(w.chain.accountData(epochPda(w.network, epoch)[0])!);
}

export function tokenBalance(chain: LocalChain, tokenAccount: PublicKey): bigint {
  const data = chain.accountData(tokenAccount);
  return data ? AccountLayout.decode(data).amount : 0n;
}

export function vaultBalance(w: NetworkFixture): bigint {
  return tokenBalance(w.chain, w.vault);
}

export function mintSupply(w: NetworkFixture): bigint {
  return MintLayout.decode(w.chain.accountData(w.mint)!).supply;
}

/** The owner's reward token account (ATA of the network's mint). */
export function ataOf(w: NetworkFixture, owner: PublicKey): PublicKey {
  return rewardTokenAccount(w.network, owner);
}

/** Creates `owner`'s reward ATA (idempotent), paid by a funded stranger. */
export function ensureAta(w: NetworkFixture, owner: PublicKey): PublicKey {
  const payer = w.chain.fundedKeypair(1_000_000_000n);
  expectOk(w.chain, [createRewardTokenAccountIx({ payer: payer.publicKey, network: w.network, owner })], [payer]);
  return ataOf(w, owner);
}

/** Warps to the end of the network's current epoch and closes it; returns its number. */
export function closeEpoch(w: RewardWorld): bigint {
  const n = networkOf(w);
  const end = n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs;
  const now = w.chain.now();
  if (end > now) w.chain.warp(end - now);
  expectOk(w.chain, [advanceEpochIx({ payer: w.cranker.publicKey, network: w.network, epoch: n.currentEpoch })], [w.cranker]);
  return n.currentEpoch;
}

export const digestOf = (label: string): Buffer => createHash("sha256").update(`input bundle: ${label}`).digest();

/** What oracles vote for: an epoch's root, input digest and total, and the tree behind it. */
export interface Commitment {
  epoch: bigint;
  tree: MerkleTree;
  root: Buffer;
  digest: Buffer;
  total: bigint;
}

/** A leaf's life: a live `Life`, or any (hardware key, serial) pair. */
export type LeafOwner = Pick<Life, "hardwareKey" | "serial">;

/** The commitment an honest oracle makes: these lives' cumulative amounts, summed. */
export function commitment(epoch: bigint | number, entries: [LeafOwner, bigint][], digest = digestOf(`epoch ${epoch}`)): Commitment {
  const tree = MerkleTree.build(entries.map(([l, amount]) => ({ key: l.hardwareKey.toBytes(), serial: l.serial, amount })));
  return { epoch: BigInt(epoch), tree, root: tree.root, digest, total: entries.reduce((s, [, a]) => s + a, 0n) };
}

export function voteIx(w: NetworkFixture, oracle: Keypair | PublicKey, c: Pick<Commitment, "epoch" | "root" | "digest" | "total">): TransactionInstruction {
  const key = oracle instanceof Keypair ? oracle.publicKey : oracle;
  return postEpochRootIx({ oracle: key, network: w.network, epoch: c.epoch, merkleRoot: c.root, inputDigest: c.digest, totalCumulative: c.total });
}

/** `oracle` votes for `c`, the cranker paying the fee. */
export function vote(w: RewardWorld, oracle: Keypair, c: Pick<Commitment, "epoch" | "root" | "digest" | "total">): TxResult {
  return w.chain.send([voteIx(w, oracle, c)], [w.cranker, oracle]);
}

/** The first `quorum` oracles vote for `c`; asserts it became the network's active root. */
export function activate(w: RewardWorld, c: Commitment, voters = w.oracles.slice(0, networkOf(w).oracleQuorum)): void {
  for (const o of voters) expectOk(w.chain, [voteIx(w, o, c)], [w.cranker, o]);
  const active = networkOf(w).activeRoot;
  assert.ok(active && active.epoch === c.epoch && active.merkleRoot.equals(c.root), "the root activated");
}

/** A claim for `life` with its leaf in `c`'s tree (or the given cumulative and proof). */
export function claimParams(w: NetworkFixture, life: LeafOwner & { hotspot?: PublicKey }, c: Commitment, over: Partial<ClaimParams> = {}): ClaimParams {
  const i = c.tree.indexOf(life.hardwareKey.toBytes(), life.serial);
  const hotspot = life.hotspot ?? hotspotPda(w.network, life.hardwareKey)[0];
  const owner = over.owner ?? (w.chain.account(hotspot)?.owner.equals(w.chain.programId) ? hotspotOf(w.chain, hotspot).owner : PublicKey.default);
  return {
    network: w.network,
    hardwareKey: life.hardwareKey,
    owner,
    cumulative: i >= 0 ? c.tree.amounts[i] : 0n,
    proof: i >= 0 ? c.tree.proof(i) : [],
    ...over,
  };
}

export function claimIx(w: NetworkFixture, life: LeafOwner & { hotspot?: PublicKey }, c: Commitment, over: Partial<ClaimParams> = {}): TransactionInstruction {
  return claimRewardsIx(claimParams(w, life, c, over));
}

/** A world with one closed epoch, `lives` hotspots and nothing voted yet. */
export function worldWithEpoch(lives = 2, o: WorldOptions = {}) {
  const w = rewardWorld(o);
  const hotspots = Array.from({ length: lives }, () => onboardLife(w));
  const epoch = closeEpoch(w);
  return { w, lives: hotspots, epoch };
}
