// The `hexpin` CLI as an operator runs it, talking to a real Surfpool chain over JSON-RPC,
// configured through flags and the environment: the first two commands as separate
// processes (sdk/bin/hexpin), the rest in-process through the same command tree
// (tests/helpers/cli.ts), since each process start compiles the CLI anew.
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { writeKeypairFile } from "../../sdk/src/client";
import { runCli, spawnCli } from "../helpers/cli";
import { createRpcNetwork, endCurrentEpoch, SF, startTestChain, type RpcNetwork, type TestChain } from "../helpers/localnet";

/** The CLI in this process (the same command tree; process start-up costs seconds on a busy machine). */
const hexpin = runCli;

const TX_FIELDS = ["dryRun", "signature", "slot", "computeUnits", "computeUnitLimit", "feeLamports", "priorityFeeMicroLamports"];

describe("hexpin CLI over RPC", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: RpcNetwork;
  let env: Record<string, string>;
  let issuing: string;

  before(async () => {
    chain = await startTestChain({ migration: null });
    net = await createRpcNetwork(chain);
    const wallet = writeKeypairFile(join(chain.dir, "authority.json"), net.authority.wallet as Keypair);
    issuing = writeKeypairFile(join(chain.dir, "issuing.json"), Keypair.generate());
    env = { HEXPIN_URL: chain.net.rpcUrl, HEXPIN_KEYPAIR: wallet, HEXPIN_NETWORK: net.network.toBase58(), SOLANA_CONFIG: join(chain.dir, "none.yml") };
  });
  after(async () => chain?.stop());

  it("network show --json prints the documented shape", async () => {
    const r = await spawnCli(["network", "show", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const j = r.json();
    assert.deepEqual(Object.keys(j), [
      "address", "creator", "authority", "pendingAuthority", "paused", "rewardMint", "rewardsVault", "feeRecipient", "decimals", "epochLengthSecs", "genesisTs",
      "currentEpoch", "currentEpochEndsAt", "totalEmitted", "maxSupply", "emissionSchedule", "oracles", "oracleQuorum", "oracleConfigVersion",
      "onboardFeeLamports", "locationFeeLamports", "locationCooldownSecs", "makerCount", "hotspotCount", "activeHotspotCount", "activeRoot", "totalClaimed",
    ]);
    assert.equal(j.address, net.network.toBase58());
    assert.equal(j.epochLengthSecs, "60");
    assert.deepEqual(j.emissionSchedule, [{ startEpoch: "0", amountPerEpoch: "1000000000" }]);
  });

  it("takes every flag from the environment as well (-u, -k, --network, --json)", async () => {
    const r = await spawnCli(["network", "show"], { ...env, HEXPIN_JSON: "1" });
    assert.equal(r.json().address, net.network.toBase58());
  });

  it("maker register → approve → show, with --dry-run sending nothing", async () => {
    const dry = await hexpin(["maker", "register", "Acme Radios", "--issuing-keypair", issuing, "--dry-run", "--json"], env);
    assert.equal(dry.code, 0, dry.stderr);
    const d = dry.json();
    assert.equal(d.dryRun, true);
    assert.equal(d.signature, null);
    assert.ok((d.computeUnits as number) > 1000 && (d.feeLamports as number) > 0);
    const notYet = await hexpin(["maker", "show", d.maker as string, "--json"], env);
    assert.equal(notYet.code, 1);
    assert.equal((notYet.json().error as { kind: string }).kind, "maker-not-found");

    const reg = await hexpin(["maker", "register", "Acme Radios", "--issuing-keypair", issuing, "--json"], env);
    assert.equal(reg.code, 0, reg.stderr);
    assert.deepEqual(Object.keys(reg.json()), ["maker", "issuingKey", "network", ...TX_FIELDS]);
    assert.equal(typeof reg.json().signature, "string");
    const approve = await hexpin(["maker", "approve", reg.json().issuingKey as string, "--json", "--priority-fee", "1000"], env);
    assert.equal(approve.code, 0, approve.stderr);
    assert.equal(approve.json().approved, true);
    assert.equal(approve.json().priorityFeeMicroLamports, 1000);
    const show = await hexpin(["maker", "show", reg.json().maker as string, "--json"], env);
    assert.deepEqual(show.json(), { ...show.json(), name: "Acme Radios", approved: true, hotspotCount: "0" });
  });

  it("hotspot keygen → onboard → show → list --mine", async () => {
    const dev = join(chain.dir, "device-1.json");
    const kg = await hexpin(["hotspot", "keygen", "-o", dev, "--json"], {});
    assert.equal(kg.code, 0, kg.stderr);
    const hw = kg.json().hardwareKey as string;
    const ob = await hexpin(["hotspot", "onboard", "--issuing-keypair", issuing, "--device-keypair", dev, "--location", "37.7749,-122.4194", "--gain", "1.2", "--elevation", "5", "--json"], env);
    assert.equal(ob.code, 0, ob.stderr);
    assert.deepEqual(Object.keys(ob.json()), ["hotspot", "hardwareKey", "owner", "network", ...TX_FIELDS]);
    const show = await hexpin(["hotspot", "show", hw, "--json"], env);
    const h = show.json();
    assert.equal(h.location, SF);
    assert.equal(h.gainDbi, 1.2);
    assert.equal(h.owner, net.authority.wallet.publicKey.toBase58());
    const list = await hexpin(["hotspot", "list", "--mine", "--json"], env);
    assert.equal(list.json().count, 1);
    assert.equal((list.json().hotspots as { hardwareKey: string }[])[0].hardwareKey, hw);
  });

  it("onboards a batch from a file with a progress bar, reporting each result", async () => {
    const owner = Keypair.generate().publicKey.toBase58();
    const entries = [];
    for (let i = 0; i < 6; i++) {
      const path = join(chain.dir, `batch-${i}.json`);
      writeKeypairFile(path, Keypair.generate());
      entries.push({ deviceKeypair: `batch-${i}.json`, owner, location: SF, gain: 3, elevation: 10 });
    }
    entries.push({ ...entries[0] }); // a duplicate: fails on its own, the rest go through
    const file = join(chain.dir, "batch.json");
    writeFileSync(file, JSON.stringify(entries));
    const r = await hexpin(["hotspot", "onboard", "--issuing-keypair", issuing, "--from-file", file, "--concurrency", "4", "--json"], env);
    assert.equal(r.code, 1, "a failed entry makes the exit code 1");
    const j = r.json();
    assert.equal(j.onboarded, 6);
    assert.equal(j.failed, 1);
    const failures = (j.results as { error: { name?: string } | null }[]).filter((x) => x.error);
    assert.equal(failures[0].error!.name, "HotspotAlreadyOnboarded");
    assert.match(r.stderr, /onboard \[.*\] 7\/7/);
    const list = await hexpin(["hotspot", "list", "--owner", owner, "--json"], env);
    assert.equal(list.json().count, 6);
  });

  it("refuses a malformed batch before sending anything", async () => {
    const file = join(chain.dir, "bad-batch.json");
    writeFileSync(file, JSON.stringify([{ hardwareKey: Keypair.generate().publicKey.toBase58(), consent: "00".repeat(64), location: "nowhere" }]));
    const r = await hexpin(["hotspot", "onboard", "--issuing-keypair", issuing, "--from-file", file], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: entry 0 of .*bad-batch\.json: The location nowhere is neither an H3 resolution-12 cell nor "lat,lng"\.\n$/);
  });

  it("epoch advance: the program's error by name with a hint, then the epoch closes", async () => {
    const fresh = await createRpcNetwork(chain); // its first epoch has just begun
    const early = await hexpin(["epoch", "advance", "--network", fresh.network.toBase58()], env);
    assert.equal(early.code, 1);
    assert.equal(early.stdout, "");
    assert.match(early.stderr, /^Error: The program refused the transaction: EpochNotEnded \(6024\): .* Wait until the epoch's end/);
    assert.equal(early.stderr.trim().split("\n").length, 1, "one line");
    const j = await hexpin(["epoch", "advance", "--json", "--network", fresh.network.toBase58()], env);
    assert.equal((j.json().error as { name: string }).name, "EpochNotEnded");
    await endCurrentEpoch(chain, net.authority, fresh.network);
    const ok = await hexpin(["epoch", "advance", "--json", "--network", fresh.network.toBase58()], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json().epoch, "0");
    assert.equal(ok.json().emission, "1000000000");
    const show = await hexpin(["epoch", "show", "--json", "--network", fresh.network.toBase58()], env);
    assert.deepEqual(Object.keys(show.json()), ["address", "network", "epoch", "startTs", "endTs", "emission", "emittedThrough", "advancedAt", "rootActive", "merkleRoot", "inputDigest", "totalCumulative", "activatedAt", "votes", "currentEpoch", "currentEpochEndsAt"]);
    assert.equal(show.json().currentEpoch, "1");
  });

  it("each failure is one clear sentence: unknown hotspot, missing keypair, no funds, unreachable cluster", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["hotspot", "show", Keypair.generate().publicKey.toBase58()], env, /^Error: No hotspot with hardware key \w+ on network \w+\. /],
      [["maker", "register", "X", "--issuing-keypair", issuing], { ...env, HEXPIN_KEYPAIR: join(chain.dir, "missing.json") }, /^Error: No wallet keypair file at .*missing\.json: create one with `solana-keygen new/],
      [["maker", "register", "X", "--issuing-keypair", issuing], { ...env, HEXPIN_KEYPAIR: writeKeypairFile(join(chain.dir, "broke.json"), Keypair.generate()) }, /^Error: The paying account \w+ has no SOL on this cluster .* Fund it/],
      [["network", "show"], { ...env, HEXPIN_URL: "http://127.0.0.1:9" }, /^Error: Cannot reach the cluster at http:\/\/127\.0\.0\.1:9 \(.*\)\. Check -u\/--url/],
      [["network", "show", "-u", "nowhere"], env, /^Error: The cluster "nowhere" is neither localnet, devnet, testnet, mainnet-beta nor an http\(s\) URL\./],
    ];
    const runs = await Promise.all(cases.map(([args, e]) => hexpin(args, e)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 1, `${cases[i][0].join(" ")}: exit 1`);
      assert.match(r.stderr, cases[i][2]);
      assert.equal(r.stderr.trim().split("\n").length, 1, `${cases[i][0].join(" ")}: one line, got ${r.stderr}`);
    });
  });

  it("resolves Solana cluster monikers without assuming localnet", async () => {
    const r = await hexpin(["network", "show", "-u", "devnet", "--json"], { ...env, HEXPIN_URL: "" });
    assert.equal((r.json().error as { kind: string; message: string }).kind, "cluster-unreachable");
    assert.match((r.json().error as { message: string }).message, /api\.devnet\.solana\.com/);
    assert.ok(new PublicKey(net.network)); // the suite's own network stays untouched
  });
});
