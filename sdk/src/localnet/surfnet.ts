// Surfpool's engine (`@solana/surfpool-linux-x64-gnu`, a napi addon, offline): a real
// Solana runtime answering JSON-RPC and websockets on random local ports. The addon ships
// no type declarations; these are the members hexpin uses (see shared LOCALNET notes).

export interface SurfnetConfig {
  offline?: boolean;
  blockProductionMode?: "clock" | "transaction" | "manual";
  slotTimeMs?: number;
  /** lamports for the engine's own payer. */
  airdropSol?: number;
}

export interface SurfnetEvent {
  kind: string;
  timestamp?: string;
  transactionSignature?: string;
  logs?: string[];
  computeUnitsConsumed?: number;
  fee?: number;
  error?: unknown;
  message?: string;
}

export interface SurfnetEngine {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly payer: string;
  readonly instanceId: string;
  stop(): void;
  drainEvents(): SurfnetEvent[];
  fundSol(address: string, lamports: number): void;
}

interface SurfnetAddon {
  Surfnet: { startWithConfig(config: SurfnetConfig): SurfnetEngine };
}

export const SURFPOOL_PACKAGE = "@solana/surfpool-linux-x64-gnu";

/** Loads the addon, explaining what is missing when it cannot. */
export function loadSurfnet(): SurfnetAddon["Surfnet"] {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`The local chain needs ${SURFPOOL_PACKAGE}, which exists for Linux x64 only (this is ${process.platform}/${process.arch}); use devnet or a solana-test-validator instead.`);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require(SURFPOOL_PACKAGE) as SurfnetAddon).Surfnet;
  } catch (e) {
    throw new Error(`Cannot load ${SURFPOOL_PACKAGE} (${(e as Error).message.split("\n")[0]}): run \`npm run setup\` (it is an optional dependency, installed on Linux x64 glibc).`);
  }
}

export function startSurfnet(config: SurfnetConfig): SurfnetEngine {
  return loadSurfnet().startWithConfig({ offline: true, blockProductionMode: "clock", slotTimeMs: 400, ...config });
}
