// Instruction builders: one function per program instruction, accounts in IDL order.
import {
  Ed25519Program,
  PublicKey,
  SystemProgram,
  SYSVAR_INSTRUCTIONS_PUBKEY,
  TransactionInstruction,
  type AccountMeta,
} from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
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
  feeRecipient: PublicKey;
  programId?: PublicKey;
}

export function initializeNetworkIx(p: InitializeNetworkParams): TransactionInstruction {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  const [network] = networkPda(p.creator, programId);
  const bn = (v: bigint | number) => new BN(v.toString());
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

/** The exact bytes a hotspot's hardware key signs to consent to onboarding. */
export function onboardingMessage(network: PublicKey, maker: PublicKey, owner: PublicKey, hardwareKey: PublicKey): Buffer {
  return Buffer.concat([ONBOARD_DOMAIN, network.toBuffer(), maker.toBuffer(), owner.toBuffer(), hardwareKey.toBuffer()]);
}

export interface OnboardHotspotParams {
  payer: PublicKey;
  issuingKey: PublicKey;
  owner: PublicKey;
  network: PublicKey;
  feeRecipient: PublicKey;
  hardwareKey: PublicKey;
  /** Signs the onboarding message with the hardware key (a device, an HSM, a Keypair). */
  signWithHardwareKey: (message: Buffer) => Uint8Array;
  /** H3 resolution-12 cell as bigint or hex string; 0 = unasserted. */
  location: bigint | string;
  gainDbi10: number;
  elevationM: number;
  programId?: PublicKey;
}

/** `[ed25519 verification, onboard_hotspot]`: the program requires this order. */
export function onboardHotspotIxs(p: OnboardHotspotParams): [TransactionInstruction, TransactionInstruction] {
  const programId = p.programId ?? HEXPIN_PROGRAM_ID;
  const [maker] = makerPda(p.network, p.issuingKey, programId);
  const message = onboardingMessage(p.network, maker, p.owner, p.hardwareKey);
  const verify = Ed25519Program.createInstructionWithPublicKey({
    publicKey: p.hardwareKey.toBytes(),
    message,
    signature: p.signWithHardwareKey(message),
  });
  const location = typeof p.location === "string" ? BigInt("0x" + p.location) : p.location;
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
