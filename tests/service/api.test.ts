// The oracle service's HTTP API, end to end over loopback, on both databases:
// embedded PGlite and a real PostgreSQL server started for the suite.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { parseRewardId, rewardId, verifyClaim } from "../../sdk/src";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { OracleService } from "../../oracle/src/service/oracle-service";
import { RecordingRootPublisher, SimulatedRootChain } from "./helpers/recording-root-publisher";
import { Backend, ServiceWorld } from "./helpers/service-world";
import { PostgresServer, startPostgres } from "./helpers/postgres-server";

for (const backend of ["pglite", "postgres"] as Backend[]) {
  describe(`oracle service API (${backend})`, function () {
    this.timeout(120_000);
    let pg: PostgresServer | undefined;
    let world: ServiceWorld;
    const chain = new SimulatedRootChain(1);
    chain.closed = () => false; // the chain closes the epoch only in the voting test
    const publisher = new RecordingRootPublisher("OracleA", chain);

    before(async () => {
      if (backend === "postgres") pg = await startPostgres();
      world = await ServiceWorld.create({ backend, pg, publisher });
    });
    after(async () => {
      await world?.stop();
      pg?.stop();
    });

    it("publishes an OpenAPI document that lists every route", async () => {
      const r = await world.http("GET", "/openapi.json");
      assert.equal(r.status, 200);
      assert.equal(r.body.openapi, "3.0.3");
      for (const p of ["/v1/reports", "/v1/entropy", "/v1/epochs", "/v1/epochs/{n}", "/v1/epochs/{n}/bundle", "/v1/bundles/{digest}", "/v1/rewards/{hotspot}", "/v1/coverage", "/metrics", "/healthz", "/readyz"]) {
        assert.ok(r.body.paths[p], `OpenAPI lacks ${p}`);
      }
      assert.ok(r.body.paths["/v1/reports"].post.responses["429"], "the intake documents its rate-limit error");
    });

    it("serves the newest entropy record for devices to quote", async () => {
      const r = await world.http("GET", "/v1/entropy");
      assert.equal(r.status, 200);
      const newest = [...world.scenario.inputs.entropy].sort((a, b) => b.id - a.id)[0];
      assert.deepEqual(r.body, { id: newest.id, valueHex: Buffer.from(newest.value).toString("hex"), publishedAtMs: newest.publishedAtMs });
    });

    it("stores a report once and acknowledges 2-5 redeliveries as duplicates", async () => {
      const first = world.deliveries()[0];
      world.clock.set(first[0].receivedAtMs);
      const bytes = first.map((x) => x.bytes);
      const ack = await world.post(bytes);
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.equal(ack.body.stored, bytes.length);
      assert.equal(ack.body.receivedAtMs, first[0].receivedAtMs);
      assert.equal(ack.body.reports[0].hash, createHash("sha256").update(bytes[0]).digest("hex"));
      for (let i = 0; i < 4; i++) {
        const again = await world.post(bytes);
        assert.equal(again.status, 200);
        assert.equal(again.body.stored, 0);
        assert.equal(again.body.duplicates, bytes.length);
      }
      // the same report twice in one body is stored once
      const twice = await world.post([bytes[0], bytes[0]]);
      assert.equal(twice.body.stored, 0);
      assert.equal(world.service.store.count(world.epoch), bytes.length);
    });

    it("stores a body delivered 5 times at once exactly once", async () => {
      const g = world.deliveries()[1];
      world.clock.set(g[0].receivedAtMs);
      const before = world.service.store.count(world.epoch);
      const acks = await Promise.all(Array.from({ length: 5 }, () => world.post(g.map((x) => x.bytes))));
      assert.deepEqual(acks.map((a) => a.status), [200, 200, 200, 200, 200]);
      assert.equal(acks.reduce((n, a) => n + a.body.stored, 0), g.length, "stored once in all");
      assert.equal(acks.reduce((n, a) => n + a.body.duplicates, 0), 4 * g.length);
      assert.equal(world.service.store.count(world.epoch), before + g.length);
    });

    it("freezes and computes the epoch to exactly the pure epoch function's root and digest", async () => {
      await world.deliverAll();
      world.endEpoch();
      await world.service.pipeline.tick();
      const expected = computeEpoch(world.scenario.inputs, { coverageMap: false });
      const r = await world.http("GET", `/v1/epochs/${world.epoch}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.inputDigest, expected.inputDigest);
      assert.equal(r.body.merkleRoot, expected.merkleRoot);
      assert.equal(r.body.paid, expected.paid.toString());
      assert.equal(r.body.reports, world.scenario.inputs.reports.length);
      assert.equal(BigInt(r.body.paid) + BigInt(r.body.unallocated), world.scenario.inputs.emission);
    });

    it("serves the bundle content-addressed by its digest", async () => {
      const e = await world.http("GET", `/v1/epochs/${world.epoch}`);
      const redirect = await world.http("GET", `/v1/epochs/${world.epoch}/bundle`);
      assert.equal(redirect.status, 302);
      assert.equal(redirect.headers.get("location"), `/v1/bundles/${e.body.inputDigest}`);
      const res = await fetch(world.url + redirect.headers.get("location"));
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(createHash("sha256").update(bytes).digest("hex"), e.body.inputDigest);
      assert.equal(res.headers.get("etag"), `"${e.body.inputDigest}"`);
      const missing = await world.http("GET", `/v1/bundles/${"0".repeat(64)}`);
      assert.equal(missing.status, 404, JSON.stringify(missing.body));
      assert.equal(missing.body.error.code, "unknown_bundle");
    });

    it("lists epochs and refuses unknown ones with a typed 404", async () => {
      const list = await world.http("GET", "/v1/epochs");
      assert.equal(list.status, 200);
      assert.ok(list.body.epochs.some((e: { epoch: number; state: string }) => e.epoch === world.epoch && e.state === "computed"));
      const unknown = await world.http("GET", "/v1/epochs/999999");
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, "unknown_epoch");
      const bad = await world.http("GET", "/v1/epochs/minus-one");
      assert.equal(bad.status, 400);
    });

    it("serves GeoJSON coverage inside a bounding box only", async () => {
      const all = await world.http("GET", `/v1/coverage?bbox=-180,-90,180,90&epoch=${world.epoch}`);
      assert.equal(all.status, 200);
      assert.equal(all.body.type, "FeatureCollection");
      assert.ok(all.body.features.length > 0, "the scenario covers some hexes");
      const none = await world.http("GET", "/v1/coverage?bbox=10,10,11,11");
      assert.equal(none.body.features.length, 0);
      const bad = await world.http("GET", "/v1/coverage?bbox=5,5,1,1");
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, "bad_bbox");
    });

    it("votes the stored root, and once active serves proofs that claim_rewards would accept", async () => {
      const before = await world.http("GET", `/v1/rewards/${world.scenario.inputs.hotspots[0].key}`);
      assert.equal(before.status, 404);
      assert.equal(before.body.error.code, "no_active_root");
      chain.closed = () => true;
      await world.service.pipeline.tick();
      const e = await world.http("GET", `/v1/epochs/${world.epoch}`);
      assert.equal(e.body.state, "served");
      assert.deepEqual(publisher.votesCast().map((v) => v.merkleRoot), [e.body.merkleRoot]);
      const expected = computeEpoch(world.scenario.inputs, { coverageMap: false });
      let checked = 0;
      for (const [id, amount] of expected.cumulative) {
        const { key, serial } = parseRewardId(id);
        const r = await world.http("GET", `/v1/rewards/${key}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.rewardId, id);
        assert.equal(r.body.cumulative, amount.toString());
        assert.ok(verifyClaim(key, serial, BigInt(r.body.cumulative), r.body.proof.map((p: string) => Buffer.from(p, "hex")), Buffer.from(r.body.merkleRoot, "hex")));
        checked++;
      }
      assert.ok(checked > 0);
      const unpaid = world.scenario.inputs.hotspots.find((h) => !expected.cumulative.has(rewardId(h.key, h.serial)));
      if (unpaid) assert.equal((await world.http("GET", `/v1/rewards/${unpaid.key}`)).body.error.code, "no_rewards");
    });

    it("refuses to start a second service on the same data directory", async () => {
      await assert.rejects(OracleService.start(world.serviceConfig()), /in use by process \d+; one oracle service per --data-dir/);
      assert.equal((await world.http("GET", "/healthz")).status, 200);
    });

    it("answers health, readiness and Prometheus metrics", async () => {
      assert.deepEqual((await world.http("GET", "/healthz")).body, { ok: true });
      assert.deepEqual((await world.http("GET", "/readyz")).body, { ready: true });
      const m = await world.http("GET", "/metrics");
      assert.equal(m.status, 200);
      assert.match(m.body, /hexpin_reports_total\{outcome="stored"\} \d+/);
      assert.match(m.body, /hexpin_epoch_steps_total\{step="compute:committed"\} 1/);
    });
  });
}
