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
    pendingAuthority: n.pendingAuthority,
    paused: { onboarding: (n.paused & 1) !== 0, claims: (n.paused & 2) !== 0 },
    rewardMint: n.rewardMint,
    rewardsVault: n.rewardsVault,
    feeRecipient: n.feeRecipient,
    decimals: n.decimals,
    epochLengthSecs: n.epochLengthSecs,
    genesisTs: n.genesisTs,
    currentEpoch: n.currentEpoch,
    currentEpochEndsAt: n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs,
    totalEmitted: n.totalEmitted,
    maxSupply: n.maxSupply,
    emissionSchedule: n.emissionSchedule,
    oracles: n.oracles,
    oracleQuorum: n.oracleQuorum,
    oracleConfigVersion: n.oracleConfigVersion,
    onboardFeeLamports: n.onboardFeeLamports,
    locationFeeLamports: n.locationFeeLamports,
    locationCooldownSecs: n.locationCooldownSecs,
    makerCount: n.makerCount,
    hotspotCount: n.hotspotCount,
    activeHotspotCount: n.activeHotspotCount,
    activeRoot: n.activeRoot,
    totalClaimed: n.totalClaimed,
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
    serial: h.serial,
    owner: h.owner,
    maker: h.maker,
    location: formatLocation(h.location),
    gainDbi: h.gainDbi10 / 10,
    elevationM: h.elevationM,
    onboardedAt: h.onboardedAt,
    locationAssertedAt: h.locationAssertedAt,
    locationAssertCount: h.locationAssertCount,
    claimed: h.claimed,
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
    emittedThrough: e.emittedThrough,
    advancedAt: e.advancedAt,
    rootActive: e.rootActive,
    merkleRoot: e.rootActive ? e.merkleRoot.toString("hex") : null,
    inputDigest: e.rootActive ? e.inputDigest.toString("hex") : null,
    totalCumulative: e.rootActive ? e.totalCumulative : null,
    activatedAt: e.rootActive ? e.activatedAt : null,
    votes: e.proposals.map((p) => ({ merkleRoot: p.merkleRoot.toString("hex"), inputDigest: p.inputDigest.toString("hex"), totalCumulative: p.totalCumulative, votes: p.votes })),
  };
}
