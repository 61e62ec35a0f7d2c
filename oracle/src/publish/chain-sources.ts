// The service's chain reads over JSON-RPC (@solana/web3.js): the registry from
// the program's Hotspot accounts, entropy from a recent finalized blockhash,
// the epoch schedule from the Network account and each epoch's emission from
// its Epoch account. Reads only; the root vote goes through a RootPublisher.

import { createHash } from "node:crypto";
import { Connection, PublicKey } from "@solana/web3.js";
import { decodeEpoch, decodeHotspot, decodeNetwork, epochPda } from "@hexpin/sdk";
import type { HotspotInfo } from "../types";
import type { EmissionSource, EntropySource, NetworkSchedule, RegistrySource, ScheduleSource } from "./sources";

// bs58 4.x ships no types; it is the codec @solana/web3.js uses.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const bs58: { encode(b: Uint8Array): string; decode(s: string): Uint8Array } = require("bs58");

const HOTSPOT_DISCRIMINATOR = createHash("sha256").update("account:Hotspot").digest().subarray(0, 8);

/** The named clusters of the Solana CLI's `-u`, or a URL. */
export function clusterUrl(moniker: string): string {
  const known: Record<string, string> = {
    localnet: "http://127.0.0.1:8899",
    localhost: "http://127.0.0.1:8899",
    l: "http://127.0.0.1:8899",
    devnet: "https://api.devnet.solana.com",
    d: "https://api.devnet.solana.com",
    "mainnet-beta": "https://api.mainnet-beta.solana.com",
    m: "https://api.mainnet-beta.solana.com",
    testnet: "https://api.testnet.solana.com",
    t: "https://api.testnet.solana.com",
  };
  if (known[moniker]) return known[moniker];
  let u: URL;
  try {
    u = new URL(moniker);
  } catch {
    throw new RangeError(`--url must be localnet, devnet, mainnet-beta, testnet or an http(s) URL; got "${moniker}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new RangeError(`--url must be an http(s) URL; got ${u.protocol}//`);
  return moniker;
}

export class ChainSources implements RegistrySource, EntropySource, ScheduleSource, EmissionSource {
  constructor(
    readonly connection: Connection,
    readonly programId: PublicKey,
    readonly network: PublicKey,
  ) {}

  async schedule(): Promise<NetworkSchedule> {
    const info = await this.connection.getAccountInfo(this.network, "finalized");
    if (!info) throw new Error(`network account ${this.network.toBase58()} does not exist on this cluster`);
    if (!info.owner.equals(this.programId)) throw new Error(`account ${this.network.toBase58()} is not owned by program ${this.programId.toBase58()}`);
    const n = decodeNetwork(info.data);
    return { genesisMs: Number(n.genesisTs) * 1000, epochLengthMs: Number(n.epochLengthSecs) * 1000 };
  }

  async emission(epoch: number): Promise<bigint | null> {
    const [pda] = epochPda(this.network, epoch);
    const info = await this.connection.getAccountInfo(pda, "finalized");
    if (!info || !info.owner.equals(this.programId)) return null;
    return decodeEpoch(info.data).emission;
  }

  async fetchHotspots(): Promise<HotspotInfo[]> {
    const accounts = await this.connection.getProgramAccounts(this.programId, {
      commitment: "finalized",
      filters: [{ memcmp: { offset: 0, bytes: bs58.encode(HOTSPOT_DISCRIMINATOR) } }],
    });
    const out: HotspotInfo[] = [];
    for (const { account } of accounts) {
      const h = decodeHotspot(account.data);
      if (!h.network.equals(this.network)) continue;
      out.push({
        key: h.hardwareKey.toBase58(),
        owner: h.owner.toBase58(),
        location: h.location === 0n ? null : h.location.toString(16),
        gainDbi10: h.gainDbi10,
        elevationM: h.elevationM,
        onboardedAt: Number(h.onboardedAt),
        serial: Number(h.serial),
      });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async latest(): Promise<{ id: number; value: Uint8Array }> {
    const { context, value } = await this.connection.getLatestBlockhashAndContext("finalized");
    const bytes = bs58.decode(value.blockhash);
    if (bytes.length !== 32) throw new Error(`blockhash ${value.blockhash} is not 32 bytes`);
    return { id: context.slot, value: bytes };
  }
}
