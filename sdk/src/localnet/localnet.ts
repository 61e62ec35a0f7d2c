// A real local chain for hexpin: Surfpool's engine behind fixed ports, the program deployed
// through the upgradeable loader over RPC, a funded wallet as upgrade authority, and
// migrations/deploy.ts run against it. `npm run localnet` (scripts/localnet.ts) and the
// test suites start it through this one function; tests pass port 0 for random ports.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, PublicKey, Transaction, type Keypair } from "@solana/web3.js";
import { TransactionSender } from "../client/send";
import { coder } from "../program";
import { clusterFetch } from "../client/cluster";
import { readKeypairFile, readOrCreateKeypairFile, DEFAULT_KEYPAIR_PATH } from "../client/keypair-file";
import { HEXPIN_PROGRAM_ID } from "../constants";
import { deployProgram, type DeployProgramOptions, type DeployResult } from "../deploy/deploy-program";
import { networkPda } from "../pdas";
import { startRpcForward, startTcpPipe, type Listening } from "./forward";
import { startSurfnet, type SurfnetEngine, type SurfnetEvent } from "./surfnet";

const REPO = resolve(__dirname, "../../..");
export const DEFAULT_PROGRAM_SO = resolve(REPO, "target/deploy/hexpin.so");
export const DEFAULT_PROGRAM_KEYPAIR = resolve(REPO, "programs/hexpin/keys/hexpin-keypair.json");
export const DEFAULT_MIGRATION = resolve(REPO, "migrations/deploy.ts");
export const DEFAULT_TX_LOG = resolve(REPO, "target/localnet/transactions.log");

export interface LocalnetOptions {
  /** JSON-RPC port (8899; 0 = a free random port). */
  rpcPort?: number;
  /** websocket port (RPC port + 1; 0 = a free random port). */
  wsPort?: number;
  host?: string;
  slotTimeMs?: number;
  /** the program binary to deploy; null deploys nothing. */
  programSo?: string | null;
  programKeypair?: string;
  /** the wallet: created when missing, funded, upgrade authority, migration provider. */
  walletPath?: string;
  walletLamports?: number;
  /** `anchor migrate`'s script; null skips it. */
  migration?: string | null;
  /** where transactions are logged as JSON lines; null logs nothing. */
  txLogPath?: string | null;
  log?: (line: string) => void;
  onDeployProgress?: DeployProgramOptions["onProgress"];
}

export interface Localnet {
  rpcUrl: string;
  wsUrl: string;
  engine: SurfnetEngine;
  wallet: Keypair;
  walletPath: string;
  walletCreated: boolean;
  programId: PublicKey;
  deploy: DeployResult | null;
  /** the wallet's network after migration, when one exists. */
  network: PublicKey | null;
  txLogPath: string | null;
  /** milliseconds from start to each milestone. */
  timings: { engine: number; deploy: number; migrate: number; ready: number };
  connection(): Connection;
  /** credits lamports directly (localnet only). */
  fund(key: PublicKey, lamports: number): void;
  /** redeploys `programSo` (an upgrade when it differs from what is deployed). */
  redeploy(programSo?: string): Promise<DeployResult>;
  stop(): Promise<void>;
}

/** The snake_case name of a hexpin instruction from its data (for the compute-unit table). */
function instructionName(data: Buffer): string {
  try {
    return coder.instruction.decode(data)?.name ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Moves the chain's clock to `unixSecs` (Surfpool's `surfnet_timeTravel`); any RPC URL of a Surfpool chain. */
export async function timeTravel(rpcUrl: string, unixSecs: number): Promise<void> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "surfnet_timeTravel", params: [{ absoluteTimestamp: unixSecs * 1000 }] }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`time travel to ${unixSecs} refused: ${body.error.message}`);
}

/**
 * `anchor migrate`'s provider, confirming through the HTTP-polling sender: Anchor's own
 * confirmation opens a websocket that outlives the chain and keeps the process alive.
 */
export function httpOnlyProvider(connection: Connection, keypair: Keypair): AnchorProvider {
  const provider = new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" });
  const sender = new TransactionSender(connection, { commitment: "confirmed" });
  provider.sendAndConfirm = async (tx, signers = []) => {
    if (!(tx instanceof Transaction)) throw new Error("the migration provider sends legacy transactions only");
    const sent = await sender.send({ description: "migration", instructions: tx.instructions, signers: [keypair, ...signers], computeUnitLabels: tx.instructions.filter((ix) => ix.programId.equals(HEXPIN_PROGRAM_ID)).map((ix) => instructionName(ix.data)) });
    return sent.signature;
  };
  return provider;
}

function transactionLine(e: SurfnetEvent): string {
  return JSON.stringify({ time: e.timestamp, signature: e.transactionSignature, computeUnits: e.computeUnitsConsumed, fee: e.fee, error: e.error ?? null, logs: e.logs ?? [] });
}

export async function startLocalnet(o: LocalnetOptions = {}): Promise<Localnet> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const host = o.host ?? "127.0.0.1";
  const rpcPort = o.rpcPort ?? 8899;
  const wsPort = o.wsPort ?? (rpcPort === 0 ? 0 : rpcPort + 1);

  const engine = startSurfnet({ slotTimeMs: o.slotTimeMs ?? 400 });
  const forwards: Listening[] = [];
  let timer: NodeJS.Timeout | undefined;
  const txLogPath = o.txLogPath === undefined ? DEFAULT_TX_LOG : o.txLogPath;
  const drain = () => {
    const events = engine.drainEvents();
    if (!txLogPath) return;
    const lines = events.filter((e) => e.kind === "transactionProcessed").map(transactionLine);
    if (lines.length) appendFileSync(txLogPath, lines.join("\n") + "\n");
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearInterval(timer);
    try {
      drain();
    } catch {
      /* the log is best effort at shutdown */
    }
    await Promise.all(forwards.map((f) => f.close()));
    engine.stop();
  };

  try {
    const engineWs = new URL(engine.wsUrl);
    forwards.push(await startRpcForward({ target: engine.rpcUrl, port: rpcPort, host }));
    forwards.push(await startTcpPipe({ targetHost: engineWs.hostname, targetPort: Number(engineWs.port), port: wsPort, host }));
    const rpcUrl = `http://${host}:${forwards[0].port}`;
    const wsUrl = `ws://${host}:${forwards[1].port}`;
    if (txLogPath) {
      mkdirSync(dirname(txLogPath), { recursive: true });
      appendFileSync(txLogPath, "");
    }
    // Drained even when nothing is logged: the engine's event queue is bounded, and a full
    // queue stalls the whole chain (every RPC call hangs) after a few thousand transactions.
    timer = setInterval(drain, 250);
    timer.unref();
    const tEngine = Date.now() - t0;
    const connection = () => new Connection(rpcUrl, { commitment: "confirmed", wsEndpoint: wsUrl, fetch: clusterFetch(rpcUrl) });

    const wallet = readOrCreateKeypairFile(o.walletPath ?? DEFAULT_KEYPAIR_PATH);
    engine.fundSol(wallet.keypair.publicKey.toBase58(), o.walletLamports ?? 1_000 * 1e9);
    log(`wallet ${wallet.keypair.publicKey.toBase58()} (${wallet.path}${wallet.created ? ", created" : ""}) funded`);

    const programKeypair = readKeypairFile(o.programKeypair ?? DEFAULT_PROGRAM_KEYPAIR, "program keypair");
    const programId = programKeypair.publicKey;
    const soPath = o.programSo === undefined ? DEFAULT_PROGRAM_SO : o.programSo;
    const doDeploy = async (path: string) => {
      if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:program\` first.`);
      return deployProgram({ connection: connection(), payer: wallet.keypair, programKeypair, elf: readFileSync(path), onProgress: o.onDeployProgress });
    };
    let deploy: DeployResult | null = null;
    if (soPath) {
      deploy = await doDeploy(soPath);
      log(`program ${programId.toBase58()} ${deploy.action} (${deploy.bytes} bytes, ${deploy.transactions} transactions, upgrade authority ${deploy.authority.toBase58()})`);
    }
    const tDeploy = Date.now() - t0;

    let network: PublicKey | null = null;
    const migration = o.migration === undefined ? DEFAULT_MIGRATION : o.migration;
    if (soPath && migration) {
      if (!programId.equals(HEXPIN_PROGRAM_ID)) throw new Error(`the migration targets ${HEXPIN_PROGRAM_ID.toBase58()}, not ${programId.toBase58()}`);
      const provider = httpOnlyProvider(connection(), wallet.keypair);
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const migrate = require(migration) as (p: AnchorProvider) => Promise<void>;
      await migrate(provider);
      const candidate = networkPda(wallet.keypair.publicKey, programId)[0];
      if (await provider.connection.getAccountInfo(candidate)) network = candidate;
    }
    const tMigrate = Date.now() - t0;

    return {
      rpcUrl,
      wsUrl,
      engine,
      wallet: wallet.keypair,
      walletPath: wallet.path,
      walletCreated: wallet.created,
      programId,
      deploy,
      network,
      txLogPath,
      timings: { engine: tEngine, deploy: tDeploy, migrate: tMigrate, ready: Date.now() - t0 },
      connection,
      fund: (key, lamports) => engine.fundSol(key.toBase58(), lamports),
      redeploy: (path = soPath ?? DEFAULT_PROGRAM_SO) => doDeploy(path),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
