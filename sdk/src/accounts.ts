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
  /** the proposed next authority, or null. */
  pendingAuthority: PublicKey | null;
  rewardMint: PublicKey;
  rewardsVault: PublicKey;
  feeRecipient: PublicKey;
  decimals: number;
  /** `PAUSE.onboarding | PAUSE.claims` bits. */
  paused: number;
  epochLengthSecs: bigint;
  genesisTs: bigint;
  currentEpoch: bigint;
  totalEmitted: bigint;
  maxSupply: bigint;
  emissionSchedule: EmissionStep[];
  oracles: PublicKey[];
  oracleQuorum: number;
  oracleConfigVersion: number;
  onboardFeeLamports: bigint;
  locationFeeLamports: bigint;
  locationCooldownSecs: bigint;
  makerCount: number;
  /** hotspot lives ever onboarded (the last serial handed out). */
  hotspotCount: bigint;
  activeHotspotCount: bigint;
  /** the root every claim is verified against, once one has activated. */
  activeRoot: { epoch: bigint; merkleRoot: Buffer; inputDigest: Buffer; totalCumulative: bigint } | null;
  totalClaimed: bigint;
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
  /** bump of the owner's associated token account of the reward mint. */
  ownerAtaBump: number;
  hardwareKey: PublicKey;
  /** onboarding serial of this life; reward leaves name it. */
  serial: bigint;
  /** H3 resolution-12 cell index; 0n while unasserted. */
  location: bigint;
  gainDbi10: number;
  elevationM: number;
  onboardedAt: bigint;
  locationAssertedAt: bigint;
  locationAssertCount: number;
  /** reward base units paid to this life so far. */
  claimed: bigint;
}

export interface RootProposal {
  merkleRoot: Buffer;
  inputDigest: Buffer;
  totalCumulative: bigint;
  votes: number;
  /** bit i set when oracle i of `voteConfigVersion`'s set voted for it. */
  voterMask: number;
}

export interface EpochAccount {
  network: PublicKey;
  epoch: bigint;
  startTs: bigint;
  endTs: bigint;
  emission: bigint;
  /** the network's total emitted after this epoch's mint: the most its root may commit. */
  emittedThrough: bigint;
  advancedAt: bigint;
  voteConfigVersion: number;
  votedMask: number;
  proposals: RootProposal[];
  rootActive: boolean;
  /** the activated root, digest and total (zero until `rootActive`). */
  merkleRoot: Buffer;
  inputDigest: Buffer;
  totalCumulative: bigint;
  activatedAt: bigint;
}

const big = (v: unknown): bigint => BigInt((v as BN).toString());
const isZeroKey = (k: PublicKey) => k.toBuffer().every((b) => b === 0);

export function decodeNetwork(data: Buffer | Uint8Array): NetworkAccount {
  const n = coder.accounts.decode("Network", Buffer.from(data));
  const steps = (n.emission_schedule as { start_epoch: BN; amount_per_epoch: BN }[]).slice(0, n.emission_step_count);
  return {
    bump: n.bump,
    creator: n.creator,
    authority: n.authority,
    pendingAuthority: isZeroKey(n.pending_authority) ? null : n.pending_authority,
    rewardMint: n.reward_mint,
    rewardsVault: n.rewards_vault,
    feeRecipient: n.fee_recipient,
    decimals: n.decimals,
    paused: n.paused,
    epochLengthSecs: big(n.epoch_length_secs),
    genesisTs: big(n.genesis_ts),
    currentEpoch: big(n.current_epoch),
    totalEmitted: big(n.total_emitted),
    maxSupply: big(n.max_supply),
    emissionSchedule: steps.map((s) => ({ startEpoch: big(s.start_epoch), amountPerEpoch: big(s.amount_per_epoch) })),
    oracles: (n.oracles as PublicKey[]).slice(0, n.oracle_count),
    oracleQuorum: n.oracle_quorum,
    oracleConfigVersion: n.oracle_config_version,
    onboardFeeLamports: big(n.onboard_fee_lamports),
    locationFeeLamports: big(n.location_fee_lamports),
    locationCooldownSecs: big(n.location_cooldown_secs),
    makerCount: n.maker_count,
    hotspotCount: big(n.hotspot_count),
    activeHotspotCount: big(n.active_hotspot_count),
    activeRoot: n.root_active
      ? {
          epoch: big(n.active_root_epoch),
          merkleRoot: Buffer.from(n.active_root as number[]),
          inputDigest: Buffer.from(n.active_input_digest as number[]),
          totalCumulative: big(n.active_total_cumulative),
        }
      : null,
    totalClaimed: big(n.total_claimed),
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
    ownerAtaBump: h.owner_ata_bump,
    hardwareKey: h.hardware_key,
    serial: big(h.serial),
    location: big(h.location),
    gainDbi10: h.gain_dbi10,
    elevationM: h.elevation_m,
    onboardedAt: big(h.onboarded_at),
    locationAssertedAt: big(h.location_asserted_at),
    locationAssertCount: h.location_assert_count,
    claimed: big(h.claimed),
  };
}

export function decodeEpoch(data: Buffer | Uint8Array): EpochAccount {
  const e = coder.accounts.decode("Epoch", Buffer.from(data));
  type P = { merkle_root: number[]; input_digest: number[]; total_cumulative: BN; votes: number; voter_mask: number };
  return {
    network: e.network,
    epoch: big(e.epoch),
    startTs: big(e.start_ts),
    endTs: big(e.end_ts),
    emission: big(e.emission),
    emittedThrough: big(e.emitted_through),
    advancedAt: big(e.advanced_at),
    voteConfigVersion: e.vote_config_version,
    votedMask: e.voted_mask,
    proposals: (e.proposals as P[]).slice(0, e.proposal_count).map((p) => ({
      merkleRoot: Buffer.from(p.merkle_root),
      inputDigest: Buffer.from(p.input_digest),
      totalCumulative: big(p.total_cumulative),
      votes: p.votes,
      voterMask: p.voter_mask,
    })),
    rootActive: e.root_active,
    merkleRoot: Buffer.from(e.merkle_root as number[]),
    inputDigest: Buffer.from(e.input_digest as number[]),
    totalCumulative: big(e.total_cumulative),
    activatedAt: big(e.activated_at),
  };
}
