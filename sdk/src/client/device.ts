// Helpers for the hotspot device side: its hardware key (an ed25519 keypair that never
// leaves the device) and the consent it signs so a maker can onboard it for an owner.
import { sign } from "node:crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { keypairFromSeed, type HardwareKeypair } from "../reports/keys";
import { onboardHotspotIxs } from "../instructions";
import { readKeypairFile, writeKeypairFile } from "./keypair-file";

/** A new hardware keypair, written to `path` in the Solana keypair format (0600). */
export function generateHardwareKeyFile(path: string, force = false): { hardwareKey: PublicKey; path: string } {
  const kp = Keypair.generate();
  const written = writeKeypairFile(path, kp, force);
  return { hardwareKey: kp.publicKey, path: written };
}

/** The hardware keypair in a keypair file, in the form the report signers use. */
export function readHardwareKeyFile(path: string): HardwareKeypair {
  return hardwareKeypairOf(readKeypairFile(path, "hardware keypair"));
}

export function hardwareKeypairOf(kp: Keypair): HardwareKeypair {
  return keypairFromSeed(kp.secretKey.subarray(0, 32));
}

/** What the device consents to: everything the maker sets at onboarding. */
export interface OnboardingConsent {
  network: PublicKey;
  /** the maker's issuing key (the maker account is derived from it). */
  issuingKey: PublicKey;
  owner: PublicKey;
  /** H3 resolution-12 cell (bigint or hex); 0 = unasserted. */
  location: bigint | string;
  gainDbi10: number;
  elevationM: number;
  programId?: PublicKey;
}

/**
 * The device's signature consenting to be onboarded by this maker for this owner on this
 * network with these parameters: the 64-byte ed25519 signature that the Ed25519
 * instruction before `onboard_hotspot` carries. A device signs once; the maker submits it
 * without ever holding the device's key. The message is whatever the instruction builder
 * asks the hardware key to sign, so it follows the program's consent format exactly.
 */
export function signOnboardingConsent(device: HardwareKeypair, c: OnboardingConsent): Uint8Array {
  let signature: Uint8Array | undefined;
  onboardHotspotIxs({
    ...c,
    payer: c.owner,
    feeRecipient: c.owner,
    hardwareKey: new PublicKey(device.publicKey),
    signWithHardwareKey: (message) => (signature = new Uint8Array(sign(null, message, device.privateKey))),
  });
  if (!signature) throw new Error("the onboarding builder asked for no device signature");
  return signature;
}
