// A corpus of malformed and hostile report bodies: each gets its typed error,
// the process keeps answering, and nothing is stored (no record, no byte).

import { strict as assert } from "node:assert";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { keypairFromSeed, signReport, decodeReport } from "../../sdk/src";
import { SeededRandom } from "../../oracle/src/epoch/seeded-random";
import { Backend, ServiceWorld } from "./helpers/service-world";
import { PostgresServer, startPostgres } from "./helpers/postgres-server";

function segmentBytes(world: ServiceWorld): number {
  const dir = join(world.dataDir, "reports", String(world.epoch));
  let n = 0;
  try {
    for (const f of readdirSync(dir)) n += statSync(join(dir, f)).size;
  } catch {
    /* no segment yet */
  }
  return n;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const b = Buffer.from(bytes);
  b[at] ^= 0x01;
  return b;
}

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe(`report intake refuses malformed input (${backend})`, function () {
    this.timeout(120_000);
    let pg: PostgresServer | undefined;
    let world: ServiceWorld;
    let beacon: Uint8Array, witness: Uint8Array;

    before(async () => {
      if (backend === "postgres") pg = await startPostgres();
      world = await ServiceWorld.create({ backend, pg, config: { maxBodyBytes: 64 * 1024, rateLimit: { capacity: 3, refillPerSec: 0.001 } } });
      const reports = world.scenario.inputs.reports.map((r) => r.bytes);
      beacon = reports.find((b) => b[1] === 1)!;
      witness = reports.find((b) => b[1] === 2)!;
      world.clock.set(world.scenario.inputs.window.startMs + 1000);
    });
    after(async () => {
      await world?.stop();
      pg?.stop();
    });

    async function refuse(body: Uint8Array, status: number, code: string | RegExp, contentType?: string, index?: number) {
      const before = { count: world.service.store.count(world.epoch), bytes: segmentBytes(world) };
      const r = await world.post([body], contentType);
      assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
      if (typeof code === "string") assert.equal(r.body.error.code, code);
      else assert.match(r.body.error.code, code);
      assert.equal(typeof r.body.error.message, "string");
      if (index !== undefined) assert.equal(r.body.error.index, index);
      assert.deepEqual({ count: world.service.store.count(world.epoch), bytes: segmentBytes(world) }, before, "nothing was stored");
      assert.equal((await world.http("GET", "/healthz")).status, 200, "the process still answers");
    }

    it("refuses an empty body", () => refuse(new Uint8Array(0), 400, "empty_body"));
    it("refuses a one-byte body", () => refuse(Uint8Array.of(1), 400, "malformed_report", undefined, 0));
    it("refuses a truncated beacon", () => refuse(beacon.subarray(0, 150), 400, "malformed_report", undefined, 0));
    it("refuses a batch whose second report is a truncated witness, storing neither", () => refuse(Buffer.concat([beacon, witness.subarray(0, 177)]), 400, "malformed_report", undefined, 1));
    it("refuses trailing bytes after a valid report", () => refuse(Buffer.concat([witness, Buffer.from([1, 2, 3])]), 400, "malformed_report", undefined, 1));
    it("refuses an unsupported report version", () => refuse(Buffer.concat([Buffer.from([2]), beacon.subarray(1)]), 400, "unsupported_version", undefined, 0));
    it("refuses an unknown report type", () => refuse(Buffer.concat([Buffer.from([1, 9]), beacon.subarray(2)]), 400, "malformed_report", undefined, 0));
    it("refuses a flipped signature bit", () => refuse(flip(beacon, 199), 401, "bad_signature", undefined, 0));
    it("refuses a signed field changed after signing (RSSI)", () => refuse(flip(witness, 102), 401, "bad_signature", undefined, 0));
    it("refuses a batch with one bad signature among good reports, storing none of them", () => refuse(Buffer.concat([beacon, witness, flip(witness, 150)]), 401, "bad_signature", undefined, 2));
    it("refuses a well-signed report from a key no hotspot registered", () => {
      const stranger = keypairFromSeed(Buffer.alloc(32, 0x5a));
      const w = decodeReport(witness) as ReturnType<typeof decodeReport> & { kind: "witness" };
      const forged = signReport({ ...w, witnessKey: stranger.publicKey } as never, stranger).bytes;
      return refuse(forged, 404, "unknown_hotspot", undefined, 0);
    });
    it("refuses a body over the size limit with 413", () => refuse(Buffer.alloc(64 * 1024 + 1, 1), 413, "body_too_large"));
    it("refuses JSON, text and a missing content type with 415", async () => {
      await refuse(beacon, 415, "unsupported_media_type", "application/json");
      await refuse(beacon, 415, "unsupported_media_type", "text/plain");
      const r = await fetch(world.url + "/v1/reports", { method: "POST", body: beacon });
      assert.equal(r.status, 415);
    });
    it("refuses 200 random byte strings with typed errors", async () => {
      const rng = new SeededRandom(99);
      for (let i = 0; i < 200; i++) {
        const body = rng.bytes(rng.int(1, 900));
        if (i % 3 === 0) body[0] = 1; // past the version check, into type and length checks
        if (i % 6 === 0) body[1] = 1 + (i % 2);
        await refuse(body, body[0] === 1 && ((body[1] === 1 && body.length === 200) || (body[1] === 2 && body.length === 178)) ? 404 : 400, /^(malformed_report|unsupported_version|bad_signature|unknown_hotspot)$/);
      }
    });
    it("rate-limits a hotspot past its burst with 429 and Retry-After, storing nothing from that body", async () => {
      const key = Buffer.from(witness.subarray(2, 34));
      const mine = world.scenario.inputs.reports.map((r) => r.bytes).filter((b) => b[1] === 2 && Buffer.from(b.subarray(2, 34)).equals(key));
      assert.ok(mine.length >= 4, "the scenario gives this witness at least 4 reports");
      const before = world.service.store.count(world.epoch);
      const r = await world.post(mine.slice(0, 4));
      assert.equal(r.status, 429);
      assert.equal(r.body.error.code, "rate_limited");
      assert.ok(Number(r.headers.get("retry-after")) >= 1);
      assert.equal(world.service.store.count(world.epoch), before);
      const ok = await world.post(mine.slice(0, 3));
      assert.equal(ok.status, 200, "within the burst the same reports are accepted");
      const dup = await world.post(mine.slice(0, 3));
      assert.equal(dup.status, 200, "redeliveries cost no tokens");
      assert.equal(dup.body.duplicates, 3);
    });
  });
}
