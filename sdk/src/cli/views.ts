// The documented shapes (docs/cli.md) of accounts in `--json` output. Fields are listed
// explicitly so a decoder change never silently changes the CLI's output.
import type { PublicKey } from "@solana/web3.js";
import type { EpochAccount, HotspotAccount, MakerAccount, NetworkAccount } from "../accounts";
import { formatLocation } from "./location";

export function networkJson(address: PublicKey, n: NetworkAccount): Record<string, unknown> {
  return {
    address,
    creator: n.creator,
    authority: n.authority,
    rewardMint: n.rewardMint,
    rewardsVault: n.rewardsVault,
    feeRecipient: n.feeRecipient,
    decimals: n.decimals,
    epochLengthSecs: n.epochLengthSecs,
    genesisTs: n.genesisTs,
    currentEpoch: n.currentEpoch,
    currentEpochEndsAt: n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs,
    totalEmitted: n.totalEmitted,
    emissionSchedule: n.emissionSchedule,
    oracles: n.oracles,
    oracleQuorum: n.oracleQuorum,
    onboardFeeLamports: n.onboardFeeLamports,
    locationFeeLamports: n.locationFeeLamports,
    makerCount: n.makerCount,
    hotspotCount: n.hotspotCount,
  };
}

export function makerJson(address: PublicKey, m: MakerAccount): Record<string, unknown> {
  return {
    address,
    network: m.network,
    name: m.name,
    authority: m.authority,
    issuingKey: m.issuingKey,
    approved: m.approved,
    hotspotCount: m.hotspotCount,
    createdAt: m.createdAt,
  };
}

export function hotspotJson(address: PublicKey, h: HotspotAccount): Record<string, unknown> {
  return {
    address,
    network: h.network,
    hardwareKey: h.hardwareKey,
    owner: h.owner,
    maker: h.maker,
    location: formatLocation(h.location),
    gainDbi: h.gainDbi10 / 10,
    elevationM: h.elevationM,
    onboardedAt: h.onboardedAt,
    locationAssertedAt: h.locationAssertedAt,
    locationAssertCount: h.locationAssertCount,
  };
}

export function epochJson(address: PublicKey, e: EpochAccount): Record<string, unknown> {
  return {
    address,
    network: e.network,
    epoch: e.epoch,
    startTs: e.startTs,
    endTs: e.endTs,
    emission: e.emission,
    advancedAt: e.advancedAt,
    merkleRoot: e.rootPosted ? e.merkleRoot : null,
    rootPosted: e.rootPosted,
  };
}
