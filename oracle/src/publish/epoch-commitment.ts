// What the chain says about an epoch's rewards: the `Epoch` account's active root and
// input digest (docs/program-interface.md, "Epoch"). verify-epoch compares its
// recomputation with these.

import { Connection, PublicKey } from "@solana/web3.js";
import { decodeEpoch, epochPda, HEXPIN_PROGRAM_ID } from "@hexpin/sdk";

export interface EpochCommitment {
  address: string;
  network: string;
  epoch: bigint;
  /** true once a quorum of oracles voted the same (root, digest, total). */
  rootActive: boolean;
  merkleRoot: string;
  inputDigest: string;
  totalCumulative: bigint;
}

export class EpochAccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EpochAccountError";
  }
}

export function decodeEpochCommitment(address: string, data: Uint8Array): EpochCommitment {
  let e;
  try {
    e = decodeEpoch(data);
  } catch {
    throw new EpochAccountError(`account ${address} is not a hexpin Epoch account`);
  }
  return {
    address,
    network: e.network.toBase58(),
    epoch: e.epoch,
    rootActive: e.rootActive,
    merkleRoot: e.merkleRoot.toString("hex"),
    inputDigest: e.inputDigest.toString("hex"),
    totalCumulative: e.totalCumulative,
  };
}

/** Solana's cluster monikers, or the URL itself. */
export function clusterUrl(url: string): string {
  const monikers: Record<string, string> = {
    localnet: "http://127.0.0.1:8899",
    localhost: "http://127.0.0.1:8899",
    devnet: "https://api.devnet.solana.com",
    testnet: "https://api.testnet.solana.com",
    "mainnet-beta": "https://api.mainnet-beta.solana.com",
  };
  if (monikers[url]) return monikers[url];
  if (/^https?:\/\//i.test(url)) return url;
  throw new EpochAccountError(`--url must be localnet, devnet, testnet, mainnet-beta or an http(s) URL, got ${url}`);
}

/** Reads the epoch's account from the cluster; refuses accounts the program does not own. */
export async function fetchEpochCommitment(url: string, network: string, epoch: number, programId = HEXPIN_PROGRAM_ID): Promise<EpochCommitment> {
  let networkKey: PublicKey;
  try {
    networkKey = new PublicKey(network);
  } catch {
    throw new EpochAccountError(`--network ${network} is not a base58 address`);
  }
  const [address] = epochPda(networkKey, epoch, programId);
  const endpoint = clusterUrl(url);
  const connection = new Connection(endpoint, "confirmed");
  let info;
  try {
    info = await connection.getAccountInfo(address);
  } catch (e) {
    throw new EpochAccountError(`cannot read ${address.toBase58()} from ${endpoint}: ${e instanceof Error ? e.message : e}`);
  }
  if (!info) throw new EpochAccountError(`epoch ${epoch} of network ${network} has no account on ${endpoint} (${address.toBase58()}): not advanced yet, or another network or cluster`);
  if (!info.owner.equals(programId)) throw new EpochAccountError(`account ${address.toBase58()} is owned by ${info.owner.toBase58()}, not the hexpin program ${programId.toBase58()}`);
  const c = decodeEpochCommitment(address.toBase58(), info.data);
  if (c.network !== networkKey.toBase58() || c.epoch !== BigInt(epoch)) throw new EpochAccountError(`account ${address.toBase58()} describes epoch ${c.epoch} of ${c.network}, not epoch ${epoch} of ${network}`);
  return c;
}
