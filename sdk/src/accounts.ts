// Decoders for hexpin accounts into plain typed objects (bigint for u64/i64).
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { coder } from "./program";

export interface EmissionStep {
  startEpoch: bigint;
  amountPerEpoch: bigint;
}

export interface NetworkAccount {
  bump: number;
  creator: PublicKey;
  authority: PublicKey;
  rewardMint: PublicKey;
  rewardsVault: PublicKey;
  feeRecipient: PublicKey;
  decimals: number;
  epochLengthSecs: bigint;
  genesisTs: bigint;
  currentEpoch: bigint;
  totalEmitted: bigint;
  emissionSchedule: EmissionStep[];
  oracles: PublicKey[];
  oracleQuorum: number;
  onboardFeeLamports: bigint;
  locationFeeLamports: bigint;
  makerCount: number;
  hotspotCount: bigint;
}

export interface MakerAccount {
  network: PublicKey;
  authority: PublicKey;
  issuingKey: PublicKey;
  name: string;
  approved: boolean;
  hotspotCount: bigint;
  createdAt: bigint;
}

export interface HotspotAccount {
  network: PublicKey;
  maker: PublicKey;
  owner: PublicKey;
  hardwareKey: PublicKey;
  /** H3 resolution-12 cell index; 0n while unasserted. */
  location: bigint;
  gainDbi10: number;
  elevationM: number;
  onboardedAt: bigint;
  locationAssertedAt: bigint;
  locationAssertCount: number;
}

export interface EpochAccount {
  network: PublicKey;
  epoch: bigint;
  startTs: bigint;
  endTs: bigint;
  emission: bigint;
  advancedAt: bigint;
  merkleRoot: Buffer;
  rootPosted: boolean;
  totalClaimed: bigint;
}

const big = (v: unknown): bigint => BigInt((v as BN).toString());

export function decodeNetwork(data: Buffer | Uint8Array): NetworkAccount {
  const n = coder.accounts.decode("Network", Buffer.from(data));
  const steps = (n.emission_schedule as { start_epoch: BN; amount_per_epoch: BN }[]).slice(0, n.emission_step_count);
  return {
    bump: n.bump,
    creator: n.creator,
    authority: n.authority,
    rewardMint: n.reward_mint,
    rewardsVault: n.rewards_vault,
    feeRecipient: n.fee_recipient,
    decimals: n.decimals,
    epochLengthSecs: big(n.epoch_length_secs),
    genesisTs: big(n.genesis_ts),
    currentEpoch: big(n.current_epoch),
    totalEmitted: big(n.total_emitted),
    emissionSchedule: steps.map((s) => ({ startEpoch: big(s.start_epoch), amountPerEpoch: big(s.amount_per_epoch) })),
    oracles: (n.oracles as PublicKey[]).slice(0, n.oracle_count),
    oracleQuorum: n.oracle_quorum,
    onboardFeeLamports: big(n.onboard_fee_lamports),
    locationFeeLamports: big(n.location_fee_lamports),
    makerCount: n.maker_count,
    hotspotCount: big(n.hotspot_count),
  };
}

export function decodeMaker(data: Buffer | Uint8Array): MakerAccount {
  const m = coder.accounts.decode("Maker", Buffer.from(data));
  return {
    network: m.network,
    authority: m.authority,
    issuingKey: m.issuing_key,
    name: Buffer.from(m.name as number[]).subarray(0, m.name_len).toString("utf8"),
    approved: m.approved,
    hotspotCount: big(m.hotspot_count),
    createdAt: big(m.created_at),
  };
}

export function decodeHotspot(data: Buffer | Uint8Array): HotspotAccount {
  const h = coder.accounts.decode("Hotspot", Buffer.from(data));
  return {
    network: h.network,
    maker: h.maker,
    owner: h.owner,
    hardwareKey: h.hardware_key,
    location: big(h.location),
    gainDbi10: h.gain_dbi10,
    elevationM: h.elevation_m,
    onboardedAt: big(h.onboarded_at),
    locationAssertedAt: big(h.location_asserted_at),
    locationAssertCount: h.location_assert_count,
  };
}

export function decodeEpoch(data: Buffer | Uint8Array): EpochAccount {
  const e = coder.accounts.decode("Epoch", Buffer.from(data));
  return {
    network: e.network,
    epoch: big(e.epoch),
    startTs: big(e.start_ts),
    endTs: big(e.end_ts),
    emission: big(e.emission),
    advancedAt: big(e.advanced_at),
    merkleRoot: Buffer.from(e.merkle_root as number[]),
    rootPosted: e.root_posted,
    totalClaimed: big(e.total_claimed),
  };
}
