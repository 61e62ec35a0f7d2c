// A JSON-RPC proxy in front of a test chain that injects the faults a public
// RPC endpoint produces: HTTP 5xx and 429 answers per method (planned, one per
// call, in order), and dropped transactions (`sendTransaction` answered with
// the transaction's signature as if accepted, but never forwarded). Everything
// else is forwarded untouched. Listens on a random loopback port.

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const bs58: { encode(b: Uint8Array): string } = require("bs58");

export type Fault = 503 | 429 | 500;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** The first signature of a wire transaction (base64): compact-u16 count (1 byte below 128), then 64-byte signatures. */
export function firstSignature(base64Tx: string): string {
  const raw = Buffer.from(base64Tx, "base64");
  return bs58.encode(raw.subarray(1, 65));
}

export class FaultProxy {
  /** every method called through the proxy, in order. */
  readonly calls: string[] = [];
  /** faults answered, by method. */
  readonly injected: { method: string; fault: Fault | "drop" }[] = [];
  private readonly plans = new Map<string, Fault[]>();
  /** signatures whose every send is dropped. */
  private readonly dropped = new Set<string>();
  /** drop (every send of) the next this-many distinct transactions. */
  dropNextTransactions = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    let proxy: FaultProxy;
    const server = createServer(async (req, res) => {
      try {
        const body = await readBody(req);
        const reply = await proxy.handle(body, target);
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(reply.body);
      } catch (e) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`proxy: ${(e as Error).message}`);
      }
    });
    server.keepAliveTimeout = 65_000; // longer than the client's, so no reused socket is closed under it
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  /** The next calls of `method` answer these HTTP errors, one each, before calls pass again. */
  plan(method: string, ...faults: Fault[]): void {
    this.plans.set(method, [...(this.plans.get(method) ?? []), ...faults]);
  }

  /** Signatures of the transactions dropped so far. */
  droppedSignatures(): string[] {
    return [...this.dropped];
  }

  private async handle(body: Buffer, target: string): Promise<{ status: number; body: string | Buffer }> {
    let request: { id?: unknown; method?: string; params?: unknown[] } | null = null;
    try {
      const parsed = JSON.parse(body.toString("utf8"));
      if (!Array.isArray(parsed)) request = parsed;
    } catch {
      /* forwarded as is */
    }
    const method = request?.method ?? "(batch)";
    this.calls.push(method);
    const fault = this.plans.get(method)?.shift();
    if (fault !== undefined) {
      this.injected.push({ method, fault });
      return { status: fault, body: JSON.stringify({ error: fault === 429 ? "Too Many Requests" : "Service Unavailable (injected)" }) };
    }
    if (method === "sendTransaction" && typeof request?.params?.[0] === "string") {
      const sig = firstSignature(request.params[0] as string);
      if (!this.dropped.has(sig) && this.dropNextTransactions > 0) {
        this.dropNextTransactions--;
        this.dropped.add(sig);
      }
      if (this.dropped.has(sig)) {
        this.injected.push({ method, fault: "drop" });
        return { status: 200, body: JSON.stringify({ jsonrpc: "2.0", id: request!.id, result: sig }) };
      }
    }
    const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
