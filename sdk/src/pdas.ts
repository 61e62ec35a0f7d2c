// Program-derived addresses, with exactly the program's seeds (constants.rs).
import { PublicKey } from "@solana/web3.js";
import { HEXPIN_PROGRAM_ID, SEEDS } from "./constants";

type Pda = [PublicKey, number];

export function networkPda(creator: PublicKey, programId = HEXPIN_PROGRAM_ID): Pda {
  return PublicKey.findProgramAddressSync([SEEDS.network, creator.toBuffer()], programId);
}

export function rewardMintPda(network: PublicKey, programId = HEXPIN_PROGRAM_ID): Pda {
  return PublicKey.findProgramAddressSync([SEEDS.rewardMint, network.toBuffer()], programId);
}

export function rewardsVaultPda(network: PublicKey, programId = HEXPIN_PROGRAM_ID): Pda {
  return PublicKey.findProgramAddressSync([SEEDS.rewardsVault, network.toBuffer()], programId);
}

export function makerPda(network: PublicKey, issuingKey: PublicKey, programId = HEXPIN_PROGRAM_ID): Pda {
  return PublicKey.findProgramAddressSync([SEEDS.maker, network.toBuffer(), issuingKey.toBuffer()], programId);
}

export function hotspotPda(network: PublicKey, hardwareKey: PublicKey, programId = HEXPIN_PROGRAM_ID): Pda {
  return PublicKey.findProgramAddressSync([SEEDS.hotspot, network.toBuffer(), hardwareKey.toBuffer()], programId);
}

export function epochPda(network: PublicKey, epoch: bigint | number, programId = HEXPIN_PROGRAM_ID): Pda {
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(epoch));
  return PublicKey.findProgramAddressSync([SEEDS.epoch, network.toBuffer(), n], programId);
}
