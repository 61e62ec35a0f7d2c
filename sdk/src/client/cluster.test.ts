import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { clusterFetch } from "./cluster";
import { ClusterUnreachableError } from "./errors";

// A JSON-RPC endpoint whose first `slow` requests never get an answer.
async function endpoint(slow: number): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    n++;
    if (n <= slow) return; // black-holed: the client's timeout decides
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"jsonrpc":"2.0","id":1,"result":42}'));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests: () => n, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const body = { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"getSlot"}' };

describe("clusterFetch", () => {
  it("asks again once when a busy cluster answers too late, and takes the second answer", async () => {
    const e = await endpoint(1);
    try {
      const res = await clusterFetch(e.url, 300)(e.url, body);
      assert.deepEqual(await res.json(), { jsonrpc: "2.0", id: 1, result: 42 });
      assert.equal(e.requests(), 2);
    } finally {
      await e.close();
    }
  });

  it("calls a cluster that never answers unreachable after the second timeout", async () => {
    const e = await endpoint(Infinity);
    try {
      await assert.rejects(clusterFetch(e.url, 200)(e.url, body), (err: unknown) => err instanceof ClusterUnreachableError && /timed out/.test(err.message));
      assert.equal(e.requests(), 2);
    } finally {
      await e.close();
    }
  });

  it("does not retry a refused connection", async () => {
    const e = await endpoint(0);
    await e.close();
    await assert.rejects(clusterFetch(e.url, 200)(e.url, body), (err: unknown) => err instanceof ClusterUnreachableError && /connection refused/.test(err.message));
  });
});
