// The transactions layer: each client action as a `PlannedTransaction` (instructions from
// sdk/src/instructions.ts, who signs, and the instruction names the compute-unit table
// knows). Nothing here talks to a cluster. One function per action; a new instruction
// adds one function here and one client method.
import { PublicKey, type Signer } from "@solana/web3.js";
import {
  advanceEpochIx,
  approveMakerIx,
  initializeNetworkIx,
  onboardHotspotIxs,
  registerMakerIx,
  type InitializeNetworkParams,
  type OnboardHotspotParams,
} from "../instructions";
import type { PlannedTransaction } from "./send";

/** Signers in order, the fee payer first, each key once. */
function signers(...list: Signer[]): Signer[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = s.publicKey.toBase58();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function initializeNetworkTx(creator: Signer, p: Omit<InitializeNetworkParams, "creator">): PlannedTransaction {
  return {
    description: "initialize network",
    instructions: [initializeNetworkIx({ ...p, creator: creator.publicKey })],
    signers: [creator],
    computeUnitLabels: ["initialize_network"],
  };
}

export function registerMakerTx(p: { authority: Signer; issuingKey: Signer; network: PublicKey; name: string; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `register maker "${p.name}"`,
    instructions: [registerMakerIx({ authority: p.authority.publicKey, issuingKey: p.issuingKey.publicKey, network: p.network, name: p.name, programId: p.programId })],
    signers: signers(p.authority, p.issuingKey),
    computeUnitLabels: ["register_maker"],
  };
}

export function approveMakerTx(p: { authority: Signer; network: PublicKey; maker: PublicKey; approved: boolean; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `${p.approved ? "approve" : "revoke"} maker ${p.maker.toBase58()}`,
    instructions: [approveMakerIx({ authority: p.authority.publicKey, network: p.network, maker: p.maker, approved: p.approved, programId: p.programId })],
    signers: [p.authority],
    computeUnitLabels: ["approve_maker"],
  };
}

export interface OnboardHotspotTxParams extends Omit<OnboardHotspotParams, "payer" | "issuingKey"> {
  payer: Signer;
  issuingKey: Signer;
}

export function onboardHotspotTx(p: OnboardHotspotTxParams): PlannedTransaction {
  return {
    description: `onboard hotspot ${p.hardwareKey.toBase58()}`,
    instructions: onboardHotspotIxs({ ...p, payer: p.payer.publicKey, issuingKey: p.issuingKey.publicKey }),
    signers: signers(p.payer, p.issuingKey),
    computeUnitLabels: ["onboard_hotspot"],
  };
}

export function advanceEpochTx(p: { payer: Signer; network: PublicKey; epoch: bigint; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `advance epoch ${p.epoch}`,
    instructions: [advanceEpochIx({ payer: p.payer.publicKey, network: p.network, epoch: p.epoch, programId: p.programId })],
    signers: [p.payer],
    computeUnitLabels: ["advance_epoch"],
  };
}
