// Mirrors programs/hexpin/src/constants.rs byte for byte (tests/pdas.test.ts proves it).
import { PublicKey } from "@solana/web3.js";
import idl from "../../idl/hexpin.json";

/** The program id the IDL, Anchor.toml and the program's keypair agree on. */
export const HEXPIN_PROGRAM_ID = new PublicKey(idl.address);

export const SEEDS = {
  network: Buffer.from("network"),
  rewardMint: Buffer.from("reward_mint"),
  rewardsVault: Buffer.from("rewards_vault"),
  maker: Buffer.from("maker"),
  hotspot: Buffer.from("hotspot"),
  epoch: Buffer.from("epoch"),
} as const;

/** Domain prefix of the onboarding message a hotspot's hardware key signs. */
export const ONBOARD_DOMAIN = Buffer.from("hexpin:onboard_hotspot:v1");

/** `Network.paused` bits. */
export const PAUSE = { onboarding: 1, claims: 2 } as const;

export const LIMITS = {
  maxEmissionSteps: 8,
  maxOracles: 8,
  maxMakerNameBytes: 32,
  minEpochLengthSecs: 60,
  maxEpochLengthSecs: 366 * 86_400,
  maxLocationCooldownSecs: 10 * 365 * 86_400,
  maxProofLength: 32,
  maxDecimals: 9,
  gainDbi10: { min: 0, max: 150 },
  elevationM: { min: -500, max: 10_000 },
  locationResolution: 12,
} as const;
