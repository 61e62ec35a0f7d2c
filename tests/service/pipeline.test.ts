// The epoch state machine's chain steps against the RootPublisher contract,
// with the in-process recording double: one vote per oracle per epoch whatever
// fails, disputes never served, epochs computed in order.

import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { decodeBundle } from "../../oracle/src/epoch/bundle";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { previousStateDigestOf } from "../../oracle/src/epoch/previous-state";
import { decodePocState } from "../../oracle/src/state/encoding";
import { getEpoch, nextStateDigestOf } from "../../oracle/src/store/epochs";
import { RecordingRootPublisher, SimulatedRootChain } from "./helpers/recording-root-publisher";
import { ServiceWorld } from "./helpers/service-world";

describe("epoch pipeline and the root publisher contract", function () {
  this.timeout(120_000);
  const worlds: ServiceWorld[] = [];
  after(async () => {
    for (const w of worlds) await w.stop();
  });

  async function world(chain: SimulatedRootChain, emission?: (epoch: number) => Promise<bigint | null>) {
    const publisher = new RecordingRootPublisher("OracleA", chain);
    const w = await ServiceWorld.create({ backend: "pglite", publisher, hotspots: 12, ...(emission ? { config: { emission: { emission } } } : {}) });
    worlds.push(w);
    await w.deliverAll();
    w.endEpoch();
    return { w, publisher };
  }

  it("resolves a lost vote confirmation by reading the chain, never by voting again", async () => {
    const chain = new SimulatedRootChain(1);
    const { w, publisher } = await world(chain);
    publisher.loseNextConfirmation = true;
    await assert.rejects(w.service.pipeline.tick(), /confirmation timed out/);
    assert.equal((await getEpoch(w.service.database.db, w.epoch))!.state, "computed");
    await w.service.pipeline.tick();
    await w.service.pipeline.tick();
    assert.equal((await getEpoch(w.service.database.db, w.epoch))!.state, "served");
    assert.equal(publisher.votesCast().length, 1);
  });

  it("disputes, and never serves, an epoch whose chain-activated root differs from its own", async () => {
    const chain = new SimulatedRootChain(2);
    const { w, publisher } = await world(chain);
    const other = { epoch: w.epoch, merkleRoot: "ab".repeat(32), inputDigest: "cd".repeat(32), totalCumulative: 1n };
    chain.cast("OracleB", other);
    chain.cast("OracleC", other);
    await w.service.pipeline.tick();
    const row = (await getEpoch(w.service.database.db, w.epoch))!;
    assert.equal(row.state, "disputed");
    assert.match(row.dispute_reason!, /activated root abab/);
    assert.equal(publisher.votesCast().length, 0, "no vote against an active root");
    const r = await w.http("GET", `/v1/rewards/${w.scenario.inputs.hotspots[0].key}`);
    assert.equal(r.body.error.code, "no_active_root");
    const e = await w.http("GET", `/v1/epochs/${w.epoch}`);
    assert.equal(e.body.state, "disputed");
    assert.equal(e.body.chain.active.merkleRoot, other.merkleRoot);
  });

  it("disputes an epoch for which this oracle's key already voted another root", async () => {
    const chain = new SimulatedRootChain(3);
    const { w, publisher } = await world(chain);
    chain.cast("OracleA", { epoch: w.epoch, merkleRoot: "ef".repeat(32), inputDigest: "01".repeat(32), totalCumulative: 2n });
    await w.service.pipeline.tick();
    assert.equal((await getEpoch(w.service.database.db, w.epoch))!.state, "disputed");
    assert.equal(publisher.votesCast().length, 0);
  });

  it("waits for the chain to mint an epoch before computing it, and computes epochs in order", async () => {
    const chain = new SimulatedRootChain(1);
    let minted = false;
    const { w, publisher } = await world(chain, async () => (minted ? 1_000_000n : null));
    await w.service.pipeline.tick();
    assert.equal((await getEpoch(w.service.database.db, w.epoch))!.state, "frozen");
    // the next epoch passes with no reports; it must not compute before its predecessor
    w.clock.set(w.scenario.inputs.window.endMs + w.schedule.epochLengthMs + 1);
    await w.service.pipeline.tick();
    assert.equal((await getEpoch(w.service.database.db, w.epoch + 1))!.state, "frozen");
    minted = true;
    await w.service.pipeline.tick();
    await w.service.pipeline.tick();
    const first = (await getEpoch(w.service.database.db, w.epoch))!;
    const second = (await getEpoch(w.service.database.db, w.epoch + 1))!;
    assert.equal(first.state, "served");
    assert.equal(second.state, "served");
    const expected = computeEpoch({ ...w.scenario.inputs, emission: 1_000_000n }, { coverageMap: false });
    assert.equal(first.merkle_root, expected.merkleRoot);
    // an epoch with no reports pays nothing new: everyone keeps their cumulative amount, so the root repeats
    assert.equal(second.merkle_root, first.merkle_root);
    assert.equal(second.unallocated, "1000000");
    assert.deepEqual(publisher.votesCast().map((v) => v.epoch), [w.epoch, w.epoch + 1]);
  });

  it("chains the PoC state: each epoch's state is stored beside its bundle, served, and named by the next bundle", async () => {
    const chain = new SimulatedRootChain(1);
    const { w } = await world(chain);
    await w.service.pipeline.tick();
    w.clock.set(w.scenario.inputs.window.endMs + w.schedule.epochLengthMs + 1);
    await w.service.pipeline.tick();
    await w.service.pipeline.tick();
    const first = (await getEpoch(w.service.database.db, w.epoch))!;
    const second = (await getEpoch(w.service.database.db, w.epoch + 1))!;
    const firstState = nextStateDigestOf(first);
    assert.match(firstState ?? "", /^[0-9a-f]{64}$/);
    assert.equal(firstState, computeEpoch(w.scenario.inputs, { coverageMap: false }).nextStateDigest, "the state of the first epoch is the pure function's");
    // served: /v1/epochs/:n/state redirects to the content-addressed file
    const redirect = await fetch(`${w.url}/v1/epochs/${w.epoch}/state`, { redirect: "manual" });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get("location"), `/v1/states/${firstState}`);
    const served = Buffer.from(await (await fetch(`${w.url}/v1/states/${firstState}`)).arrayBuffer());
    assert.equal(createHash("sha256").update(served).digest("hex"), firstState);
    assert.equal(decodePocState(served).epoch, w.epoch);
    // the second bundle names it, and recomputes from it (and only from it) to the stored root
    const bundle = Buffer.from(await (await fetch(`${w.url}/v1/bundles/${second.input_digest}`)).arrayBuffer());
    const inputs = decodeBundle(bundle);
    assert.equal(previousStateDigestOf(inputs.headerExtensions), firstState);
    const again = computeEpoch(inputs, { previousState: served, coverageMap: false });
    assert.equal(again.merkleRoot, second.merkle_root);
    assert.equal(again.nextStateDigest, nextStateDigestOf(second));
    assert.throws(() => computeEpoch(inputs, { coverageMap: false }), /which was not given/);
    assert.equal((await w.http("GET", `/v1/epochs/${w.epoch + 5}/state`)).status, 404);
  });
});
