// The network authority's and the oracles' commands over real RPC (`hexpin network
// set-oracles|update|pause|unpause|propose-authority|accept-authority`, `hexpin epoch vote`
// with explicit values), one Surfpool chain for the suite, and every refusal the program
// can give them, each one sentence with its hint.
import { strict as assert } from "node:assert";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Keypair, PublicKey } from "@solana/web3.js";
import { claimRewardsIx, keypairFromSeed, MerkleTree } from "../../sdk/src";
import { HexpinProgramError } from "../../sdk/src/errors";
import { HexpinClient, writeKeypairFile } from "../../sdk/src/client";
import { runCli, spawnCli } from "../helpers/cli";
import { createRpcMaker, endCurrentEpoch, fundedClient, SF, startTestChain, type TestChain } from "../helpers/localnet";

const TX = ["dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"];
const hash = (byte: number) => Buffer.alloc(32, byte).toString("hex");

describe("hexpin network administration and oracle votes over RPC", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let authority: HexpinClient;
  let network: PublicKey;
  let base: Record<string, string>;
  const files: Record<string, string> = {};
  const keys: Record<string, Keypair> = {};
  const as = (who: string, extra: Record<string, string> = {}) => ({ ...base, HEXPIN_KEYPAIR: files[who], ...extra });
  const key = (who: string) => keys[who].publicKey.toBase58();

  before(async () => {
    chain = await startTestChain({ migration: null });
    authority = fundedClient(chain);
    for (const who of ["authority", "o1", "o2", "o3", "o4", "successor", "stranger", "owner"]) {
      keys[who] = who === "authority" ? (authority.wallet as Keypair) : Keypair.generate();
      if (who !== "authority") chain.net.fund(keys[who].publicKey, 10 * 1e9);
      files[who] = writeKeypairFile(`${chain.dir}/${who}.json`, keys[who]);
    }
    base = { HEXPIN_URL: chain.net.rpcUrl, SOLANA_CONFIG: `${chain.dir}/none.yml` };
    const init = await runCli(["network", "init", "--epoch-secs", "60", "--emission", "1000000", "--oracles", `${key("o1")},${key("o2")},${key("o3")}`, "--quorum", "2", "--json"], as("authority"));
    assert.equal(init.code, 0, init.stderr);
    network = new PublicKey(init.json().network as string);
    base.HEXPIN_NETWORK = network.toBase58();
  });
  after(async () => chain?.stop());

  const closeEpoch = async () => {
    await endCurrentEpoch(chain, authority, network);
    await authority.advanceEpoch(network);
  };
  const vote = (who: string, epoch: number, root: string, total: number, extra: string[] = []) =>
    runCli(["epoch", "vote", String(epoch), "--root", root, "--digest", hash(0xdd), "--total", String(total), "--json", ...extra], as(who));

  it("set-oracles replaces the set: the config version goes up, a removed oracle cannot vote and votes under the old set no longer count", async () => {
    await closeEpoch();
    const first = await vote("o1", 0, hash(1), 100);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual({ votes: first.json().votes, activated: first.json().activated, source: first.json().source }, { votes: 1, activated: false, source: "explicit" });
    const twice = await runCli(["epoch", "vote", "0", "--root", hash(1), "--digest", hash(0xdd), "--total", "100"], as("o1"));
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, /^Error: The program refused the transaction: OracleAlreadyVoted \(6035\): .* Each oracle votes once per epoch: see the votes with `hexpin epoch show <epoch>`\.\n$/);

    const set = await runCli(["network", "set-oracles", "--oracles", `${key("o2")},${key("o3")},${key("o4")}`, "--quorum", "2", "--json"], as("authority"));
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(Object.keys(set.json()), ["network", "oracles", "oracleQuorum", "oracleConfigVersion", ...TX]);
    assert.deepEqual(set.json().oracles, [key("o2"), key("o3"), key("o4")]);
    const n = await authority.network(network);
    assert.equal(set.json().oracleConfigVersion, n.oracleConfigVersion);
    assert.ok(n.oracleConfigVersion > 0);

    const removed = await vote("o1", 0, hash(1), 100);
    assert.equal((removed.json().error as { name: string; hint: string }).name, "NotAnOracle");
    assert.match((removed.json().error as { hint: string }).hint, /`hexpin network show` lists the current oracles/);
    const fresh = await vote("o2", 0, hash(1), 100);
    assert.deepEqual({ votes: fresh.json().votes, activated: fresh.json().activated }, { votes: 1, activated: false }, "o1's vote under the old set no longer counts");
    const quorum = await vote("o3", 0, hash(1), 100);
    assert.equal(quorum.json().activated, true);
    const show = await runCli(["epoch", "show", "0", "--json"], as("stranger"));
    assert.deepEqual({ rootActive: show.json().rootActive, merkleRoot: show.json().merkleRoot, totalCumulative: show.json().totalCumulative }, { rootActive: true, merkleRoot: hash(1), totalCumulative: "100" });
  });

  it("votes the chain refuses: a total above the emission, a total below the active root's, a superseded epoch; a dry run records nothing", async () => {
    await closeEpoch();
    await closeEpoch();
    // Checked at every vote, so a root that could never activate is refused at once.
    const over = await vote("o3", 1, hash(2), 2_000_001);
    assert.deepEqual(over.json().error, {
      kind: "program-error",
      code: 6038,
      name: "CumulativeExceedsEmitted",
      message: "The program refused the transaction: CumulativeExceedsEmitted (6038): The root's total cumulative amount exceeds everything emitted through its epoch.",
      hint: "The bundle's totals do not fit this network's emission: recompute it for this network and epoch.",
    });
    const down = await vote("o3", 2, hash(3), 50);
    assert.equal((down.json().error as { name: string }).name, "CumulativeDecreased");
    assert.match((down.json().error as { hint: string }).hint, /previous epoch's cumulative amounts/);

    const dry = await vote("o3", 2, hash(4), 150, ["--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual({ dryRun: dry.json().dryRun, signature: dry.json().signature, votes: dry.json().votes, activated: dry.json().activated }, { dryRun: true, signature: null, votes: null, activated: null });
    assert.ok((dry.json().computeUnits as number) > 1_000 && (dry.json().feeLamports as number) >= 5_000);
    assert.equal((await authority.epoch(network, 2n)).proposals.some((p) => p.merkleRoot.toString("hex") === hash(4)), false, "a dry run records nothing");

    assert.equal((await vote("o3", 2, hash(4), 150)).json().votes, 1);
    assert.equal((await vote("o4", 2, hash(4), 150)).json().activated, true);
    const late = await vote("o4", 1, hash(2), 150);
    assert.equal((late.json().error as { name: string }).name, "EpochRootSuperseded");
    const partial = await runCli(["epoch", "vote", "--root", hash(5)], as("o4"));
    assert.match(partial.stderr, /^Error: Give --bundle <path\|url>, or all of --root, --digest and --total\.\n$/);
  });

  it("update changes fees, cooldown and future emission; the program refuses a max supply below what was emitted and an absurd cooldown", async () => {
    const up = await runCli(["network", "update", "--location-cooldown", "3600", "--onboard-fee", "2000000", "--emission-step", "10:500000", "--json"], as("authority"));
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(Object.keys(up.json()), ["network", "updated", ...TX]);
    assert.deepEqual(up.json().updated, { onboardFeeLamports: "2000000", locationCooldownSecs: "3600", futureEmissionSteps: [{ startEpoch: "10", amountPerEpoch: "500000" }] });
    const n = await authority.network(network);
    assert.deepEqual({ cooldown: n.locationCooldownSecs, fee: n.onboardFeeLamports, steps: n.emissionSchedule.length }, { cooldown: 3600n, fee: 2_000_000n, steps: 2 });

    // The cooldown, met by an owner asserting twice.
    const maker = await createRpcMaker(chain, { authority, network });
    const device = keypairFromSeed(Keypair.generate().secretKey.subarray(0, 32));
    await maker.client.onboardHotspot({ network, issuingKey: maker.issuingKey, owner: keys.owner.publicKey, hardwareKey: new PublicKey(device.publicKey), consent: device, location: 0n, gainDbi10: 20, elevationM: 4 });
    const a1 = await runCli(["hotspot", "assert", device.address, "--location", "37.7749,-122.4194", "--gain", "3.5"], as("owner"));
    assert.equal(a1.code, 0, a1.stderr);
    assert.match(a1.stdout, /^Asserted hotspot \w+\.\n/);
    const a2 = await runCli(["hotspot", "assert", device.address, "--elevation", "12"], as("owner"));
    assert.equal(a2.code, 1);
    assert.match(a2.stderr, /LocationCooldownActive \(6045\).* Wait for the cooldown: `hexpin hotspot show` gives locationAssertedAt/);
    assert.equal((await authority.hotspot(network, new PublicKey(device.publicKey))).location, BigInt("0x" + SF));
    const nothing = await runCli(["hotspot", "assert", device.address], as("owner"));
    assert.match(nothing.stderr, /^Error: Give at least one of --location, --gain and --elevation\.\n$/);

    const cap = await runCli(["network", "update", "--max-supply", "1"], as("authority"));
    assert.match(cap.stderr, /^Error: The program refused the transaction: InvalidMaxSupply \(6051\): .* Give a --max-supply of at least the network's totalEmitted/);
    const cooldown = await runCli(["network", "update", "--location-cooldown", "999999999999", "--json"], as("authority"));
    assert.equal((cooldown.json().error as { name: string }).name, "InvalidLocationCooldown");
    const empty = await runCli(["network", "update"], as("authority"));
    assert.match(empty.stderr, /^Error: Nothing to update: give at least one of/);
  });

  it("two-step authority transfer: only the proposed key accepts, then it alone rules the network", async () => {
    const p = await runCli(["network", "propose-authority", key("successor"), "--json"], as("authority"));
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(Object.keys(p.json()), ["network", "authority", "pendingAuthority", ...TX]);
    assert.equal((await authority.network(network)).pendingAuthority?.toBase58(), key("successor"));
    const stranger = await runCli(["network", "accept-authority"], as("stranger"));
    assert.equal(stranger.code, 1);
    assert.match(stranger.stderr, /NotPendingAuthority \(6047\).* Run it with the proposed authority's keypair \(-k\)/);

    const accepted = await spawnCli(["network", "accept-authority", "--json"], as("successor"));
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.deepEqual({ previous: accepted.json().previousAuthority, now: accepted.json().authority }, { previous: key("authority"), now: key("successor") });
    const old = await runCli(["network", "pause", "--claims"], as("authority"));
    assert.match(old.stderr, /Unauthorized .* Run it with the network authority's keypair \(-k\)\./);

    const successor = new HexpinClient(chain.net.connection(), keys.successor);
    await assert.rejects(successor.setPaused(network, 4), (e: unknown) => e instanceof HexpinProgramError && e.errorName === "InvalidPauseFlags");
    await runCli(["network", "propose-authority", key("stranger")], as("successor"));
    const cancel = await runCli(["network", "propose-authority", "none", "--json"], as("successor"));
    assert.equal(cancel.json().pendingAuthority, null);
    assert.equal((await authority.network(network)).pendingAuthority, null);
  });

  it("claims the program refuses: more than the root commits, another owner's token account", async () => {
    // A root whose committed total (200) is below one life's cumulative (1,000): only the program's own check stops it.
    const [h] = await authority.listHotspots({ network, owner: keys.owner.publicKey });
    const stranger = Keypair.generate().publicKey;
    const tree = MerkleTree.build([
      { key: h.account.hardwareKey.toBytes(), serial: h.account.serial, amount: 1_000n },
      { key: stranger.toBytes(), serial: 99n, amount: 5n },
    ]);
    await closeEpoch();
    const epoch = (await authority.network(network)).currentEpoch - 1n;
    for (const o of ["o3", "o4"]) assert.equal((await runCli(["epoch", "vote", String(epoch), "--root", tree.root.toString("hex"), "--digest", hash(0xee), "--total", "200"], as(o))).code, 0);
    const hk = h.account.hardwareKey.toBase58();
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ hotspot: hk, rewardId: `${hk}:${h.account.serial}`, epoch: Number(epoch), merkleRoot: tree.root.toString("hex"), inputDigest: hash(0xee), cumulative: "1000", proof: tree.proofFor(hk, h.account.serial).map((x) => x.toString("hex")) }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runCli(["rewards", "claim", "--hotspot", hk, "--oracle", url], as("stranger"));
      assert.equal(r.code, 1);
      assert.match(r.stdout, /FAILED: The program refused the transaction: ClaimExceedsCommittedTotal \(6043\): .* The active root's committed total is exhausted: report this to the network's oracles\./);
    } finally {
      await new Promise((r) => server.close(r));
    }

    const crank = new HexpinClient(chain.net.connection(), keys.stranger);
    const claim = (owner: PublicKey, proof: Buffer[]) =>
      crank.execute({ description: "claim", instructions: [claimRewardsIx({ network, hardwareKey: h.account.hardwareKey, owner, cumulative: 1_000n, proof })], signers: [keys.stranger], computeUnitLabels: ["claim_rewards"] });
    const proof = tree.proofFor(hk, h.account.serial);
    await assert.rejects(claim(keys.stranger.publicKey, proof), (e: unknown) => e instanceof HexpinProgramError && e.errorName === "WrongTokenAccount");
    // (ProofTooLong, 6052, cannot be met over RPC: 33 hashes alone overflow a 1,232-byte transaction.)
  });
});
