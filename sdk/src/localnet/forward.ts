// Fixed local ports in front of Surfpool's random ones, so every tool configured for
// localnet (8899 JSON-RPC, 8900 websocket) finds it:
// - HTTP: forwards JSON-RPC POSTs, answers `GET /health` as solana-test-validator does, and
//   normalises `getEpochInfo`'s `transactionCount: null` (web3.js refuses it) to 0.
// - websocket: a plain TCP pipe.
// Listening on a port in use fails with `PortInUseError`, before anything else starts.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly host: string, what: string) {
    super(`Port ${port} on ${host} is already in use, so the ${what} cannot listen there: is another localnet or validator running? Stop it, or choose other ports.`);
    this.name = "PortInUseError";
  }
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: HttpServer | TcpServer, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => reject(e.code === "EADDRINUSE" ? new PortInUseError(port, host, what) : e);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const addr = server.address();
      resolve(typeof addr === "object" && addr ? addr.port : port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** Fixes the known quirks of one JSON-RPC response (or a batch) given its request. */
export function normaliseRpcResponse(request: unknown, response: unknown): unknown {
  const fix = (req: { method?: string } | undefined, res: { result?: Record<string, unknown> }) => {
    if (req?.method === "getEpochInfo" && res?.result && res.result.transactionCount === null) res.result.transactionCount = 0;
    return res;
  };
  if (Array.isArray(response)) {
    const byId = new Map<unknown, { method?: string }>((Array.isArray(request) ? request : []).map((r: { id?: unknown; method?: string }) => [r?.id, r]));
    return response.map((res: { id?: unknown }) => fix(byId.get(res?.id), res as { result?: Record<string, unknown> }));
  }
  return fix(request as { method?: string }, response as { result?: Record<string, unknown> });
}

/** An HTTP JSON-RPC forward on `port` (0 = any free port) to `target`. */
export async function startRpcForward(o: { target: string; port: number; host?: string }): Promise<Listening> {
  const host = o.host ?? "127.0.0.1";
  const server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (req.method === "GET" && (req.url === "/health" || req.url === "/health/")) {
        const ok = await fetch(o.target, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"getHealth"}' })
          .then((r) => r.ok)
          .catch(() => false);
        res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" }).end(ok ? "ok" : "unknown");
        return;
      }
      if (req.method === "OPTIONS") {
        res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "content-type", "access-control-allow-methods": "POST, GET, OPTIONS" }).end();
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(405, { "content-type": "text/plain" }).end("Used HTTP Method is not allowed. POST or GET /health is required");
        return;
      }
      const body = await readBody(req);
      const upstream = await fetch(o.target, { method: "POST", headers: { "content-type": "application/json" }, body });
      let text = await upstream.text();
      if (body.includes("getEpochInfo")) {
        try {
          text = JSON.stringify(normaliseRpcResponse(JSON.parse(body.toString("utf8")), JSON.parse(text)));
        } catch {
          /* not JSON: pass through untouched */
        }
      }
      res.writeHead(upstream.status, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(text);
    } catch (e) {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end(`upstream unavailable: ${(e as Error).message}`);
    }
  });
  const port = await listen(server, o.port, host, "JSON-RPC forward");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A TCP pipe on `port` to `targetHost:targetPort` (websockets pass through untouched). */
export async function startTcpPipe(o: { targetHost: string; targetPort: number; port: number; host?: string }): Promise<Listening> {
  const host = o.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(o.targetPort, o.targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => (s === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await listen(server, o.port, host, "websocket forward");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
