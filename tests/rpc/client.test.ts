// HexpinClient and its sender against a real Surfpool chain over JSON-RPC.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, PublicKey, type SignatureStatus, type RpcResponseAndContext } from "@solana/web3.js";
import { getAccount } from "@solana/spl-token";
import { HexpinProgramError, keypairFromSeed, type HardwareKeypair } from "../../sdk/src";
import {
  AccountMismatchError,
  AccountNotFoundError,
  accountFieldOffset,
  ClusterUnreachableError,
  connect,
  generateHardwareKeyFile,
  HexpinClient,
  InsufficientFundsError,
  InvalidInputError,
  KeypairInvalidError,
  KeypairNotFoundError,
  readHardwareKeyFile,
  readKeypairFile,
  registerMakerTx,
  signOnboardingConsent,
  tableComputeUnitLimit,
  TransactionSender,
  writeKeypairFile,
  type OnboardRequest,
} from "../../sdk/src/client";
import { keyToBase58 } from "../../sdk/src/reports/keys";
import { createRpcMaker, createRpcNetwork, endCurrentEpoch, fundedClient, SF, startTestChain, type RpcMaker, type RpcNetwork, type TestChain } from "../helpers/localnet";

const device = (): HardwareKeypair => keypairFromSeed(Keypair.generate().secretKey.subarray(0, 32));

function request(net: RpcNetwork, maker: RpcMaker, d: HardwareKeypair, owner: PublicKey = maker.client.wallet.publicKey): OnboardRequest {
  return { network: net.network, issuingKey: maker.issuingKey, owner, hardwareKey: new PublicKey(d.publicKey), consent: d, location: SF, gainDbi10: 12, elevationM: 5 };
}

/** A connection whose transactions with a chosen signature never reach the cluster. */
function droppingConnection(c: Connection, drop: (signature: string) => boolean): Connection {
  const proxy = Object.create(c) as Connection;
  proxy.sendRawTransaction = async (raw, opts) => {
    const signature = keyToBase58(Uint8Array.from(raw as Uint8Array).subarray(1, 65));
    return drop(signature) ? signature : c.sendRawTransaction(raw, opts);
  };
  return proxy;
}

/** A connection whose plain status queries never see anything (only a history search does). */
function blindConnection(c: Connection): Connection {
  const proxy = Object.create(c) as Connection;
  proxy.getSignatureStatuses = async (sigs, config) =>
    config?.searchTransactionHistory ? c.getSignatureStatuses(sigs, config) : ({ context: { slot: 0 }, value: sigs.map(() => null) } as RpcResponseAndContext<(SignatureStatus | null)[]>);
  return proxy;
}

describe("HexpinClient over RPC", function () {
  this.timeout(240_000);
  let chain: TestChain;
  let net: RpcNetwork;
  let maker: RpcMaker;

  before(async () => {
    chain = await startTestChain({ migration: null });
    net = await createRpcNetwork(chain);
    maker = await createRpcMaker(chain, net);
  });
  after(async () => chain?.stop());

  describe("reads", () => {
    it("decodes the network, the maker and a hotspot it onboarded", async () => {
      const n = await net.authority.network(net.network);
      assert.ok(n.authority.equals(net.authority.wallet.publicKey));
      assert.equal(n.epochLengthSecs, 60n);
      const m = await maker.client.maker(maker.maker);
      assert.equal(m.name, "Acme Radios");
      assert.equal(m.approved, true);
      const d = device();
      const out = await maker.client.onboardHotspot(request(net, maker, d));
      const h = await maker.client.hotspot(net.network, new PublicKey(d.publicKey));
      assert.ok(h.owner.equals(maker.client.wallet.publicKey));
      assert.equal(h.location, BigInt("0x" + SF));
      assert.ok(out.hotspot.equals(maker.client.hotspotAddress(net.network, new PublicKey(d.publicKey))));
      assert.ok(!out.dryRun && out.events.some((e) => e.name === "HotspotOnboarded"), "the HotspotOnboarded event is decoded from the landed transaction");
    });

    it("lists hotspots by owner and by maker with memcmp filters at the IDL's offsets", async () => {
      const other = await createRpcMaker(chain, net, "Other Radios");
      const [alice, bob] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
      const plan: [RpcMaker, PublicKey][] = [[maker, alice], [maker, bob], [other, alice]];
      const keys: string[] = [];
      for (const [m, owner] of plan) {
        const d = device();
        keys.push(d.address);
        await m.client.onboardHotspot(request(net, m, d, owner));
      }
      const addrs = (l: { account: { hardwareKey: PublicKey } }[]) => l.map((h) => h.account.hardwareKey.toBase58()).sort();
      assert.deepEqual(addrs(await maker.client.listHotspots({ network: net.network, owner: alice })), [keys[0], keys[2]].sort());
      assert.deepEqual(addrs(await maker.client.listHotspots({ network: net.network, owner: bob })), [keys[1]]);
      assert.deepEqual(addrs(await maker.client.listHotspots({ network: net.network, maker: other.maker })), [keys[2]]);
      assert.deepEqual(addrs(await maker.client.listHotspots({ network: net.network, owner: alice, maker: maker.maker })), [keys[0]]);
      const raw = (await chain.net.connection().getAccountInfo(maker.client.hotspotAddress(net.network, new PublicKey(keys[1]))))!.data;
      assert.ok(raw.subarray(accountFieldOffset("Hotspot", "owner"), accountFieldOffset("Hotspot", "owner") + 32).equals(bob.toBuffer()));
    });

    it("says which account is unknown or of the wrong type", async () => {
      await assert.rejects(maker.client.hotspot(net.network, Keypair.generate().publicKey), (e: unknown) => e instanceof AccountNotFoundError && /^No hotspot with hardware key \w+ on network \w+/.test((e as Error).message));
      await assert.rejects(maker.client.network(maker.maker), AccountMismatchError);
      await assert.rejects(maker.client.epoch(net.network, 99n), AccountNotFoundError);
    });

    it("turns an unreachable cluster into ClusterUnreachableError", async () => {
      const c = new HexpinClient(connect("http://127.0.0.1:9"), Keypair.generate());
      await assert.rejects(c.network(net.network), (e: unknown) => e instanceof ClusterUnreachableError && /Cannot reach the cluster at http:\/\/127\.0\.0\.1:9/.test((e as Error).message));
    });
  });

  describe("sending", () => {
    it("sets the compute-unit limit from the measured table plus a margin, at least the simulated units", async () => {
      const out = await maker.client.onboardHotspot(request(net, maker, device()));
      assert.ok(out.computeUnitLimit >= tableComputeUnitLimit(["onboard_hotspot"])!);
      assert.ok(out.computeUnits > 0 && out.computeUnits <= out.computeUnitLimit);
    });

    it("quotes a priority fee of limit × price, and reports the fee the cluster charged", async () => {
      const price = 50_000;
      const d = device();
      const quote = await maker.client.onboardHotspot(request(net, maker, d), { priorityFeeMicroLamports: price, dryRun: true });
      const signatures = 2; // payer and issuing key
      assert.equal(quote.feeLamports, 5_000 * signatures + Math.ceil((quote.computeUnitLimit * price) / 1e6));
      const before = await maker.client.balance();
      const out = await maker.client.onboardHotspot(request(net, maker, d), { priorityFeeMicroLamports: price });
      assert.equal(out.priorityFeeMicroLamports, price);
      const onboardFee = 1_000_000 + 500_000; // onboarding fee + location fee (a location was given)
      const rent = before - (await maker.client.balance()) - BigInt(out.feeLamports) - BigInt(onboardFee);
      assert.ok(rent > 0n && rent < 5_000_000n, `the rest is the hotspot account's rent (${rent})`);
    });

    it("dry-runs without sending: units and fee, no signature, no account", async () => {
      const d = device();
      const out = await maker.client.onboardHotspot(request(net, maker, d), { dryRun: true });
      assert.equal(out.dryRun, true);
      assert.ok(!("signature" in out));
      assert.ok(out.computeUnits > 5_000 && out.feeLamports >= 10_000);
      assert.equal(await maker.client.fetchHotspot(net.network, new PublicKey(d.publicKey)), null);
    });

    it("surfaces the program's error by name from the simulation, before any fee is spent", async () => {
      const unapproved = await createRpcMaker(chain, net, "Unapproved", false);
      const before = await unapproved.client.balance();
      await assert.rejects(unapproved.client.onboardHotspot(request(net, unapproved, device())), (e: unknown) => e instanceof HexpinProgramError && e.errorName === "MakerNotApproved" && e.code === 6014);
      assert.equal(await unapproved.client.balance(), before);
      const d = device();
      await maker.client.onboardHotspot(request(net, maker, d));
      await assert.rejects(maker.client.onboardHotspot(request(net, maker, d)), (e: unknown) => e instanceof HexpinProgramError && e.errorName === "HotspotAlreadyOnboarded");
    });

    it("refuses a consent signed by another device, or for another owner, before sending", async () => {
      const d = device();
      const consent = signOnboardingConsent(device(), { network: net.network, issuingKey: maker.issuingKey.publicKey, owner: maker.client.wallet.publicKey, location: SF, gainDbi10: 12, elevationM: 5 });
      await assert.rejects(maker.client.onboardHotspot({ ...request(net, maker, d), consent }), InvalidInputError);
      const forAlice = signOnboardingConsent(d, { network: net.network, issuingKey: maker.issuingKey.publicKey, owner: Keypair.generate().publicKey, location: SF, gainDbi10: 12, elevationM: 5 });
      await assert.rejects(maker.client.onboardHotspot({ ...request(net, maker, d), consent: forAlice }), /not the device .*'s signature over this onboarding/);
      // the device's own consent for this very onboarding goes through without its key
      const own = signOnboardingConsent(d, { network: net.network, issuingKey: maker.issuingKey.publicKey, owner: maker.client.wallet.publicKey, location: SF, gainDbi10: 12, elevationM: 5 });
      const out = await maker.client.onboardHotspot({ ...request(net, maker, d), consent: own });
      assert.equal(out.dryRun, false);
    });

    it("reports a wallet without SOL as InsufficientFundsError", async () => {
      const broke = new HexpinClient(chain.net.connection(), Keypair.generate());
      await assert.rejects(broke.registerMaker(net.network, "Broke", Keypair.generate()), (e: unknown) => e instanceof InsufficientFundsError && e.account === broke.wallet.publicKey.toBase58());
      const poor = fundedClient(chain, 0.001);
      await assert.rejects(poor.registerMaker(net.network, "Poor", Keypair.generate()), InsufficientFundsError);
    });

    it("onboards a batch concurrently, reporting each failure without stopping", async () => {
      const devices = Array.from({ length: 12 }, device);
      const requests = devices.map((d) => request(net, maker, d));
      requests.push(request(net, maker, devices[3])); // a duplicate
      let seen = 0;
      const results = await maker.client.onboardHotspots(requests, { concurrency: 6, onProgress: () => seen++ });
      assert.equal(seen, requests.length);
      assert.equal(results.filter((r) => r.ok).length, 12);
      const failed = results.filter((r) => !r.ok);
      assert.equal(failed.length, 1);
      assert.ok(failed[0].error instanceof HexpinProgramError && failed[0].error.errorName === "HotspotAlreadyOnboarded");
    });
  });

  describe("expired blockhashes", () => {
    it("re-signs a dropped transaction only once its blockhash provably expired, and it lands once", async () => {
      let first: string | undefined;
      const conn = droppingConnection(chain.net.connection(), (sig) => (first ??= sig) === sig);
      const authority = fundedClient(chain);
      const sender = new TransactionSender(conn, { commitment: "confirmed", pollIntervalMs: 200 });
      const issuing = Keypair.generate();
      const sent = await sender.send(registerMakerTx({ authority: authority.wallet, issuingKey: issuing, network: net.network, name: "Dropped once" }));
      assert.equal(sent.attempts, 2);
      assert.notEqual(sent.signature, first);
      assert.equal((await chain.net.connection().getSignatureStatuses([first!], { searchTransactionHistory: true })).value[0], null, "the first signature never landed");
      assert.equal((await authority.maker(authority.makerAddress(net.network, issuing.publicKey))).name, "Dropped once");
    });

    it("never re-sends a transaction that landed unseen: the history check after expiry finds it", async () => {
      const authority = fundedClient(chain);
      const sender = new TransactionSender(blindConnection(chain.net.connection()), { commitment: "confirmed", pollIntervalMs: 200 });
      const issuing = Keypair.generate();
      // a re-send would fail (the maker exists), so success on attempt 1 proves there was none
      const sent = await sender.send(registerMakerTx({ authority: authority.wallet, issuingKey: issuing, network: net.network, name: "Seen late" }));
      assert.equal(sent.attempts, 1);
      assert.equal((await authority.maker(authority.makerAddress(net.network, issuing.publicKey))).name, "Seen late");
    });
  });

  describe("epochs", () => {
    it("refuses to advance before the epoch ends, then closes it and mints its emission", async () => {
      const net = await createRpcNetwork(chain); // a fresh one: its first epoch has just begun
      await assert.rejects(net.authority.advanceEpoch(net.network), (e: unknown) => e instanceof HexpinProgramError && e.errorName === "EpochNotEnded");
      await endCurrentEpoch(chain, net.authority, net.network);
      const cranker = fundedClient(chain);
      const out = await cranker.advanceEpoch(net.network);
      assert.equal(out.epoch, 0n);
      const e = await cranker.epoch(net.network, 0n);
      assert.equal(e.emission, 1_000_000_000n);
      const n = await cranker.network(net.network);
      assert.equal(n.currentEpoch, 1n);
      assert.equal((await getAccount(chain.net.connection(), n.rewardsVault)).amount, 1_000_000_000n);
    });
  });

  describe("keypair files", () => {
    const dir = mkdtempSync(join(tmpdir(), "hexpin-keys-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it("round-trips Solana's keypair format and refuses to overwrite", () => {
      const kp = Keypair.generate();
      const path = writeKeypairFile(join(dir, "a.json"), kp);
      assert.ok(readKeypairFile(path).publicKey.equals(kp.publicKey));
      assert.throws(() => writeKeypairFile(path, Keypair.generate()), /already exists/);
      const hw = generateHardwareKeyFile(join(dir, "device.json"));
      assert.equal(readHardwareKeyFile(hw.path).address, hw.hardwareKey.toBase58());
    });

    it("names the missing or malformed file", () => {
      assert.throws(() => readKeypairFile(join(dir, "missing.json")), (e: unknown) => e instanceof KeypairNotFoundError && e.path.endsWith("missing.json"));
      writeFileSync(join(dir, "bad.json"), "[1,2,3]");
      assert.throws(() => readKeypairFile(join(dir, "bad.json")), KeypairInvalidError);
      const kp = Array.from(Keypair.generate().secretKey);
      kp[40] ^= 1;
      writeFileSync(join(dir, "tampered.json"), JSON.stringify(kp));
      assert.throws(() => readKeypairFile(join(dir, "tampered.json")), /public half does not match/);
    });
  });
});
