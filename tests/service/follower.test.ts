// k-of-n: a follower oracle fetches the leader's bundle, recomputes it with the
// same epoch function and votes only a root it reproduced; a follower that
// disagrees withholds its vote and records why.

import { rewardId } from "../../sdk/src";
import { strict as assert } from "node:assert";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeBundle, encodeBundle, EpochInputs } from "../../oracle/src/epoch/bundle";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { FollowerPipeline, httpLeaderClient, LeaderClient } from "../../oracle/src/pipeline/follower";
import { fixedEmission } from "../../oracle/src/publish/sources";
import { ArtifactStore } from "../../oracle/src/store/artifacts";
import { Database, openDatabase } from "../../oracle/src/store/database";
import { getEpoch } from "../../oracle/src/store/epochs";
import { RecordingRootPublisher, SimulatedRootChain } from "./helpers/recording-root-publisher";
import { pgliteTemplate, ServiceWorld } from "./helpers/service-world";

describe("follower oracles recompute the leader's epochs", function () {
  this.timeout(180_000);
  let leader: ServiceWorld;
  const chain = new SimulatedRootChain(2);
  const cleanup: (() => Promise<void> | void)[] = [];

  before(async () => {
    leader = await ServiceWorld.create({ backend: "pglite", publisher: new RecordingRootPublisher("Leader", chain) });
    await leader.deliverAll();
    leader.endEpoch();
    await leader.service.pipeline.tick();
  });
  after(async () => {
    for (const c of cleanup.reverse()) await c();
    await leader?.stop();
  });

  async function follower(name: string, client: LeaderClient, overrides: { emission?: bigint; config?: EpochInputs["config"] } = {}) {
    const dir = mkdtempSync(join(tmpdir(), `hexpin-follower-${name}-`));
    cpSync(join(await pgliteTemplate(), "pglite"), join(dir, "pglite"), { recursive: true });
    const database: Database = await openDatabase({ pgliteDir: join(dir, "pglite") });
    cleanup.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const publisher = new RecordingRootPublisher(name, chain);
    const artifacts = new ArtifactStore(join(dir, "artifacts"));
    const pipeline = new FollowerPipeline({
      db: database.db,
      leader: client,
      artifacts,
      schedule: leader.schedule,
      clock: leader.clock,
      config: overrides.config ?? leader.scenario.inputs.config,
      emission: fixedEmission(overrides.emission ?? leader.scenario.inputs.emission),
      firstEpoch: leader.epoch,
      publisher,
    });
    return { pipeline, publisher, database, artifacts };
  }

  /** The leader's API, but serving a bundle rewritten by `edit` under its honest digest's name. */
  function tamperingClient(edit: (i: EpochInputs) => void): LeaderClient {
    const honest = httpLeaderClient(leader.url);
    return {
      epochs: () => honest.epochs(),
      bundle: async (d) => {
        const inputs = decodeBundle(await honest.bundle(d));
        edit(inputs);
        return encodeBundle(inputs);
      },
    };
  }

  it("withholds its vote when the served bytes do not hash to the published digest", async () => {
    const f = await follower("F-bytes", tamperingClient((i) => void (i.emission += 1n)));
    const [v] = await f.pipeline.tick();
    assert.equal(v.verdict, "mismatch");
    assert.match(v.reason, /hashes to/);
    assert.equal(f.publisher.votesCast().length, 0);
  });

  it("withholds its vote when the bundle's emission is not what the chain minted, and says so", async () => {
    const f = await follower("F-emission", httpLeaderClient(leader.url), { emission: leader.scenario.inputs.emission + 5n });
    const [v] = await f.pipeline.tick();
    assert.equal(v.verdict, "mismatch");
    assert.match(v.reason, /the chain minted/);
    const checks = await f.database.db.selectFrom("follower_checks").selectAll().execute();
    assert.equal(checks.length, 1);
    assert.equal(checks[0].verdict, "mismatch");
    assert.equal((await f.pipeline.tick()).length, 0, "the same bundle is not judged twice");
    assert.equal(f.publisher.votesCast().length, 0);
  });

  it("withholds its vote from a leader that inflates history, even when its bundle and root are self-consistent", async () => {
    const honest = httpLeaderClient(leader.url);
    const e = (await honest.epochs()).find((x) => x.epoch === leader.epoch)!;
    const inputs = decodeBundle(await honest.bundle(e.inputDigest!));
    inputs.previousCumulative = new Map([[rewardId(leader.scenario.inputs.hotspots[0].key, leader.scenario.inputs.hotspots[0].serial), 5_000_000n]]);
    const forged = encodeBundle(inputs);
    const result = computeEpoch(inputs, { coverageMap: false });
    const liar: LeaderClient = {
      epochs: async () => [{ ...e, inputDigest: result.inputDigest, merkleRoot: result.merkleRoot, totalCumulative: null }],
      bundle: async () => forged,
    };
    const f = await follower("F-history", liar);
    const [v] = await f.pipeline.tick();
    assert.equal(v.verdict, "mismatch");
    assert.match(v.reason, /previous cumulative amounts differ/);
    assert.equal(f.publisher.votesCast().length, 0);
  });

  it("withholds its vote when the leader runs other rules", async () => {
    const config = { ...leader.scenario.inputs.config, poc: { rules: { beaconIntervalMs: 1 } } } as unknown as EpochInputs["config"];
    const f = await follower("F-config", httpLeaderClient(leader.url), { config });
    const [v] = await f.pipeline.tick();
    assert.equal(v.verdict, "mismatch");
    assert.match(v.reason, /rule config differs/);
  });

  it("reproduces the leader's root and digest, then votes it; at 2-of-3 the root activates and both serve it", async () => {
    const f = await follower("F-honest", httpLeaderClient(leader.url));
    const [v] = await f.pipeline.tick();
    assert.equal(v.verdict, "reproduced", v.reason);
    const leaderRow = await getEpoch(leader.service.database.db, leader.epoch);
    assert.equal(v.ourRoot, leaderRow!.merkle_root);
    assert.deepEqual(f.publisher.votesCast().map((x) => x.merkleRoot), [leaderRow!.merkle_root]);
    assert.ok(chain.active.has(leader.epoch), "2 identical votes of quorum 2 activate the root");
    assert.equal((await getEpoch(f.database.db, leader.epoch))!.state, "served", "voted, seen active and checked in one pass");
    await f.pipeline.tick();
    await leader.service.pipeline.tick();
    assert.equal((await getEpoch(leader.service.database.db, leader.epoch))!.state, "served");
    assert.equal(f.publisher.votesCast().length, 1, "one vote, however often the follower ticks");
    assert.ok(f.artifacts.has("coverage", leaderRow!.input_digest!), "the follower keeps the coverage map of what it reproduced");
  });
});
