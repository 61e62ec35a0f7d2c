// `npm run bench:rpc`: figures for a real local chain. Cold start of `npm run localnet`'s
// machinery to "network ready" (engine, deploy over RPC, migration), then onboarding N
// hotspots (default 1,000) over JSON-RPC through HexpinClient: throughput, compute units,
// failures. Then rewards for all of them: the epoch closes (time travel), a root over one
// leaf per hotspot is voted, and HexpinClient claims for every hotspot as `hexpin rewards
// claim --all` does — once while every owner's reward account is still missing (created in
// the claim transactions) and once more for the next epoch, when they all exist:
// transactions, claims per transaction, bytes and compute units per claim, wall time.
// Random ports; the chain stops at the end. HEXPIN_BENCH_ONBOARD=N,
// HEXPIN_BENCH_CONCURRENCY=C, HEXPIN_BENCH_CLAIM_CONCURRENCY=C, HEXPIN_BENCH_SLOT_MS=ms.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { Keypair, PublicKey } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { keypairFromSeed, MerkleTree, type HotspotAccount } from "../sdk/src";
import { HexpinClient, type ClaimRun, type OnboardRequest, type ProofLookup, type ProofSource, type TxOutcome } from "../sdk/src/client";
import { startLocalnet, timeTravel, type Localnet } from "../sdk/src/localnet/localnet";

const N = Number(process.env.HEXPIN_BENCH_ONBOARD ?? 1000);
const CONCURRENCY = Number(process.env.HEXPIN_BENCH_CONCURRENCY ?? 32);
const SLOT_MS = Number(process.env.HEXPIN_BENCH_SLOT_MS ?? 400);
const CLAIM_CONCURRENCY = Number(process.env.HEXPIN_BENCH_CLAIM_CONCURRENCY ?? 32);

/** Proofs straight from a tree built here: the bench measures the chain side, not an oracle. */
function treeSource(tree: MerkleTree, epoch: bigint, amounts: Map<string, bigint>): ProofSource {
  return {
    kind: "bundle",
    location: `epoch ${epoch} tree`,
    async lookup(hardwareKey, serial): Promise<ProofLookup> {
      const cumulative = amounts.get(`${hardwareKey.toBase58()}:${serial}`);
      if (cumulative === undefined) return { proof: null, reason: "no-rewards" };
      return { proof: { hardwareKey, serial, cumulative, proof: tree.proofFor(hardwareKey.toBytes(), serial), epoch, merkleRoot: tree.root, inputDigest: null } };
    },
  };
}

/** Closes the network's current epoch, votes a root paying every hotspot `epochs × share`, claims everything; prints the figures. */
async function claimRound(net: Localnet, authority: HexpinClient, hotspots: { address: PublicKey; account: HotspotAccount }[], label: string): Promise<void> {
  const network = net.network!;
  const n = await authority.network(network);
  await timeTravel(net.rpcUrl, Number(n.genesisTs + (n.currentEpoch + 1n) * n.epochLengthSecs) + 2);
  const { epoch } = await authority.advanceEpoch(network);
  const emitted = (await authority.epoch(network, epoch)).emittedThrough;
  const share = emitted / BigInt(hotspots.length);
  const amounts = new Map(hotspots.map((h) => [`${h.account.hardwareKey.toBase58()}:${h.account.serial}`, share]));
  const tree = MerkleTree.build(hotspots.map((h) => ({ key: h.account.hardwareKey.toBytes(), serial: h.account.serial, amount: share })));
  await authority.postEpochRoot({ network, epoch, merkleRoot: tree.root, inputDigest: Buffer.alloc(32), totalCumulative: share * BigInt(hotspots.length) });

  const cranker = Keypair.generate();
  net.fund(cranker.publicKey, 1_000 * 1e9);
  const client = new HexpinClient(net.connection(), cranker);
  const t0 = Date.now();
  const checks = await client.checkClaims(network, hotspots, treeSource(tree, epoch, amounts), { concurrency: 64 });
  const tChecks = (Date.now() - t0) / 1000;
  const bar = new SingleBar({ format: `claim (${label}) [{bar}] {value}/{total} | {failed} failed | eta {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
  bar.start(checks.filter((c) => c.status === "claimable").length, 0, { failed: 0 });
  const run: ClaimRun = await client.claimRewards(network, checks, { concurrency: CLAIM_CONCURRENCY, onProgress: (done, _t, failed) => bar.update(done, { failed }) });
  bar.stop();
  const seconds = (Date.now() - t0) / 1000;
  const landed = run.transactions.filter((t) => t.status === "landed");
  const claims = landed.reduce((s, t) => s + t.claims, 0);
  const perClaimCu = landed.map((t) => (t.computeUnits ?? 0) / t.claims).sort((a, b) => a - b);
  const paid = run.outcomes.filter((x) => x.status === "paid").length;
  const created = landed.reduce((s, t) => s + t.createdAccounts, 0);
  console.log(
    `claims for ${hotspots.length} hotspots (${label}): ${paid}/${hotspots.length} paid, ${run.outcomes.length - paid} not paid, in ${landed.length} transactions ` +
      `(${(claims / landed.length).toFixed(2)} claims each, ${created} reward accounts created); ${Math.round(landed.reduce((s, t) => s + t.bytes, 0) / claims)} bytes per claim; ` +
      `CU per claim (whole transaction ÷ claims) min ${Math.round(perClaimCu[0])}, median ${Math.round(perClaimCu[perClaimCu.length >> 1])}, max ${Math.round(perClaimCu[perClaimCu.length - 1])}; ` +
      `wall ${seconds.toFixed(1)} s (checks ${tChecks.toFixed(1)} s) = ${(paid / seconds).toFixed(1)} claims/s, concurrency ${CLAIM_CONCURRENCY}; proof depth ${tree.proofFor(hotspots[0].account.hardwareKey.toBytes(), hotspots[0].account.serial).length}`,
  );
  const balances = await Promise.all(hotspots.slice(0, 20).map((h) => client.rewardBalance(network, h.account.owner)));
  if (balances.some((b) => b === 0n)) throw new Error("a sampled owner holds no reward tokens after the claims");
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "hexpin-bench-"));
  const net = await startLocalnet({ rpcPort: 0, slotTimeMs: SLOT_MS, walletPath: join(dir, "id.json"), txLogPath: join(dir, "tx.log") });
  try {
    console.log(`cold start to network ready: ${(net.timings.ready / 1000).toFixed(2)} s (engine ${net.timings.engine} ms, deploy done at ${net.timings.deploy} ms with ${net.deploy?.transactions} transactions, migration done at ${net.timings.migrate} ms)`);
    const authority = new HexpinClient(net.connection(), net.wallet);
    const network = net.network!;
    const makerWallet = Keypair.generate();
    net.fund(makerWallet.publicKey, 1_000 * 1e9);
    const maker = new HexpinClient(net.connection(), makerWallet);
    const issuing = Keypair.generate();
    const { maker: makerAddress } = await maker.registerMaker(network, "Bench Radios", issuing);
    await authority.setMakerApproval(network, makerAddress, true);

    const requests: OnboardRequest[] = Array.from({ length: N }, (_, i) => {
      const device = keypairFromSeed(Keypair.generate().secretKey.subarray(0, 32));
      return {
        network,
        issuingKey: issuing,
        owner: Keypair.generate().publicKey,
        hardwareKey: new PublicKey(device.publicKey),
        consent: device,
        location: latLngToCell(37.7 + (i % 100) * 0.001, -122.45 + Math.floor(i / 100) * 0.001, 12),
        gainDbi10: 12,
        elevationM: 5,
      };
    });
    const bar = new SingleBar({ format: "onboard [{bar}] {value}/{total} | {failed} failed | eta {eta_formatted}", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
    let failed = 0;
    bar.start(N, 0, { failed });
    const t0 = Date.now();
    const results = await maker.onboardHotspots(requests, { concurrency: CONCURRENCY, onProgress: (r) => bar.increment(1, { failed: r.ok ? failed : ++failed }) });
    const seconds = (Date.now() - t0) / 1000;
    bar.stop();
    const ok = results.filter((r) => r.ok).map((r) => r.value as TxOutcome);
    // Units each landed transaction consumed, from the chain's own transaction log.
    await new Promise((r) => setTimeout(r, 600));
    const landed = new Map<string, number>();
    for (const line of readFileSync(net.txLogPath!, "utf8").trim().split("\n")) {
      const t = JSON.parse(line) as { signature: string; computeUnits: number };
      landed.set(t.signature, t.computeUnits);
    }
    const cu = ok.map((o) => (o.dryRun ? 0 : (landed.get(o.signature) ?? NaN))).sort((a, b) => a - b);
    const attempts = ok.map((o) => (o.dryRun ? 0 : o.attempts));
    const errors = new Map<string, number>();
    for (const r of results.filter((x) => !x.ok)) errors.set(r.error!.message, (errors.get(r.error!.message) ?? 0) + 1);
    const count = (await maker.listHotspots({ network, maker: makerAddress })).length;
    console.log(`onboarded ${ok.length}/${N} hotspots over RPC in ${seconds.toFixed(1)} s: ${(ok.length / seconds).toFixed(1)} hotspots/s (concurrency ${CONCURRENCY}, ${SLOT_MS} ms slots)`);
    console.log(`compute units per landed onboarding transaction (chain's log): min ${cu[0]}, median ${cu[Math.floor(cu.length / 2)]}, max ${cu[cu.length - 1]}; limit set ${ok[0]?.computeUnitLimit}`);
    console.log(`failures: ${N - ok.length}${errors.size ? ` (${[...errors].map(([m, n]) => `${n}× ${m}`).join("; ")})` : ""}; re-signed after expiry: ${attempts.filter((a) => a > 1).length}; hotspots on chain for the maker: ${count}`);

    const hotspots = await maker.listHotspots({ network, maker: makerAddress });
    await claimRound(net, authority, hotspots, "owners' reward accounts missing");
    await claimRound(net, authority, hotspots, "reward accounts exist");
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
