// The oracle service on a real local chain (Surfpool), end to end over HTTP:
// devices post signed reports to the leader → the epoch ends (time travel) →
// oracles race to crank it closed → the leader computes, publishes its bundle
// and votes over RPC → followers fetch the bundle, recompute and vote → 2-of-3
// activates on chain → a proof from the leader's `GET /v1/rewards/:hotspot` is
// claimed with the SDK and the owner's balance equals the allocation. A
// follower running other rules withholds its vote and says why.

import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import { HexpinClient, OracleProofSource } from "../../sdk/src/client";
import { postEpochRootIx, rewardId } from "../../sdk/src";
import { timeTravel } from "../../sdk/src/localnet/localnet";
import { decodeBundle } from "../../oracle/src/epoch/bundle";
import { computeEpoch } from "../../oracle/src/epoch/compute-epoch";
import { epochConfig } from "../../oracle/src/epoch/verifier-stage";
import type { EpochConfig } from "../../oracle/src/epoch/bundle";
import { inlineEpochJobRunner } from "../../oracle/src/pipeline/compute-runner";
import { httpLeaderClient } from "../../oracle/src/pipeline/follower";
import { ChainClock } from "../../oracle/src/publish/chain-clock";
import { ChainRootPublisher, ConflictingRootVoteError } from "../../oracle/src/publish/chain-root-publisher";
import type { VoteResult } from "../../oracle/src/pipeline/root-publisher";
import { openDatabase } from "../../oracle/src/store/database";
import { recordVoteAttempt, voteAttempts } from "../../oracle/src/store/vote-attempts";
import { FaultProxy } from "./helpers/fault-proxy";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const bs58: { encode(b: Uint8Array): string } = require("bs58");
import { ChainSources } from "../../oracle/src/publish/chain-sources";
import { EpochCrank } from "../../oracle/src/publish/epoch-crank";
import { EpochSchedule, ManualClock } from "../../oracle/src/service/clock";
import { FollowerService } from "../../oracle/src/service/follower-service";
import { OracleService } from "../../oracle/src/service/oracle-service";
import { publishEntropy } from "../../oracle/src/store/entropy";
import { startTestChain, type TestChain } from "../helpers/localnet";
import { RewardWorld } from "../helpers/reward-world";
import { pgliteTemplate } from "./helpers/service-world";

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("oracle service on a real chain (Surfpool): leader, followers, 2-of-3, claim", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let world: RewardWorld;
  let schedule: EpochSchedule;
  let config: EpochConfig;
  let sources: ChainSources;
  let votes: Connection;
  const owners = [Keypair.generate(), Keypair.generate()];
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];

  async function dataDir(): Promise<string> {
    const d = mkdtempSync(join(tmpdir(), "hexpin-chain-service-"));
    dirs.push(d);
    cpSync(join(await pgliteTemplate(), "pglite"), join(d, "pglite"), { recursive: true });
    return d;
  }

  before(async () => {
    chain = await startTestChain();
    world = await RewardWorld.create(chain, { hotspots: 10, dayEpochs: true, seed: "hexpin-service-e2e" });
    for (const o of owners) chain.net.fund(o.publicKey, 10 * 1e9);
    for (let i = 0; i < world.size; i++) await world.onboard(i, owners[i % 2].publicKey);
    const n = await world.authority.network(world.network);
    schedule = new EpochSchedule(Number(n.genesisTs) * 1000, Number(n.epochLengthSecs) * 1000);
    assert.equal(schedule.window(0).startMs, world.windowStartMs);
    config = epochConfig({ rules: world.sim(0).config } as Parameters<typeof epochConfig>[0]);
    sources = new ChainSources(new Connection(chain.net.rpcUrl, "finalized"), world.authority.programId, world.network);
    votes = new Connection(chain.net.rpcUrl, "confirmed");
  });

  after(async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    await chain?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("runs an epoch from device reports to a claimed reward, with followers recomputing and voting over RPC", async () => {
    const [leaderKey, f1Key, f2Key] = world.oracles;
    const clock = new ManualClock(schedule.window(0).startMs);
    const leader = await OracleService.start({
      dataDir: await dataDir(),
      schedule,
      epochConfig: config,
      emission: sources,
      registrySource: sources,
      clock,
      firstEpoch: 0,
      chain: { connection: votes, oracle: leaderKey, network: world.network },
      runJob: inlineEpochJobRunner,
      tickIntervalMs: 0,
      registrySyncIntervalMs: 0,
      rateLimit: { capacity: 10_000, refillPerSec: 100 },
      logger: false,
    });
    stops.push(() => leader.stop());

    // The registry comes from the chain's Hotspot accounts; entropy is the simulation's (devices quote it).
    await until("the finalized registry", async () => {
      await leader.syncRegistry();
      return (await leader.database.db.selectFrom("hotspots").select("key").execute()).length === world.size;
    });
    const sim = world.sim(0);
    for (const e of sim.entropy) await publishEntropy(leader.database.db, e);

    // Devices post their signed reports over HTTP, each at its receive time.
    let posted = 0;
    const groups = new Map<number, Uint8Array[]>();
    for (const r of sim.reports()) (groups.get(r.receivedAtMs) ?? groups.set(r.receivedAtMs, []).get(r.receivedAtMs)!).push(r.bytes);
    for (const t of [...groups.keys()].sort((a, b) => a - b)) {
      clock.set(t);
      const res = await fetch(`${leader.url}/v1/reports`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: Buffer.concat(groups.get(t)!) });
      assert.equal(res.status, 200, await res.text());
      posted += groups.get(t)!.length;
    }
    assert.ok(posted > 20, `the simulated city sent ${posted} reports`);

    // The epoch ends on chain (time travel); the chain clock follows; two oracles race to crank it.
    const end = schedule.window(0).endMs;
    await timeTravel(chain.net.rpcUrl, end / 1000 + 2);
    const chainClock = await ChainClock.start(votes, 0);
    assert.ok(chainClock.now() >= end, "the chain clock moved with time travel");
    clock.set(end + 1_000);
    const cranks = [leaderKey, f1Key].map((k) => new EpochCrank({ connection: votes, payer: k, network: world.network }));
    const raced = await Promise.all(cranks.map((c) => c.crank()));
    assert.deepEqual(raced.flatMap((r) => r.advanced), [0], "exactly one crank closed epoch 0");
    assert.deepEqual(raced.flatMap((r) => [...r.advanced, ...r.closedByOthers]).sort(), [0, 0], "the other saw it closed by someone else");
    assert.deepEqual(await cranks[0].crank(), { advanced: [], closedByOthers: [] }, "nothing more to crank until the next epoch ends");

    // The leader freezes, computes (once the minted emission is finalized) and votes.
    await until("the leader's vote", async () => {
      await leader.pipeline.tick();
      return (await leader.database.db.selectFrom("epochs").select("state").where("epoch", "=", 0n).executeTakeFirst())?.state === "voted";
    });
    const attempts = await leader.database.db.selectFrom("vote_attempts").selectAll().execute();
    assert.equal(attempts.length, 1, "one vote transaction signed");
    assert.equal(attempts[0].outcome, "landed");
    let account = await world.authority.epoch(world.network, 0n);
    assert.equal(account.proposals.length, 1);
    assert.equal(account.proposals[0].votes, 1);
    assert.equal(account.rootActive, false);

    const epochs = (await (await fetch(`${leader.url}/v1/epochs`)).json()) as { epochs: { epoch: number; state: string; merkleRoot: string; inputDigest: string }[] };
    const e0 = epochs.epochs.find((e) => e.epoch === 0)!;
    assert.equal(account.proposals[0].merkleRoot.toString("hex"), e0.merkleRoot);

    // Followers, each with its own key and database, recompute the leader's bundle and vote.
    const follower = async (key: Keypair, rules: EpochConfig = config) => {
      const f = await FollowerService.start({
        dataDir: await dataDir(),
        leader: httpLeaderClient(leader.url!),
        schedule,
        epochConfig: rules,
        emission: sources,
        firstEpoch: 0,
        chain: { connection: votes, oracle: key, network: world.network },
        runJob: inlineEpochJobRunner,
        tickIntervalMs: 0,
        logger: false,
      });
      stops.push(() => f.stop());
      return f;
    };
    const f1 = await follower(f1Key);
    const v1 = await f1.tick();
    assert.deepEqual(v1.map((v) => [v.epoch, v.verdict]), [[0, "reproduced"]]);
    account = await world.authority.epoch(world.network, 0n);
    assert.equal(account.rootActive, true, "2 of 3 votes activate the root");
    assert.equal(account.merkleRoot.toString("hex"), e0.merkleRoot);
    assert.equal(account.inputDigest.toString("hex"), e0.inputDigest);

    // The third oracle reproduces too, but finds the root active: it sends nothing.
    const f2 = await follower(f2Key);
    await f2.tick();
    await f2.tick();
    assert.equal((await f2.database.db.selectFrom("vote_attempts").selectAll().execute()).length, 0, "no vote sent for an active root");
    assert.equal((await f2.database.db.selectFrom("epochs").select("state").where("epoch", "=", 0n).executeTakeFirstOrThrow()).state, "served");

    // An oracle running other rules withholds its vote and says why.
    const strict = epochConfig({ rules: { ...world.sim(0).config, beaconIntervalMs: world.sim(0).config.beaconIntervalMs * 2 } } as Parameters<typeof epochConfig>[0]);
    const dissenter = await follower(Keypair.generate(), strict);
    const [verdict] = await dissenter.tick();
    assert.equal(verdict.verdict, "mismatch");
    assert.match(verdict.reason, /rule config differs/);
    const check = await dissenter.database.db.selectFrom("follower_checks").selectAll().where("epoch", "=", 0n).executeTakeFirstOrThrow();
    assert.equal(check.verdict, "mismatch");
    assert.equal((await dissenter.database.db.selectFrom("vote_attempts").selectAll().execute()).length, 0);

    // The leader sees the activation and serves proofs.
    await until("the leader serving epoch 0", async () => {
      await leader.tick();
      return (await leader.database.db.selectFrom("epochs").select("state").where("epoch", "=", 0n).executeTakeFirst())?.state === "served";
    });

    // The allocation, recomputed independently from the bundle the leader publishes.
    const bundle = Buffer.from(await (await fetch(`${leader.url}/v1/bundles/${e0.inputDigest}`)).arrayBuffer());
    const result = computeEpoch(decodeBundle(bundle));
    assert.equal(result.merkleRoot, e0.merkleRoot);
    const hotspots = await world.authority.listHotspots({ network: world.network });
    const mine = hotspots.filter((h) => h.account.owner.equals(owners[0].publicKey));
    const allocation = mine.reduce((s, h) => s + (result.cumulative.get(rewardId(h.account.hardwareKey.toBase58(), h.account.serial)) ?? 0n), 0n);
    assert.ok(allocation > 0n, "the owner's radios earned in epoch 0");

    // The owner claims with proofs from the leader's API.
    const owner = new HexpinClient(chain.net.connection(), owners[0]);
    const checks = await owner.checkClaims(world.network, mine.map((h) => h.account.hardwareKey), new OracleProofSource(leader.url!));
    const run = await owner.claimRewards(world.network, checks);
    assert.equal(run.paid, allocation);
    assert.equal(await owner.rewardBalance(world.network, owners[0].publicKey), allocation, "the owner's balance equals the allocation to the base unit");

    // A follower serves the same proofs as the leader.
    const key = mine.find((h) => (result.cumulative.get(rewardId(h.account.hardwareKey.toBase58(), h.account.serial)) ?? 0n) > 0n)!.account.hardwareKey.toBase58();
    const fromLeader = await (await fetch(`${leader.url}/v1/rewards/${key}`)).json();
    const fromFollower = await (await fetch(`${f2.url}/v1/rewards/${key}`)).json();
    assert.deepEqual(fromFollower, fromLeader);

    // The coverage map: the page at /map/, its data under /v1/map/… (the service's own /v1/epochs is untouched).
    await leader.syncRegistry(); // the hotspots' on-chain `claimed` after the claim
    const page = await fetch(`${leader.url}/map/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    const timeline = (await (await fetch(`${leader.url}/v1/map/epochs`)).json()) as { latest: number; decimals: number; epochs: { epoch: number; status: string; rootActive: boolean }[] };
    assert.deepEqual({ latest: timeline.latest, decimals: timeline.decimals }, { latest: 0, decimals: 6 });
    assert.deepEqual(timeline.epochs.map((e) => [e.epoch, e.status, e.rootActive]), [[0, "active", true]]);
    const coverage = (await (await fetch(`${leader.url}/v1/map/coverage`)).json()) as { type: string; epoch: number; features: unknown[] };
    assert.equal(coverage.type, "FeatureCollection");
    assert.equal(coverage.epoch, 0);
    assert.ok(coverage.features.length > 0, "scored hexes on the map");
    const keyLife = mine.find((h) => h.account.hardwareKey.toBase58() === key)!.account;
    const keyAmount = result.cumulative.get(rewardId(key, keyLife.serial))!;
    const detail = (await (await fetch(`${leader.url}/v1/map/hotspots/${key}`)).json()) as { claimed: string | null; unclaimed: string | null };
    assert.deepEqual({ claimed: detail.claimed, unclaimed: detail.unclaimed }, { claimed: keyAmount.toString(), unclaimed: "0" }, "the map shows the on-chain claim");
    const own = (await (await fetch(`${leader.url}/v1/epochs`)).json()) as { epochs: { epoch: number; state: string }[] };
    assert.deepEqual(own.epochs.map((e) => [e.epoch, e.state]).sort(), [[0, "served"], [1, "open"]]);
    const followerMap = (await (await fetch(`${f2.url}/v1/map/epochs`)).json()) as { epochs: { epoch: number; status: string }[] };
    assert.deepEqual(followerMap.epochs.map((e) => [e.epoch, e.status]), [[0, "active"]], "followers map the epochs they reproduced");
  });

  it("votes exactly once through 5xx, 429, a dropped transaction and its expired blockhash, and after kill -9 between send and confirmation", async () => {
    // Epoch 1 ends and is closed on chain; two oracles vote a root for it through a faulty RPC endpoint.
    await timeTravel(chain.net.rpcUrl, schedule.window(1).endMs / 1000 + 2);
    const closed = await new EpochCrank({ connection: votes, payer: world.oracles[2], network: world.network }).crank();
    assert.deepEqual(closed.advanced, [1]);
    const active = (await world.authority.network(world.network)).activeRoot!;
    const vote = { epoch: 1, merkleRoot: "ab".repeat(32), inputDigest: "cd".repeat(32), totalCumulative: active.totalCumulative };

    const proxy = await FaultProxy.start(chain.net.rpcUrl);
    stops.push(() => proxy.stop());
    const faulty = new Connection(proxy.url, { commitment: "confirmed", disableRetryOnRateLimit: true });
    const database = async () => {
      const d = await openDatabase({ pgliteDir: join(await dataDir(), "pglite") });
      stops.push(() => d.close());
      return d;
    };
    const send = { pollIntervalMs: 200, rebroadcastMs: 500 };

    // Oracle A: a 503 and a 429 before anything is signed, then its first transaction is dropped
    // on every (re)broadcast until its blockhash expires; the publisher is called again after each failure, as the pipeline would.
    const dbA = await database();
    const a = new ChainRootPublisher({ connection: faulty, oracle: world.oracles[0], network: world.network, db: dbA.db, send });
    proxy.plan("getLatestBlockhash", 503);
    proxy.plan("simulateTransaction", 429, 500);
    proxy.dropNextTransactions = 1;
    const failures: string[] = [];
    let result: VoteResult | null = null;
    for (let i = 0; i < 10 && !result; i++) {
      try {
        result = await a.vote(vote);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    assert.ok(result && result.outcome === "landed", `landed after ${failures.length} failures: ${failures.join(" | ")}`);
    assert.equal(failures.length, 3, "each injected error surfaced once, typed, and the next call went on");
    const attemptsA = await voteAttempts(dbA.db, a.oracle, 1);
    assert.deepEqual(attemptsA.map((x) => x.outcome), ["expired", "landed"], "the dropped transaction was followed until it could not land; only then was a second one signed");
    assert.deepEqual(proxy.droppedSignatures(), [attemptsA[0].signature]);
    assert.equal(attemptsA[1].signature, (result as { signature: string }).signature);
    let status = (await a.status(1))!;
    assert.deepEqual(status.ourVote, vote);
    assert.deepEqual(status.proposals.map((p) => p.votes), [1], "exactly one vote of oracle A on chain");

    // Asked again (a restart, a second pass): nothing is signed.
    assert.deepEqual(await new ChainRootPublisher({ connection: votes, oracle: world.oracles[0], network: world.network, db: dbA.db }).vote(vote), { outcome: "already_voted" });
    assert.equal((await voteAttempts(dbA.db, a.oracle, 1)).length, 2);
    // Another root for the same epoch is refused locally, whatever the pipeline asks.
    await assert.rejects(a.vote({ ...vote, merkleRoot: "ef".repeat(32) }), ConflictingRootVoteError);

    // Oracle B's process is killed (SIGKILL) right after broadcasting, before any confirmation; a new
    // publisher on the same database follows the stored transaction to its landing instead of signing another.
    const dirB = await dataDir();
    const killed = await new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "helpers", "vote-child.ts")], {
        env: {
          ...process.env,
          TS_NODE_PROJECT: join(__dirname, "..", "..", "tsconfig.json"),
          RPC_URL: chain.net.rpcUrl,
          NETWORK: world.network.toBase58(),
          ORACLE_SECRET: JSON.stringify(Array.from(world.oracles[1].secretKey)),
          PGLITE_DIR: join(dirB, "pglite"),
          VOTE: JSON.stringify({ ...vote, totalCumulative: vote.totalCumulative.toString() }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.stderr.on("data", (d: Buffer) => (err += d));
      child.on("exit", (code, signal) => resolve({ code, signal, out, err }));
    });
    assert.equal(killed.signal, "SIGKILL", `the vote process died by kill -9 (stdout ${killed.out}, stderr ${killed.err})`);
    const broadcast = /BROADCAST (\w+)/.exec(killed.out)![1];
    const dbB = await openDatabase({ pgliteDir: join(dirB, "pglite") });
    stops.push(() => dbB.close());
    const stored = await voteAttempts(dbB.db, world.oracles[1].publicKey.toBase58(), 1);
    assert.deepEqual(stored.map((x) => [x.signature, x.outcome]), [[broadcast, null]], "the signed transaction was stored before it was sent");
    const restarted = new ChainRootPublisher({ connection: votes, oracle: world.oracles[1], network: world.network, db: dbB.db, send });
    assert.deepEqual(await restarted.vote(vote), { outcome: "landed", signature: broadcast });
    assert.deepEqual((await voteAttempts(dbB.db, restarted.oracle, 1)).map((x) => [x.signature, x.outcome]), [[broadcast, "landed"]]);
    status = (await restarted.status(1))!;
    assert.deepEqual(status.active, vote, "2 of 3: oracle A's and B's single votes activated the root");
    // The third oracle is told the root is active: a fact, not a failure, and nothing is sent.
    const dbC = await database();
    const c = new ChainRootPublisher({ connection: votes, oracle: world.oracles[2], network: world.network, db: dbC.db, send });
    assert.deepEqual(await c.vote(vote), { outcome: "root_already_active" });
    assert.equal((await voteAttempts(dbC.db, c.oracle, 1)).length, 0);
  });

  it("after a restart, follows a stored vote whose blockhash expired unlanded to its end, then signs one new vote", async () => {
    // A transaction signed (and stored) with a blockhash, then the process died before broadcasting it.
    const stale = await votes.getLatestBlockhash("confirmed");
    await timeTravel(chain.net.rpcUrl, schedule.window(2).endMs / 1000 + 2);
    assert.deepEqual((await new EpochCrank({ connection: votes, payer: world.oracles[2], network: world.network }).crank()).advanced, [2]);
    const active = (await world.authority.network(world.network)).activeRoot!;
    const vote = { epoch: 2, merkleRoot: "12".repeat(32), inputDigest: "34".repeat(32), totalCumulative: active.totalCumulative };
    const oracle = world.oracles[2];
    const message = new TransactionMessage({
      payerKey: oracle.publicKey,
      recentBlockhash: stale.blockhash,
      instructions: [postEpochRootIx({ oracle: oracle.publicKey, network: world.network, epoch: 2n, merkleRoot: Buffer.from(vote.merkleRoot, "hex"), inputDigest: Buffer.from(vote.inputDigest, "hex"), totalCumulative: vote.totalCumulative })],
    }).compileToV0Message();
    const tx = new VersionedTransaction(message);
    tx.sign([oracle]);
    const staleSignature = bs58.encode(tx.signatures[0]);
    const d = await openDatabase({ pgliteDir: join(await dataDir(), "pglite") });
    stops.push(() => d.close());
    await recordVoteAttempt(d.db, { signature: staleSignature, oracle: oracle.publicKey.toBase58(), vote, blockhash: stale.blockhash, lastValidBlockHeight: stale.lastValidBlockHeight, transaction: tx.serialize(), attempt: 1 }, Date.now());
    await until("the stale blockhash to expire", async () => (await votes.getBlockHeight("finalized")) > stale.lastValidBlockHeight, 120_000);

    const publisher = new ChainRootPublisher({ connection: votes, oracle, network: world.network, db: d.db, send: { pollIntervalMs: 200 } });
    const result = await publisher.vote(vote);
    assert.equal(result.outcome, "landed");
    const attempts = await voteAttempts(d.db, publisher.oracle, 2);
    assert.deepEqual(attempts.map((a) => [a.signature === staleSignature, a.outcome]), [[true, "expired"], [false, "landed"]]);
    assert.equal(await votes.getSignatureStatus(staleSignature, { searchTransactionHistory: true }).then((r) => r.value), null, "the stale transaction never landed");
    const status = (await publisher.status(2))!;
    assert.deepEqual(status.ourVote, vote);
    assert.deepEqual(status.proposals.map((p) => p.votes), [1]);
  });
});
