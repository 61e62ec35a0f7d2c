// The transactions layer: each client action as a `PlannedTransaction` (instructions from
// sdk/src/instructions.ts, who signs, and the instruction names the compute-unit table
// knows). Nothing here talks to a cluster. One function per action; a new instruction
// adds one function here and one client method.
import { PublicKey, type Signer } from "@solana/web3.js";
import {
  acceptAuthorityIx,
  advanceEpochIx,
  approveMakerIx,
  assertLocationIx,
  decommissionHotspotIx,
  initializeNetworkIx,
  onboardHotspotIxs,
  postEpochRootIx,
  proposeAuthorityIx,
  registerMakerIx,
  setOraclesIx,
  setPausedIx,
  transferHotspotIx,
  updateNetworkIx,
  type InitializeNetworkParams,
  type NetworkUpdate,
  type OnboardHotspotParams,
  type Placement,
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

/** One oracle's vote. Labelled as the activating vote, the costlier of the two, so the limit covers either. */
export function postEpochRootTx(p: {
  oracle: Signer;
  network: PublicKey;
  epoch: bigint;
  merkleRoot: Uint8Array;
  inputDigest: Uint8Array;
  totalCumulative: bigint;
  programId?: PublicKey;
}): PlannedTransaction {
  return {
    description: `vote epoch ${p.epoch}'s root`,
    instructions: [postEpochRootIx({ ...p, oracle: p.oracle.publicKey })],
    signers: [p.oracle],
    computeUnitLabels: ["post_epoch_root_activating"],
  };
}

/** The owner asserts a new placement; the payer pays the location fee (often the same key). */
export function assertLocationTx(p: Placement & { payer: Signer; owner: Signer; network: PublicKey; hardwareKey: PublicKey; feeRecipient: PublicKey; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `assert hotspot ${p.hardwareKey.toBase58()}'s location`,
    instructions: [assertLocationIx({ ...p, payer: p.payer.publicKey, owner: p.owner.publicKey })],
    signers: signers(p.payer, p.owner),
    computeUnitLabels: ["assert_location"],
  };
}

export function transferHotspotTx(p: { owner: Signer; newOwner: PublicKey; network: PublicKey; hardwareKey: PublicKey; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `transfer hotspot ${p.hardwareKey.toBase58()} to ${p.newOwner.toBase58()}`,
    instructions: [transferHotspotIx({ ...p, owner: p.owner.publicKey })],
    signers: [p.owner],
    computeUnitLabels: ["transfer_hotspot"],
  };
}

export function decommissionHotspotTx(p: { owner: Signer; network: PublicKey; hardwareKey: PublicKey; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `decommission hotspot ${p.hardwareKey.toBase58()}`,
    instructions: [decommissionHotspotIx({ ...p, owner: p.owner.publicKey })],
    signers: [p.owner],
    computeUnitLabels: ["decommission_hotspot"],
  };
}

export function setOraclesTx(p: { authority: Signer; network: PublicKey; oracles: PublicKey[]; oracleQuorum: number; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `set ${p.oracles.length} oracle(s), quorum ${p.oracleQuorum}`,
    instructions: [setOraclesIx({ ...p, authority: p.authority.publicKey })],
    signers: [p.authority],
    computeUnitLabels: ["set_oracles"],
  };
}

export function proposeAuthorityTx(p: { authority: Signer; network: PublicKey; newAuthority: PublicKey; programId?: PublicKey }): PlannedTransaction {
  return {
    description: p.newAuthority.equals(PublicKey.default) ? "cancel the proposed authority" : `propose ${p.newAuthority.toBase58()} as authority`,
    instructions: [proposeAuthorityIx({ ...p, authority: p.authority.publicKey })],
    signers: [p.authority],
    computeUnitLabels: ["propose_authority"],
  };
}

export function acceptAuthorityTx(p: { newAuthority: Signer; network: PublicKey; programId?: PublicKey }): PlannedTransaction {
  return {
    description: "accept the network authority",
    instructions: [acceptAuthorityIx({ ...p, newAuthority: p.newAuthority.publicKey })],
    signers: [p.newAuthority],
    computeUnitLabels: ["accept_authority"],
  };
}

export function updateNetworkTx(p: { authority: Signer; network: PublicKey; update: NetworkUpdate; programId?: PublicKey }): PlannedTransaction {
  return {
    description: "update the network",
    instructions: [updateNetworkIx({ ...p, authority: p.authority.publicKey })],
    signers: [p.authority],
    computeUnitLabels: ["update_network"],
  };
}

export function setPausedTx(p: { authority: Signer; network: PublicKey; paused: number; programId?: PublicKey }): PlannedTransaction {
  return {
    description: `set pause flags to ${p.paused}`,
    instructions: [setPausedIx({ ...p, authority: p.authority.publicKey })],
    signers: [p.authority],
    computeUnitLabels: ["set_paused"],
  };
}
