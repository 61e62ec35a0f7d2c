// Cluster monikers as the Solana CLI spells them (`-u localnet|devnet|testnet|mainnet-beta`
// or their first letters, or any http(s) URL), and the connection hexpin tools open on it.
import { Connection, type Commitment } from "@solana/web3.js";
import { ClusterUnreachableError, InvalidInputError } from "./errors";

export const CLUSTERS = {
  localnet: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
} as const;

const SHORT: Record<string, keyof typeof CLUSTERS> = { l: "localnet", d: "devnet", t: "testnet", m: "mainnet-beta", mainnet: "mainnet-beta" };

/** The JSON-RPC URL for a moniker or URL; throws `InvalidInputError` for anything else. */
export function resolveClusterUrl(urlOrMoniker: string): string {
  const v = urlOrMoniker.trim();
  if (v in CLUSTERS) return CLUSTERS[v as keyof typeof CLUSTERS];
  if (v in SHORT) return CLUSTERS[SHORT[v]];
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new InvalidInputError(`The cluster "${v}" is neither localnet, devnet, testnet, mainnet-beta nor an http(s) URL.`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new InvalidInputError(`The cluster URL ${v} must use http or https.`);
  return v;
}

/** The websocket endpoint the Solana CLI would use for an RPC URL: same host, port + 1 when a port is given. */
export function websocketUrlFor(rpcUrl: string): string {
  const u = new URL(rpcUrl);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  if (u.port) u.port = String(Number(u.port) + 1);
  return u.toString();
}

const NETWORK_ERRORS = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"];

/** The low-level reason a fetch to the cluster failed, or undefined when it is not a network failure. */
function networkFailure(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: string }).code;
    if (code && NETWORK_ERRORS.includes(code)) return code === "ECONNREFUSED" ? "connection refused" : code === "ENOTFOUND" ? "unknown host" : code;
    if ((cur as Error).name === "AbortError" || (cur as Error).name === "TimeoutError") return "timed out";
  }
  // undici: `TypeError: fetch failed`, the reason (if any) in its cause.
  if (e instanceof TypeError && e.message === "fetch failed") {
    const cause = (e as { cause?: { message?: string } }).cause;
    return cause?.message || "the request failed";
  }
  return undefined;
}

/**
 * A `fetch` for web3.js that turns network failures into `ClusterUnreachableError` and
 * gives up after `timeoutMs` instead of hanging on a black-holed endpoint.
 */
export function clusterFetch(url: string, timeoutMs = 30_000): typeof fetch {
  return async (input, init) => {
    // A connection reset under load is retried (a JSON-RPC request, including sending the
    // same signed transaction, is safe to repeat); anything else fails at once.
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(input, init);
      } catch (e) {
        if (!(e instanceof ClusterUnreachableError) || !/ECONNRESET|UND_ERR_SOCKET|other side closed/.test(e.reason) || attempt >= 4) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };

  async function once(input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1]): Promise<Response> {
    try {
      const res = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (res.status >= 500 || res.status === 404 || res.status === 405) {
        // web3.js would retry 5xx forever-ish or fail with an opaque parse error.
        const body = (await res.text()).slice(0, 120).trim();
        throw new ClusterUnreachableError(url, `HTTP ${res.status}${body ? `: ${body}` : ""}`);
      }
      return res;
    } catch (e) {
      if (e instanceof ClusterUnreachableError) throw e;
      const reason = networkFailure(e);
      throw reason ? new ClusterUnreachableError(url, reason) : e;
    }
  }
}

/** Finds a `ClusterUnreachableError` that web3.js wrapped into its own error, if any. */
export function asClusterUnreachable(e: unknown): ClusterUnreachableError | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof ClusterUnreachableError) return cur;
  }
  const m = e instanceof Error ? /Cannot reach the cluster at (\S+) \((.*)\)\.?/.exec(e.message) : null;
  return m ? new ClusterUnreachableError(m[1], m[2]) : undefined;
}

export interface ConnectOptions {
  commitment?: Commitment;
  wsUrl?: string;
  timeoutMs?: number;
}

/** A web3.js `Connection` with hexpin's network-failure handling. */
export function connect(urlOrMoniker: string, o: ConnectOptions = {}): Connection {
  const url = resolveClusterUrl(urlOrMoniker);
  return new Connection(url, {
    commitment: o.commitment ?? "confirmed",
    wsEndpoint: o.wsUrl ?? websocketUrlFor(url),
    fetch: clusterFetch(url, o.timeoutMs),
    disableRetryOnRateLimit: false,
  });
}
