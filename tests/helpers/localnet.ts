// Real-RPC test worlds: a Surfpool chain on random ports (started through the same
// startLocalnet as `npm run localnet`), a temporary wallet, and factories for networks,
// makers and devices driven through HexpinClient.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { HexpinClient, type ExecuteOptions } from "../../sdk/src/client";
import { startLocalnet, type Localnet, type LocalnetOptions } from "../../sdk/src/localnet/localnet";

/** Fast slots, so a blockhash expires in seconds (150 blocks) and tests stay short. */
export const TEST_SLOT_MS = 50;
export const EPOCH_SECS = 60;
export const SF = latLngToCell(37.7749, -122.4194, 12);

export interface TestChain {
  net: Localnet;
  dir: string;
  stop(): Promise<void>;
}

export async function startTestChain(o: LocalnetOptions = {}): Promise<TestChain> {
  const dir = mkdtempSync(join(tmpdir(), "hexpin-rpc-"));
  const net = await startLocalnet({ rpcPort: 0, slotTimeMs: TEST_SLOT_MS, walletPath: join(dir, "id.json"), txLogPath: join(dir, "transactions.log"), ...o });
  return {
    net,
    dir,
    stop: async () => {
      await net.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A funded keypair and a client acting as it. */
export function fundedClient(chain: TestChain, sol = 100, o: ConstructorParameters<typeof HexpinClient>[2] = {}): HexpinClient {
  const kp = Keypair.generate();
  chain.net.fund(kp.publicKey, sol * 1e9);
  return new HexpinClient(chain.net.connection(), kp, o);
}

export interface RpcNetwork {
  authority: HexpinClient;
  network: PublicKey;
}

/** A network with 60-second epochs created by a fresh authority. */
export async function createRpcNetwork(chain: TestChain, o: ExecuteOptions = {}): Promise<RpcNetwork> {
  const authority = fundedClient(chain);
  const out = await authority.initializeNetwork(
    {
      epochLengthSecs: EPOCH_SECS,
      decimals: 6,
      emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 1_000_000_000n }],
      oracles: [authority.wallet.publicKey],
      oracleQuorum: 1,
      onboardFeeLamports: 1_000_000,
      locationFeeLamports: 500_000,
      feeRecipient: authority.wallet.publicKey,
    },
    o,
  );
  return { authority, network: out.network };
}

export interface RpcMaker {
  client: HexpinClient;
  issuingKey: Keypair;
  maker: PublicKey;
}

/** A maker registered by its own funded wallet, approved unless `approve` is false. */
export async function createRpcMaker(chain: TestChain, net: RpcNetwork, name = "Acme Radios", approve = true): Promise<RpcMaker> {
  const client = fundedClient(chain);
  const issuingKey = Keypair.generate();
  const { maker } = await client.registerMaker(net.network, name, issuingKey);
  if (approve) await net.authority.setMakerApproval(net.network, maker, true);
  return { client, issuingKey, maker };
}

/** Moves the chain's clock past the network's current epoch. */
export async function endCurrentEpoch(chain: TestChain, client: HexpinClient, network: PublicKey): Promise<void> {
  const n = await client.network(network);
  const end = Number(n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs);
  const { timeTravel } = await import("../../sdk/src/localnet/localnet");
  await timeTravel(chain.net.rpcUrl, end + 2);
}
