// Shared factories for program tests: a network, an approved maker, onboarded hotspots.
// Each returns everything a test needs to build its own (possibly malformed) variant.
import { sign } from "node:crypto";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import {
  approveMakerIx,
  initializeNetworkIx,
  keypairFromSeed,
  makerPda,
  networkPda,
  onboardHotspotIxs,
  registerMakerIx,
  rewardMintPda,
  rewardsVaultPda,
  type HardwareKeypair,
  type InitializeNetworkParams,
  type OnboardHotspotParams,
} from "../../sdk/src";
import { LocalChain } from "../../sdk/src/testing/local-chain";

export const DAY = 86_400;
export const EMISSION = 1_000_000_000n;

export interface NetworkFixture {
  chain: LocalChain;
  creator: Keypair;
  network: PublicKey;
  mint: PublicKey;
  vault: PublicKey;
  feeRecipient: PublicKey;
  oracles: Keypair[];
}

export function networkParams(creator: PublicKey, feeRecipient: PublicKey, oracles: PublicKey[]): InitializeNetworkParams {
  return {
    creator,
    epochLengthSecs: DAY,
    decimals: 6,
    emissionSchedule: [
      { startEpoch: 0, amountPerEpoch: EMISSION },
      { startEpoch: 365, amountPerEpoch: EMISSION / 2n },
    ],
    oracles,
    oracleQuorum: 2,
    onboardFeeLamports: 1_000_000,
    locationFeeLamports: 500_000,
    feeRecipient,
  };
}

/** A network with three oracles (quorum 2) unless `oracles` (and `tweak.oracleQuorum`) say otherwise. */
export function createNetwork(
  chain = new LocalChain(),
  tweak: Partial<InitializeNetworkParams> = {},
  oracles: Keypair[] = [Keypair.generate(), Keypair.generate(), Keypair.generate()],
): NetworkFixture {
  const creator = chain.fundedKeypair();
  const feeRecipient = Keypair.generate().publicKey;
  chain.fund(feeRecipient, 1_000_000n);
  const params = { ...networkParams(creator.publicKey, feeRecipient, oracles.map((o) => o.publicKey)), ...tweak };
  chain.sendOrThrow([initializeNetworkIx(params)], [creator]);
  const [network] = networkPda(creator.publicKey);
  return {
    chain,
    creator,
    network,
    mint: rewardMintPda(network)[0],
    vault: rewardsVaultPda(network)[0],
    feeRecipient,
    oracles,
  };
}

export interface MakerFixture {
  authority: Keypair;
  issuingKey: Keypair;
  maker: PublicKey;
}

export function registerMaker(net: NetworkFixture, name = "Acme Radios", approve = true): MakerFixture {
  const authority = net.chain.fundedKeypair();
  const issuingKey = Keypair.generate();
  net.chain.sendOrThrow([registerMakerIx({ authority: authority.publicKey, network: net.network, name, issuingKey: issuingKey.publicKey })], [authority, issuingKey]);
  const [maker] = makerPda(net.network, issuingKey.publicKey);
  if (approve) {
    net.chain.sendOrThrow([approveMakerIx({ authority: net.creator.publicKey, network: net.network, maker, approved: true })], [net.creator]);
  }
  return { authority, issuingKey, maker };
}

let deviceCounter = 0;
/** A fresh device key, deterministic per test run for readable failures. */
export function newDevice(): HardwareKeypair {
  const seed = Buffer.alloc(32);
  seed.writeUInt32LE(++deviceCounter, 0);
  seed.writeUInt32LE(process.pid, 4);
  seed.writeUInt32LE(Date.now() % 0xffffffff, 8);
  return keypairFromSeed(seed);
}

export const SF_CELL = latLngToCell(37.7749, -122.4194, 12);

export interface OnboardOptions extends Partial<OnboardHotspotParams> {
  device?: HardwareKeypair;
  /** Replace or drop instructions before sending (for negative tests). */
  mutate?: (ixs: TransactionInstruction[]) => TransactionInstruction[];
  signers?: Keypair[];
}

export function onboardParams(net: NetworkFixture, maker: MakerFixture, payer: Keypair, device: HardwareKeypair, o: OnboardOptions = {}): OnboardHotspotParams {
  return {
    payer: payer.publicKey,
    issuingKey: maker.issuingKey.publicKey,
    owner: payer.publicKey,
    network: net.network,
    feeRecipient: net.feeRecipient,
    hardwareKey: new PublicKey(device.publicKey),
    signWithHardwareKey: (m) => sign(null, m, device.privateKey),
    location: SF_CELL,
    gainDbi10: 12,
    elevationM: 5,
    ...o,
  };
}

export function onboard(net: NetworkFixture, maker: MakerFixture, o: OnboardOptions = {}) {
  const payer = net.chain.fundedKeypair();
  const device = o.device ?? newDevice();
  const params = onboardParams(net, maker, payer, device, o);
  let ixs: TransactionInstruction[] = onboardHotspotIxs(params);
  if (o.mutate) ixs = o.mutate(ixs);
  const result = net.chain.send(ixs, o.signers ?? [payer, maker.issuingKey]);
  return { result, payer, device, hardwareKey: params.hardwareKey, owner: params.owner };
}
