// Instruction builders: one function per program instruction, accounts in IDL order.
import {
  Ed25519Program,
  PublicKey,
  SystemProgram,
  SYSVAR_INSTRUCTIONS_PUBKEY,
  TransactionInstruction,
  type AccountMeta,
} from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import BN from "bn.js";
import { HEXPIN_PROGRAM_ID, ONBOARD_DOMAIN } from "./constants";
import { epochPda, hotspotPda, makerPda, networkPda, rewardMintPda, rewardsVaultPda } from "./pdas";
import { coder } from "./program";

const w = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: true });
const r = (pubkey: PublicKey, isSigner = false): AccountMeta => ({ pubkey, isSigner, isWritable: false });

function ix(name: string, args: Record<string, unknown>, keys: AccountMeta[], programId: PublicKey) {
  return new TransactionInstruction({ programId, keys, data: coder.instruction.encode(name, args) });
}

export interface InitializeNetworkParams {
  creator: PublicKey;
  epochLengthSecs: bigint | number;
  decimals: number;
  emissionSchedule: { startEpoch: bigint | number; amountPerEpoch: bigint | number }[];
  oracles: PublicKey[];
  oracleQuorum: number;
  onboardFeeLamports?: bigint | number;
  locationFeeLamports?: bigint | number;
  /** seconds between location assertions (default 0). */
  locationCooldownSecs?: bigint | number;
  /** total emission cap in base units (default u64::MAX: no cap beyond u64). */
  maxSupply?: bigint | number;
  feeRecipient: PublicKey;
  programId?: PublicKey;
}

const U64_MAX = (1n << 64n) - 1n;
const bn = (v: bigint | number) => new BN(v.toString());

export function initializeNetworkIx(p: InitializeNetworkParams): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  const [network] = networkPda(p.creator, programId);
  return ix(
    "initialize_network",
    {
      args: {
        epoch_length_secs: bn(p.epochLengthSecs),
        decimals: p.decimals,
        emission_schedule: p.emissionSchedule.map((s) => ({ start_epoch: bn(s.startEpoch), amount_per_epoch: bn(s.amountPerEpoch) })),
        oracles: p.oracles,
        oracle_quorum: p.oracleQuorum,
        onboard_fee_lamports: bn(p.onboardFeeLamports ?? 0),
        location_fee_lamports: bn(p.locationFeeLamports ?? 0),
        location_cooldown_secs: bn(p.locationCooldownSecs ?? 0),
        max_supply: bn(p.maxSupply ?? U64_MAX),
        fee_recipient: p.feeRecipient,
      },
    },
    [
      w(p.creator, true),
      w(network),
      w(rewardMintPda(network, programId)[0]),
      w(rewardsVaultPda(network, programId)[0]),
      r(SystemProgram.programId),
      r(TOKEN_PROGRAM_ID),
    ],
    programId,
  );
}

/** The issuing key must sign too: it proves the vendor holds it. */
export function registerMakerIx(p: {
  authority: PublicKey;
  network: PublicKey;
  name: string;
  issuingKey: PublicKey;
  programId?: PublicKey;
}): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "register_maker",
    { args: { name: p.name } },
    [w(p.authority, true), r(p.issuingKey, true), w(p.network), w(makerPda(p.network, p.issuingKey, programId)[0]), r(SystemProgram.programId)],
    programId,
  );
}

export function approveMakerIx(p: {
  authority: PublicKey;
  network: PublicKey;
  maker: PublicKey;
  approved: boolean;
  programId?: PublicKey;
}): TransactionInstruction {
  return ix(
    "approve_maker",
    { approved: p.approved },
    [r(p.authority, true), r(p.network), w(p.maker)],
    p.programId ?? HEXPIN_PROGRAM_ID,
  );
}

/** Where a hotspot is and how its antenna is set up, as asserted on-chain. */
export interface Placement {
  /** H3 resolution-12 cell as bigint or hex string; 0 = unasserted (onboarding only). */
  location: bigint | string;
  gainDbi10: number;
  elevationM: number;
}

function locationBig(location: bigint | string): bigint {
  return typeof location === "string" ? BigInt("0x" + location) : location;
}

/**
 * The exact bytes a hotspot's hardware key signs to consent to onboarding: the parties
 * and the placement, so a maker cannot place a consenting device anywhere else.
 */
export function onboardingMessage(network: PublicKey, maker: PublicKey, owner: PublicKey, hardwareKey: PublicKey, placement: Placement): Buffer {
  const tail = Buffer.alloc(14);
  tail.writeBigUInt64LE(locationBig(placement.location), 0);
  tail.writeInt16LE(placement.gainDbi10, 8);
  tail.writeInt32LE(placement.elevationM, 10);
  return Buffer.concat([ONBOARD_DOMAIN, network.toBuffer(), maker.toBuffer(), owner.toBuffer(), hardwareKey.toBuffer(), tail]);
}

export interface OnboardHotspotParams extends Placement {
  payer: PublicKey;
  issuingKey: PublicKey;
  owner: PublicKey;
  network: PublicKey;
  feeRecipient: PublicKey;
  hardwareKey: PublicKey;
  /** Signs the onboarding message with the hardware key (a device, an HSM, a Keypair). */
  signWithHardwareKey: (message: Buffer) => Uint8Array;
  programId?: PublicKey;
}

/** `[ed25519 verification, onboard_hotspot]`: the program requires this order. */
export function onboardHotspotIxs(p: OnboardHotspotParams): [TransactionInstruction, TransactionInstruction] {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  const [maker] = makerPda(p.network, p.issuingKey, programId);
  const message = onboardingMessage(p.network, maker, p.owner, p.hardwareKey, p);
  const verify = Ed25519Program.createInstructionWithPublicKey({
    publicKey: p.hardwareKey.toBytes(),
    message,
    signature: p.signWithHardwareKey(message),
  });
  const location = locationBig(p.location);
  const onboard = ix(
    "onboard_hotspot",
    {
      args: {
        hardware_key: p.hardwareKey,
        location: new BN(location.toString()),
        gain_dbi10: p.gainDbi10,
        elevation_m: p.elevationM,
      },
    },
    [
      w(p.payer, true),
      r(p.issuingKey, true),
      r(p.owner),
      w(p.network),
      w(maker),
      w(hotspotPda(p.network, p.hardwareKey, programId)[0]),
      w(p.feeRecipient),
      r(SYSVAR_INSTRUCTIONS_PUBKEY),
      r(SystemProgram.programId),
    ],
    programId,
  );
  return [verify, onboard];
}

export function advanceEpochIx(p: {
  payer: PublicKey;
  network: PublicKey;
  epoch: bigint | number;
  programId?: PublicKey;
}): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "advance_epoch",
    {},
    [
      w(p.payer, true),
      w(p.network),
      w(epochPda(p.network, p.epoch, programId)[0]),
      w(rewardMintPda(p.network, programId)[0]),
      w(rewardsVaultPda(p.network, programId)[0]),
      r(TOKEN_PROGRAM_ID),
      r(SystemProgram.programId),
    ],
    programId,
  );
}

/** An oracle's vote for an epoch's reward root. */
export function postEpochRootIx(p: {
  oracle: PublicKey;
  network: PublicKey;
  epoch: bigint | number;
  merkleRoot: Uint8Array;
  inputDigest: Uint8Array;
  totalCumulative: bigint;
  programId?: PublicKey;
}): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "post_epoch_root",
    {
      args: {
        epoch: bn(p.epoch),
        merkle_root: [...p.merkleRoot],
        input_digest: [...p.inputDigest],
        total_cumulative: bn(p.totalCumulative),
      },
    },
    [r(p.oracle, true), w(p.network), w(epochPda(p.network, p.epoch, programId)[0])],
    programId,
  );
}

/** The hotspot owner's associated token account of a network's reward mint. */
export function rewardTokenAccount(network: PublicKey, owner: PublicKey, programId = HEXPIN_PROGRAM_ID): PublicKey {
  return getAssociatedTokenAddressSync(rewardMintPda(network, programId)[0], owner, true);
}

export interface ClaimParams {
  network: PublicKey;
  hardwareKey: PublicKey;
  /** the hotspot's current owner (its account's `owner`), who is paid. */
  owner: PublicKey;
  /** the hotspot life's cumulative amount in the active root. */
  cumulative: bigint;
  /** sibling hashes, leaf to root. */
  proof: readonly Uint8Array[];
  programId?: PublicKey;
}

/** A permissionless claim: pays the owner's reward ATA, which must exist. */
export function claimRewardsIx(p: ClaimParams): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "claim_rewards",
    { args: { cumulative: bn(p.cumulative), proof: p.proof.map((h) => [...h]) } },
    [
      w(p.network),
      w(hotspotPda(p.network, p.hardwareKey, programId)[0]),
      w(rewardsVaultPda(p.network, programId)[0]),
      w(rewardTokenAccount(p.network, p.owner, programId)),
      r(TOKEN_PROGRAM_ID),
    ],
    programId,
  );
}

/** Creates the owner's reward ATA if missing (a no-op when it exists), paid by `payer`. */
export function createRewardTokenAccountIx(p: { payer: PublicKey; network: PublicKey; owner: PublicKey; programId?: PublicKey }): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  const mint = rewardMintPda(p.network, programId)[0];
  return createAssociatedTokenAccountIdempotentInstruction(p.payer, rewardTokenAccount(p.network, p.owner, programId), p.owner, mint);
}

export function assertLocationIx(p: Placement & {
  payer: PublicKey;
  owner: PublicKey;
  network: PublicKey;
  hardwareKey: PublicKey;
  feeRecipient: PublicKey;
  programId?: PublicKey;
}): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "assert_location",
    { args: { location: bn(locationBig(p.location)), gain_dbi10: p.gainDbi10, elevation_m: p.elevationM } },
    [
      w(p.payer, true),
      r(p.owner, true),
      r(p.network),
      w(hotspotPda(p.network, p.hardwareKey, programId)[0]),
      w(p.feeRecipient),
      r(SystemProgram.programId),
    ],
    programId,
  );
}

export function transferHotspotIx(p: { owner: PublicKey; newOwner: PublicKey; network: PublicKey; hardwareKey: PublicKey; programId?: PublicKey }): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix(
    "transfer_hotspot",
    {},
    [r(p.owner, true), r(p.newOwner), r(p.network), w(hotspotPda(p.network, p.hardwareKey, programId)[0])],
    programId,
  );
}

/** Closes the hotspot account; claim first, unclaimed rewards of this life stay in the vault. */
export function decommissionHotspotIx(p: { owner: PublicKey; network: PublicKey; hardwareKey: PublicKey; programId?: PublicKey }): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  return ix("decommission_hotspot", {}, [w(p.owner, true), w(p.network), w(hotspotPda(p.network, p.hardwareKey, programId)[0])], programId);
}

export function setOraclesIx(p: { authority: PublicKey; network: PublicKey; oracles: PublicKey[]; oracleQuorum: number; programId?: PublicKey }): TransactionInstruction {
  return ix(
    "set_oracles",
    { args: { oracles: p.oracles, oracle_quorum: p.oracleQuorum } },
    [r(p.authority, true), w(p.network)],
    p.programId ?? HEXPIN_PROGRAM_ID,
  );
}

/** Proposes the next authority; `PublicKey.default` cancels a pending proposal. */
export function proposeAuthorityIx(p: { authority: PublicKey; network: PublicKey; newAuthority: PublicKey; programId?: PublicKey }): TransactionInstruction {
  return ix("propose_authority", { new_authority: p.newAuthority }, [r(p.authority, true), w(p.network)], p.programId ?? HEXPIN_PROGRAM_ID);
}

export function acceptAuthorityIx(p: { newAuthority: PublicKey; network: PublicKey; programId?: PublicKey }): TransactionInstruction {
  return ix("accept_authority", {}, [r(p.newAuthority, true), w(p.network)], p.programId ?? HEXPIN_PROGRAM_ID);
}

/** Fields left undefined keep their current value. */
export interface NetworkUpdate {
  onboardFeeLamports?: bigint | number;
  locationFeeLamports?: bigint | number;
  locationCooldownSecs?: bigint | number;
  /** must be an existing, rent-exempt, non-executable account. */
  feeRecipient?: PublicKey;
  maxSupply?: bigint | number;
  /** steps from the next epoch to close on; earlier steps are kept. */
  futureEmissionSteps?: { startEpoch: bigint | number; amountPerEpoch: bigint | number }[];
}

export function updateNetworkIx(p: { authority: PublicKey; network: PublicKey; update: NetworkUpdate; programId?: PublicKey }): TransactionInstruction {
  const u = p.update;
  const opt = <T, R>(v: T | undefined, f: (x: T) => R): R | null => (v === undefined ? null : f(v));
  return ix(
    "update_network",
    {
      args: {
        onboard_fee_lamports: opt(u.onboardFeeLamports, bn),
        location_fee_lamports: opt(u.locationFeeLamports, bn),
        location_cooldown_secs: opt(u.locationCooldownSecs, bn),
        fee_recipient: u.feeRecipient ?? null,
        max_supply: opt(u.maxSupply, bn),
        future_emission_steps: opt(u.futureEmissionSteps, (steps) => steps.map((s) => ({ start_epoch: bn(s.startEpoch), amount_per_epoch: bn(s.amountPerEpoch) }))),
      },
    },
    [r(p.authority, true), w(p.network), r(u.feeRecipient ?? SystemProgram.programId)],
    p.programId ?? HEXPIN_PROGRAM_ID,
  );
}

export function setPausedIx(p: { authority: PublicKey; network: PublicKey; paused: number; programId?: PublicKey }): TransactionInstruction {
  return ix("set_paused", { paused: p.paused }, [r(p.authority, true), w(p.network)], p.programId ?? HEXPIN_PROGRAM_ID);
}
