// Rewards reach the operator's wallet, over real RPC: the `hexpin` CLI against a Surfpool
// chain (one for the whole suite), a simulated city whose epochs are computed by the oracle
// library from the chain's own registry, roots voted by 2 of 3 oracles, and claims checked
// to the base unit against the oracle's allocation. Most commands run in-process (`runCli`,
// the same command tree); some run as real processes (`spawnCli`).
import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Keypair, PublicKey, type Connection } from "@solana/web3.js";
import { claimRewardsIx, HexpinProgramError, rewardId } from "../../sdk/src";
import { BundleProofSource, HexpinClient, readKeypairFile, TransactionExpiredError } from "../../sdk/src/client";
import { keyToBase58 } from "../../sdk/src/reports/keys";
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
  /** each hardware key's current life on the chain. */
  const serials = new Map<string, bigint>();
  const syncSerials = async () => {
    serials.clear();
    for (const h of await world.authority.listHotspots({ network: world.network })) serials.set(h.account.hardwareKey.toBase58(), h.account.serial);
  };

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
    await syncSerials();
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

    const notOracle = await runCli(["epoch", "vote", "--bundle", b[0].path], as(operatorFile));
    assert.equal(notOracle.code, 1);
    assert.match(notOracle.stderr, /^Error: The wallet \w+ is not one of the network's 3 oracles: vote with an oracle's keypair \(-k\); `hexpin network show` lists them\.\n$/);

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

  it("anyone may claim for an owner's hotspots (--all --owner): packed transactions, the owner's token account created, a dry run first", async () => {
    const o = others[0];
    const expected = o.radios.reduce((sum, i) => sum + due(b[0], world.devices[i].publicKey.toBase58(), serialOf(i)), 0n);
    assert.ok(expected > 0n);
    const dry = await runCli(["rewards", "claim", "--all", "--owner", o.owner.publicKey.toBase58(), "--bundle", b[0].path, "--dry-run"], as(crankerFile));
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Dry run \(nothing sent\): \d+ of \d+ due claim\(s\) would pay [\d,.]+ \(\d+ base units\)\.\n  \d+ transaction\(s\), [\d.]+ claims each on average; per claim \d+ bytes and [\d,]+ CU; fees [\d.]+ SOL/);
    assert.equal(await owned(o.owner.publicKey), 0n, "a dry run pays nothing");

    const lamportsBefore = await cranker.balance();
    const r = await runCli(["rewards", "claim", "--all", "--owner", o.owner.publicKey.toBase58(), "--bundle", b[0].path, "--json"], as(crankerFile));
    assert.equal(r.code, 0, r.stderr);
    const j = r.json();
    const paid = (j.claims as Claim[]).filter((c) => c.status === "paid");
    assert.equal(j.paid, paid.length);
    assert.ok(paid.length >= 3, `several claims (${paid.length})`);
    assert.ok((j.transactions as number) < paid.length, "claims are packed several to a transaction");
    assert.ok((j.bytesPerClaim as number) > 100 && (j.bytesPerClaim as number) < 1232);
    assert.ok((j.computeUnitsPerClaim as number) > 1000);
    const txs = j.transactionList as { bytes: number; createdAccounts: number; status: string }[];
    assert.ok(txs.every((t) => t.bytes <= 1232 && t.status === "landed"));
    assert.equal(txs.reduce((s, t) => s + t.createdAccounts, 0), 1, "the owner's reward account is created once");
    assert.equal(await owned(o.owner.publicKey), expected);
    assert.equal(BigInt(j.amountPaid as string), expected);
    assert.ok((await cranker.balance()) < lamportsBefore, "the cranker paid the fees");
    for (const c of paid) assert.equal(c.owner, o.owner.publicKey.toBase58());

    // The other owner's, in human form.
    const human = await runCli(["rewards", "claim", "--all", "--owner", others[1].owner.publicKey.toBase58(), "--bundle", b[0].path], as(crankerFile));
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Claimed (\d+) of \1 due claim\(s\): [\d,.]+ \(\d+ base units\) paid\.\n/);
    assert.match(human.stdout, / paid [\d,.]+ \(\d+ base units\) to \w+ \(\w+\)\n/);
  });

  it("transfer then claim pays the new owner; a proof for an older root is named as such", async () => {
    const newOwner = fundedClient(chain, 1);
    const newOwnerFile = world.keyFile("new-owner", newOwner.wallet as Keypair);
    const t = await runCli(["hotspot", "transfer", hw, newOwner.wallet.publicKey.toBase58(), "--json"], as(operatorFile));
    assert.equal(t.code, 0, t.stderr);
    assert.deepEqual(Object.keys(t.json()), ["hotspot", "hardwareKey", "from", "to", "dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"]);
    assert.equal(t.json().from, operator.wallet.publicKey.toBase58());
    const notMine = await runCli(["hotspot", "transfer", hw, Keypair.generate().publicKey.toBase58()], as(operatorFile));
    assert.match(notMine.stderr, /^Error: The wallet \w+ does not own hotspot \w+ \(its owner is \w+\): run it with the owner's keypair \(-k\)\.\n$/);
    const self = await runCli(["hotspot", "transfer", hw, newOwner.wallet.publicKey.toBase58()], as(newOwnerFile));
    assert.equal(self.code, 1);
    assert.match(self.stderr, /InvalidNewOwner \(6046\).* Give a new owner other than the current one\./);

    await world.closeEpoch();
    b[1] = await world.writeBundle(1n);
    await world.activate(b[1]);
    const stale = await runCli(["rewards", "claim", "--hotspot", hw, "--bundle", b[0].path], as(crankerFile));
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /^Error: Nothing can be claimed for hotspot \w+: the proof is for epoch 0's root, older than the active root of epoch 1: get a fresh proof\. Use the oracle's current proof/m);

    const before = await owned(operator.wallet.publicKey);
    const serial = (await operator.hotspot(world.network, new PublicKey(hw))).serial;
    const r = await runCli(["rewards", "claim", "--hotspot", hw, "--bundle", b[1].path, "--json"], as(crankerFile));
    assert.equal(r.code, 0, r.stderr);
    const expected = due(b[1], hw, serial) - due(b[0], hw, serial);
    assert.ok(expected > 0n);
    assert.equal(await owned(newOwner.wallet.publicKey), expected, "the new owner is paid what accrued since the last claim");
    assert.equal(await owned(operator.wallet.publicKey), before, "the previous owner is paid nothing more");
    assert.equal((r.json().claims as Claim[])[0].owner, newOwner.wallet.publicKey.toBase58());
  });

  it("decommission claims first (or refuses without a proof source) and warns; the re-onboarded device cannot claim its earlier life", async () => {
    const o = others[0];
    const ownerFile = o.file;
    fundedClientFor(o.owner);
    // A radio of this owner that earned in epoch 1 (claimable: the owner claimed only epoch 0).
    const idx = o.radios.find((i) => due(b[1], key(i), serialOf(i)) > due(b[0], key(i), serialOf(i)))!;
    assert.notEqual(idx, undefined);
    const y = key(idx);
    const oldSerial = serialOf(idx);
    const pending = due(b[1], y, oldSerial) - due(b[0], y, oldSerial);

    const refused = await runCli(["hotspot", "decommission", y], as(ownerFile));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^Error: Decommissioning forfeits this life's unclaimed rewards: pass --oracle <url> or --bundle <path\|url> to claim them first, or --no-claim to forfeit them\.\n$/);

    const balance = await owned(o.owner.publicKey);
    const d = await runCli(["hotspot", "decommission", y, "--bundle", b[1].path, "--json"], as(ownerFile));
    assert.equal(d.code, 0, d.stderr);
    const j = d.json();
    assert.deepEqual(Object.keys(j), ["hotspot", "hardwareKey", "serial", "owner", "claimed", "claim", "warning", "dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"]);
    assert.equal((j.claim as { status: string }).status, "paid");
    assert.equal((j.claim as { amountPaid: string }).amountPaid, pending.toString());
    assert.match(j.warning as string, /forfeits every reward of this life not yet claimed: what it earned after epoch 1's root can never be claimed/);
    assert.equal(await owned(o.owner.publicKey), balance + pending, "what was committed was claimed before closing");
    const gone = await runCli(["hotspot", "show", y, "--json"], as(ownerFile));
    assert.equal((gone.json().error as { kind: string }).kind, "hotspot-not-found");

    // The same device onboarded again: a new life, a new serial, rewards from zero.
    await world.onboard(idx, o.owner.publicKey);
    await syncSerials();
    const newSerial = serialOf(idx);
    assert.ok(newSerial > oldSerial);
    await world.closeEpoch();
    b[2] = await world.writeBundle(2n);
    await world.activate(b[2]);
    const oldLife = due(b[2], y, oldSerial);
    assert.equal(oldLife, due(b[1], y, oldSerial), "the oracle keeps the earlier life's leaf, unchanged");

    let life = oldSerial;
    const oracle = await oracleServer((k) => proofBody(b[2], k, k === y ? life : (serials.get(k) ?? 0n)));
    try {
      const other = await runCli(["rewards", "claim", "--hotspot", y, "--oracle", oracle.url, "--json"], as(crankerFile));
      assert.equal(other.code, 1);
      const e = other.json().error as { kind: string; message: string; hint: string };
      assert.equal(e.kind, "other-life");
      assert.equal(e.message, `Nothing can be claimed for hotspot ${y}: the proof is for an earlier life of this hardware key (serial ${oldSerial}) while the hotspot's current life is serial ${newSerial}; rewards of a decommissioned life can never be claimed again.`);
      assert.match(e.hint, /A decommissioned life's rewards end with it/);

      // The chain itself refuses the earlier life's leaf against the new account, whoever sends it.
      const p = proofBody(b[2], y, oldSerial).body as { proof: string[] };
      await assert.rejects(
        cranker.execute({
          description: "claim an earlier life",
          instructions: [claimRewardsIx({ network: world.network, hardwareKey: new PublicKey(y), owner: o.owner.publicKey, cumulative: oldLife, proof: p.proof.map((h) => Buffer.from(h, "hex")) })],
          signers: [cranker.wallet],
          computeUnitLabels: ["claim_rewards"],
        }),
        (e: unknown) => e instanceof HexpinProgramError && e.errorName === "InvalidMerkleProof",
      );

      // The new life claims exactly its own rewards, counted from zero.
      life = newSerial;
      const fresh = due(b[2], y, newSerial);
      const before = await owned(o.owner.publicKey);
      const r = await runCli(["rewards", "claim", "--hotspot", y, "--oracle", oracle.url, "--json"], as(crankerFile));
      assert.equal(r.code, 0, r.stderr);
      assert.ok(fresh > 0n && fresh < oldLife + fresh);
      assert.equal(await owned(o.owner.publicKey), before + fresh);
      assert.equal((r.json().claims as Claim[])[0].serial, newSerial.toString());
    } finally {
      await oracle.close();
    }
  });

  it("--oracle: proofs from the oracle's API, its 404s as statuses, and clear errors when it is down or answers garbage", async () => {
    const o = others[1];
    const mine = o.radios.map(key);
    const silent = mine[0];
    const oracle = await oracleServer((k) => (k === silent ? { status: 404, body: { error: { code: "no_rewards" } } } : proofBody(b[2], k, serials.get(k) ?? 0n)));
    try {
      const show = await runCli(["rewards", "show", "--owner", o.owner.publicKey.toBase58(), "--oracle", oracle.url, "--json"], as(crankerFile));
      assert.equal(show.code, 0, show.stderr);
      const rows = show.json().hotspots as Record<string, string>[];
      assert.deepEqual(Object.keys(rows[0]), ["hardwareKey", "hotspot", "serial", "owner", "claimed", "status", "cumulative", "claimable", "proofSerial", "proofEpoch", "message"]);
      assert.equal(rows.find((r) => r.hardwareKey === silent)!.status, "no-rewards");
      const claimable = rows.filter((r) => r.status === "claimable");
      assert.ok(claimable.length > 0);
      for (const r of claimable) assert.equal(BigInt(r.claimable), due(b[2], r.hardwareKey, BigInt(r.serial)) - BigInt(r.claimed));
      assert.deepEqual((show.json().source as Record<string, unknown>).kind, "oracle");

      const before = await owned(o.owner.publicKey);
      const r = await runCli(["rewards", "claim", "--all", "--owner", o.owner.publicKey.toBase58(), "--oracle", oracle.url, "--json"], as(crankerFile));
      assert.equal(r.code, 0, r.stderr);
      const expected = claimable.reduce((sum, x) => sum + BigInt(x.claimable), 0n);
      assert.equal(await owned(o.owner.publicKey), before + expected);
      assert.equal(r.json().skipped, rows.length - claimable.length);

      const noSource = await runCli(["rewards", "show", "--owner", o.owner.publicKey.toBase58(), "--json"], as(crankerFile));
      assert.ok((noSource.json().hotspots as { status: string }[]).every((x) => x.status === "no-source"));
      const needsSource = await runCli(["rewards", "claim", "--all"], as(crankerFile));
      assert.match(needsSource.stderr, /^Error: Claims need proofs: pass --oracle <url> \(the oracle service\) or --bundle <path\|url> \(the epoch's bundle\)\.\n$/);
    } finally {
      await oracle.close();
    }

    const garbage = await oracleServer(() => ({ status: 200, body: "<html>not an oracle</html>" }));
    const wrongShape = await oracleServer((k) => ({ status: 200, body: { hotspot: k, rewardId: `${k}:1`, epoch: 2, merkleRoot: "zz", inputDigest: null, cumulative: "1", proof: [] } }));
    try {
      const g = await runCli(["rewards", "claim", "--hotspot", key(o.radios[1]), "--oracle", garbage.url, "--json"], as(crankerFile));
      assert.equal(g.code, 1);
      assert.deepEqual(g.json().error, {
        kind: "oracle-response-invalid",
        message: `The oracle at ${garbage.url} answered something unexpected (GET /v1/rewards/${key(o.radios[1])}: HTTP 200, not JSON).`,
        hint: "Check that --oracle is a hexpin oracle service's base URL.",
      });
      const w = await runCli(["rewards", "claim", "--hotspot", key(o.radios[1]), "--oracle", wrongShape.url], as(crankerFile));
      assert.match(w.stderr, /^Error: The oracle at .* answered something unexpected \(GET \/v1\/rewards\/\w+: merkleRoot is not 32 bytes of hex\)\. /);
    } finally {
      await garbage.close();
      await wrongShape.close();
    }
    const closed = await oracleServer(() => ({ status: 500, body: {} }));
    await closed.close(); // a port nothing listens on any more
    const down = await runCli(["rewards", "claim", "--hotspot", key(o.radios[1]), "--oracle", closed.url, "--json"], as(crankerFile));
    assert.equal((down.json().error as { kind: string }).kind, "oracle-unreachable");
    assert.equal((down.json().error as { message: string }).message, `The oracle at ${closed.url} cannot be reached (ECONNREFUSED).`);
  });

  it("pause and unpause: paused claims and onboarding are refused with the program's error and a hint; roots may still be posted", async () => {
    const authorityFile = world.keyFile("authority", world.authority.wallet as Keypair);
    const p = await runCli(["network", "pause", "--claims", "--json"], as(authorityFile));
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(p.json().paused, { onboarding: false, claims: true });
    assert.deepEqual(Object.keys(p.json()), ["network", "paused", "dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"]);

    await world.closeEpoch();
    b[3] = await world.writeBundle(3n);
    await world.activate(b[3]); // oracles are not paused
    const refused = await runCli(["rewards", "claim", "--all", "--owner", others[1].owner.publicKey.toBase58(), "--bundle", b[3].path], as(crankerFile));
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^Claimed 0 of \d+ due claim\(s\): 0 \(0 base units\) paid\.\n/);
    assert.match(refused.stdout, /FAILED: The program refused the transaction: ClaimsPaused \(6049\): Claims are paused on this network by its authority\. The network authority can resume them with `hexpin network unpause --claims`; nothing was paid\./);
    assert.match(refused.stdout, /Run the same command again to claim what is still due/);

    await runCli(["network", "pause", "--onboarding"], as(authorityFile));
    const net = await world.authority.network(world.network);
    assert.equal(net.paused, 3);
    const device = `${chain.dir}/late-device.json`;
    await runCli(["hotspot", "keygen", "-o", device]);
    const issuingFile = world.keyFile("maker-issuing", world.maker.issuingKey);
    const onboard = await runCli(["hotspot", "onboard", "--issuing-keypair", issuingFile, "--device-keypair", device], as(world.keyFile("maker-wallet", world.maker.client.wallet as Keypair)));
    assert.equal(onboard.code, 1);
    assert.match(onboard.stderr, /^Error: The program refused the transaction: OnboardingPaused \(6048\): .* The network authority can resume it with `hexpin network unpause --onboarding`\.\n$/);

    const u = await runCli(["network", "unpause", "--json"], as(authorityFile));
    assert.deepEqual(u.json().paused, { onboarding: false, claims: false });
    const before = await owned(others[1].owner.publicKey);
    const ok = await runCli(["rewards", "claim", "--all", "--owner", others[1].owner.publicKey.toBase58(), "--bundle", b[3].path, "--json"], as(crankerFile));
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(BigInt(ok.json().amountPaid as string) > 0n);
    assert.equal(await owned(others[1].owner.publicKey), before + BigInt(ok.json().amountPaid as string));
  });

  it("an interrupted run and a transaction that never lands: exactly the claims paid are reported, and a re-run pays only what is still due", async () => {
    await world.closeEpoch();
    b[4] = await world.writeBundle(4n);
    await world.activate(b[4]);
    const lives = await world.authority.listHotspots({ network: world.network });
    const checks = await cranker.checkClaims(world.network, lives, await BundleProofSource.open(b[4].path));
    const dueNow = checks.filter((c) => c.status === "claimable");
    assert.ok(dueNow.length >= 6, `enough claims for three transactions (${dueNow.length})`);

    // Interrupted after the first transaction settles: the rest is never sent.
    const stop = new AbortController();
    const first = await cranker.claimRewards(world.network, checks, { concurrency: 1, signal: stop.signal, onProgress: () => stop.abort() });
    const paid1 = first.outcomes.filter((x) => x.status === "paid");
    const notSent = first.outcomes.filter((x) => x.check.status === "claimable" && x.status === "not-sent");
    assert.ok(paid1.length > 0 && notSent.length > 0);
    assert.equal(paid1.length + notSent.length, dueNow.length);
    assert.equal(first.transactions.filter((t) => t.status === "landed").length, 1);
    for (const x of paid1) assert.equal((await cranker.hotspot(world.network, x.check.hardwareKey)).claimed, x.check.proof!.cumulative);
    for (const x of notSent) assert.equal((await cranker.hotspot(world.network, x.check.hardwareKey)).claimed, x.check.claimed);

    // A re-run whose second transaction never reaches the cluster: it expires, provably unlanded.
    const again = await cranker.checkClaims(world.network, lives, await BundleProofSource.open(b[4].path));
    assert.deepEqual(
      again.filter((c) => c.status === "claimable").map((c) => c.hardwareKey.toBase58()).sort(),
      notSent.map((x) => x.check.hardwareKey.toBase58()).sort(),
      "only what is still due",
    );
    const seen: string[] = [];
    const lossy = Object.create(chain.net.connection()) as Connection;
    lossy.sendRawTransaction = async (raw, opts) => {
      const signature = keyToBase58(Uint8Array.from(raw as Uint8Array).subarray(1, 65));
      if (!seen.includes(signature)) seen.push(signature);
      return seen.indexOf(signature) === 1 ? signature : chain.net.connection().sendRawTransaction(raw, opts);
    };
    const flaky = new HexpinClient(lossy, cranker.wallet, { maxAttempts: 1 });
    const second = await flaky.claimRewards(world.network, again, { concurrency: 1 });
    const paid2 = second.outcomes.filter((x) => x.status === "paid");
    const failed2 = second.outcomes.filter((x) => x.status === "failed");
    assert.ok(paid2.length > 0 && failed2.length > 0, "one transaction landed, one expired");
    assert.ok(failed2.every((x) => x.error instanceof TransactionExpiredError));
    assert.equal(second.transactions.filter((t) => t.status === "failed").length, 1);
    for (const x of failed2) assert.equal((await cranker.hotspot(world.network, x.check.hardwareKey)).claimed, x.check.claimed, "an expired transaction paid nothing");

    // The last run pays exactly the rest; every life then holds its committed cumulative.
    const last = await cranker.claimRewards(world.network, await cranker.checkClaims(world.network, lives, await BundleProofSource.open(b[4].path)));
    assert.deepEqual(last.outcomes.filter((x) => x.status === "paid").map((x) => x.check.hardwareKey.toBase58()).sort(), failed2.map((x) => x.check.hardwareKey.toBase58()).sort());
    for (const c of dueNow) assert.equal((await cranker.hotspot(world.network, c.hardwareKey)).claimed, c.proof!.cumulative);
    const total = first.paid + second.paid + last.paid;
    assert.equal(total, dueNow.reduce((s, c) => s + c.amount, 0n), "paid once, in full");
  });

  function key(i: number): string {
    return world.devices[i].publicKey.toBase58();
  }
  function serialOf(i: number): bigint {
    return serials.get(key(i)) ?? 0n;
  }
  function fundedClientFor(kp: Keypair): void {
    chain.net.fund(kp.publicKey, 10 * 1e9);
  }
});
