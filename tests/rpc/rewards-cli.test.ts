// Rewards reach the operator's wallet, over real RPC: the `hexpin` CLI against a Surfpool
// chain (one for the whole suite), a simulated city whose epochs are computed by the oracle
// library from the chain's own registry, roots voted by 2 of 3 oracles, and claims checked
// to the base unit against the oracle's allocation. Most commands run in-process (`runCli`,
// the same command tree); some run as real processes (`spawnCli`).
import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Keypair, PublicKey } from "@solana/web3.js";
import { claimRewardsIx, HexpinProgramError, rewardId } from "../../sdk/src";
import { readKeypairFile, type HexpinClient } from "../../sdk/src/client";
import { runCli, spawnCli } from "../helpers/cli";
import { fundedClient, startTestChain, type TestChain } from "../helpers/localnet";
import { RewardWorld, type WorldBundle } from "../helpers/reward-world";

interface Claim {
  hardwareKey: string;
  serial: string;
  owner: string;
  check: string;
  status: string;
  amount: string;
  amountPaid: string;
  signature: string | null;
  message: string;
}

const CLAIM_FIELDS = [
  "network", "owner", "source", "activeRoot", "dryRun", "due", "paid", "simulated", "failed", "notSent", "unknown", "skipped", "amountDue", "amountPaid",
  "transactions", "claimsPerTransaction", "bytesPerClaim", "computeUnitsPerClaim", "feeLamports", "seconds", "claims", "transactionList",
];

/** A stand-in for the oracle service's proof route, answering the documented shape from an epoch's result. */
function oracleServer(answer: (hotspot: string) => { status: number; body: unknown }): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((ready) => {
    const server: Server = createServer((req, res) => {
      const m = /^\/v1\/rewards\/([1-9A-HJ-NP-Za-km-z]+)$/.exec(req.url ?? "");
      const a = m ? answer(m[1]) : { status: 404, body: { error: { code: "not_found" } } };
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body));
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      ready({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** The documented `GET /v1/rewards/:hotspot` body for one life of a bundle. */
function proofBody(b: WorldBundle, key: string, serial: bigint) {
  const id = rewardId(key, serial);
  const cumulative = b.result.cumulative.get(id);
  if (cumulative === undefined) return { status: 404, body: { error: { code: "no_rewards" } } };
  return {
    status: 200,
    body: {
      hotspot: key,
      rewardId: id,
      epoch: Number(b.epoch),
      merkleRoot: b.result.merkleRoot,
      inputDigest: b.result.inputDigest,
      cumulative: cumulative.toString(),
      proof: b.result.tree!.proofFor(key, serial).map((h) => h.toString("hex")),
    },
  };
}

describe("hexpin rewards over RPC: an operator's journey and the hotspot's life", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let world: RewardWorld;
  /** the environment every command shares: cluster, network, no Solana CLI config. */
  let base: Record<string, string>;
  const as = (keypairFile: string) => ({ ...base, HEXPIN_KEYPAIR: keypairFile });

  let operator: HexpinClient;
  let operatorFile: string;
  let radio: number;
  let hw: string;
  let cranker: HexpinClient;
  let crankerFile: string;
  const others: { owner: Keypair; file: string; radios: number[] }[] = [];
  const b: WorldBundle[] = [];

  before(async () => {
    chain = await startTestChain({ migration: null });
    world = await RewardWorld.create(chain);
    base = { HEXPIN_URL: chain.net.rpcUrl, HEXPIN_NETWORK: world.network.toBase58(), SOLANA_CONFIG: `${chain.dir}/none.yml` };
    operator = fundedClient(chain);
    operatorFile = world.keyFile("operator", operator.wallet as Keypair);
    cranker = fundedClient(chain);
    crankerFile = world.keyFile("cranker", cranker.wallet as Keypair);
  });
  after(async () => chain?.stop());

  const owned = async (owner: PublicKey) => world.authority.rewardBalance(world.network, owner);
  const due = (bundle: WorldBundle, key: string, serial: bigint) => bundle.result.cumulative.get(rewardId(key, serial)) ?? 0n;

  it("an operator's journey: keygen → onboard by a maker → assert → epoch ends → bundle → 2-of-3 oracle votes → claim → balance equals the allocation", async () => {
    // The device's key, generated as an operator would; it stands in for the city's best-placed radio.
    const deviceFile = `${chain.dir}/device.json`;
    const kg = await runCli(["hotspot", "keygen", "-o", deviceFile, "--json"]);
    assert.equal(kg.code, 0, kg.stderr);
    hw = kg.json().hardwareKey as string;
    radio = world.bestRadio();
    world.useDevice(radio, readKeypairFile(deviceFile));

    // The rest of the city: two other operators' radios, onboarded at their places.
    for (let k = 0; k < 2; k++) {
      const owner = Keypair.generate();
      others.push({ owner, file: world.keyFile(`owner-${k}`, owner), radios: [] });
    }
    for (let i = 0; i < world.size; i++) {
      if (i === radio) continue;
      const o = others[i % 2];
      o.radios.push(i);
      await world.onboard(i, o.owner.publicKey);
    }

    // The maker onboards the operator's device (unplaced), with the device's consent.
    const makerFile = world.keyFile("maker-wallet", world.maker.client.wallet as Keypair);
    const issuingFile = world.keyFile("maker-issuing", world.maker.issuingKey);
    const ob = await runCli(["hotspot", "onboard", "--issuing-keypair", issuingFile, "--device-keypair", deviceFile, "--owner", operator.wallet.publicKey.toBase58(), "--json"], as(makerFile));
    assert.equal(ob.code, 0, ob.stderr);
    assert.equal(ob.json().owner, operator.wallet.publicKey.toBase58());

    // The operator installs it and asserts where it stands.
    const p = world.placement(radio);
    const asserted = await runCli(["hotspot", "assert", hw, "--location", p.location, "--gain", String(p.gainDbi10 / 10), "--elevation", String(p.elevationM), "--json"], as(operatorFile));
    assert.equal(asserted.code, 0, asserted.stderr);
    const a = asserted.json();
    assert.deepEqual(Object.keys(a), ["hotspot", "hardwareKey", "location", "gainDbi", "elevationM", "locationFeeLamports", "assertCount", "dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"]);
    assert.equal(a.location, p.location);
    assert.equal(a.assertCount, 1);
    const h = await operator.hotspot(world.network, new PublicKey(hw));
    assert.equal(h.location, BigInt("0x" + p.location));
    assert.equal(h.gainDbi10, p.gainDbi10);

    // The epoch ends (time travel); anyone cranks it; the oracle library computes it from the chain's registry.
    await (await import("../helpers/localnet")).endCurrentEpoch(chain, world.authority, world.network);
    const adv = await runCli(["epoch", "advance", "--json"], as(crankerFile));
    assert.equal(adv.code, 0, adv.stderr);
    assert.equal(adv.json().epoch, "0");
    b[0] = await world.writeBundle(0n);
    const allocation = due(b[0], hw, h.serial);
    assert.ok(allocation > 0n, "the operator's radio earns in epoch 0");

    // Oracle 1 recomputes the bundle and votes: one vote, not yet active.
    const oracleFiles = world.oracles.map((k, i) => world.keyFile(`oracle-${i}`, k));
    const v1 = await runCli(["epoch", "vote", "--bundle", b[0].path, "--json"], as(oracleFiles[0]));
    assert.equal(v1.code, 0, v1.stderr);
    assert.deepEqual(Object.keys(v1.json()), ["network", "epoch", "oracle", "source", "merkleRoot", "inputDigest", "totalCumulative", "votes", "quorum", "activated", "dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"]);
    assert.deepEqual(
      { epoch: v1.json().epoch, merkleRoot: v1.json().merkleRoot, inputDigest: v1.json().inputDigest, totalCumulative: v1.json().totalCumulative, votes: v1.json().votes, quorum: v1.json().quorum, activated: v1.json().activated },
      { epoch: "0", merkleRoot: b[0].result.merkleRoot, inputDigest: b[0].result.inputDigest, totalCumulative: b[0].result.totalCumulative.toString(), votes: 1, quorum: 2, activated: false },
    );

    // Before the quorum, nothing can be claimed, and the operator is told why.
    const early = await runCli(["rewards", "claim", "--hotspot", hw, "--bundle", b[0].path], as(operatorFile));
    assert.equal(early.code, 1);
    assert.match(early.stderr, /^Error: Nothing can be claimed for hotspot \w+: no epoch root has activated on the chain yet .* Wait until a quorum of oracles has voted an epoch root/m);

    // Oracle 2 (a real process) reaches the quorum; oracle 3 is told the root is already active.
    const v2 = await spawnCli(["epoch", "vote", "0", "--bundle", b[0].path, "--json"], as(oracleFiles[1]));
    assert.equal(v2.code, 0, v2.stderr);
    assert.equal(v2.json().activated, true);
    assert.equal(v2.json().votes, 2);
    const v3 = await runCli(["epoch", "vote", "--bundle", b[0].path], as(oracleFiles[2]));
    assert.equal(v3.code, 1);
    assert.match(v3.stderr, /EpochRootAlreadyActive \(6036\).* Nothing to do: the root is active/);
    const net = await operator.network(world.network);
    assert.equal(net.activeRoot?.merkleRoot.toString("hex"), b[0].result.merkleRoot);

    // What the operator could claim, then the claim itself as a real process.
    const show = await runCli(["rewards", "show", "--bundle", b[0].path, "--json"], as(operatorFile));
    assert.equal(show.code, 0, show.stderr);
    assert.deepEqual(Object.keys(show.json()), ["network", "owner", "source", "activeRoot", "tokenBalance", "totals", "hotspots"]);
    const mine = (show.json().hotspots as Record<string, unknown>[])[0];
    assert.deepEqual(
      { hardwareKey: mine.hardwareKey, status: mine.status, claimable: mine.claimable, claimed: mine.claimed, cumulative: mine.cumulative },
      { hardwareKey: hw, status: "claimable", claimable: allocation.toString(), claimed: "0", cumulative: allocation.toString() },
    );
    const claim = await spawnCli(["rewards", "claim", "--all", "--bundle", b[0].path, "--json"], as(operatorFile));
    assert.equal(claim.code, 0, claim.stderr);
    const c = claim.json();
    assert.deepEqual(Object.keys(c), CLAIM_FIELDS);
    assert.equal(c.paid, 1);
    assert.equal(c.amountPaid, allocation.toString());
    assert.equal(await owned(operator.wallet.publicKey), allocation, "the owner's token balance equals the oracle's allocation to the base unit");
    assert.match(claim.stderr, /claim \[.*\] 1\/1/);

    // Running it again pays nothing and sends nothing.
    const again = await runCli(["rewards", "claim", "--all", "--bundle", b[0].path, "--json"], as(operatorFile));
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual({ due: again.json().due, transactions: again.json().transactions, skipped: again.json().skipped }, { due: 0, transactions: 0, skipped: 1 });
    assert.equal((again.json().claims as Claim[])[0].check, "claimed");
    assert.equal(await owned(operator.wallet.publicKey), allocation);
  });
});
