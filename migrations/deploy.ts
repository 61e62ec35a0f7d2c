// `anchor migrate`: after `anchor deploy`, initialize a hexpin network owned by the
// provider wallet unless one already exists. Parameters come from the environment so
// devnet runs can choose their own (HEXPIN_EPOCH_SECS, HEXPIN_EMISSION, HEXPIN_DECIMALS,
// HEXPIN_ORACLES as comma-separated base58 keys, HEXPIN_QUORUM).
import type { AnchorProvider } from "@coral-xyz/anchor";
import { PublicKey, Transaction } from "@solana/web3.js";
import { decodeNetwork, initializeNetworkIx, networkPda } from "../sdk/src";

module.exports = async function (provider: AnchorProvider) {
  const creator = provider.wallet.publicKey;
  const [network] = networkPda(creator);
  const existing = await provider.connection.getAccountInfo(network);
  if (existing) {
    const n = decodeNetwork(existing.data);
    console.log(`network ${network.toBase58()} exists (epoch ${n.currentEpoch}, ${n.hotspotCount} hotspots)`);
    return;
  }
  const oracles = (process.env.HEXPIN_ORACLES ?? creator.toBase58()).split(",").map((k) => new PublicKey(k.trim()));
  const ix = initializeNetworkIx({
    creator,
    epochLengthSecs: BigInt(process.env.HEXPIN_EPOCH_SECS ?? "86400"),
    decimals: Number(process.env.HEXPIN_DECIMALS ?? "6"),
    emissionSchedule: [{ startEpoch: 0, amountPerEpoch: BigInt(process.env.HEXPIN_EMISSION ?? "1000000000000") }],
    oracles,
    oracleQuorum: Number(process.env.HEXPIN_QUORUM ?? "1"),
    feeRecipient: creator,
  });
  const sig = await provider.sendAndConfirm(new Transaction().add(ix));
  console.log(`initialized network ${network.toBase58()} (${sig})`);
};
