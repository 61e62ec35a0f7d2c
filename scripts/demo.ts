// The main job on the embedded default: the whole hexpin loop on one machine, no
// external chain. The real program binary runs in an in-process LiteSVM chain; a
// seeded fleet of hotspots (honest operators and a few adversaries) is onboarded
// on-chain with its devices' signatures; an epoch passes and its emission is minted;
// the oracle reads the hotspot registry back from the chain accounts, verifies the
// epoch's signed proof-of-coverage reports, scores coverage, allocates the minted
// emission and commits a Merkle root. It writes the epoch's input bundle and coverage
// map to target/demo/, and prints state, rewards and compute units.
import { mkdirSync, writeFileSync } from "node:fs";
import { sign } from "node:crypto";
import { Command, Option } from "commander";
import { Keypair, PublicKey } from "@solana/web3.js";
import { AccountLayout } from "@solana/spl-token";
import {
  advanceEpochIx,
  approveMakerIx,
  decodeEpoch,
  decodeHotspot,
  decodeNetwork,
  epochPda,
  hotspotPda,
  initializeNetworkIx,
  makerPda,
  networkPda,
  onboardHotspotIxs,
  registerMakerIx,
  rewardsVaultPda,
  packClaims,
  parseRewardId,
  postEpochRootIx,
  rewardTokenAccount,
  verifyClaim,
} from "../sdk/src";
import { LocalChain, type TxResult } from "../sdk/src/testing/local-chain";
import { computeEpoch, encodeBundle, epochConfig, simulateEpoch } from "../oracle/src";
import type { HotspotInfo } from "../oracle/src/types";

const opts = new Command()
  .name("demo")
  .description("Run hexpin end to end: the real program on an in-process chain, plus the oracle's epoch")
  .addOption(new Option("-n, --hotspots <n>", "fleet size").env("HEXPIN_DEMO_HOTSPOTS").default("60"))
  .addOption(new Option("--seed <s>", "fleet seed").env("HEXPIN_DEMO_SEED").default("hexpin-demo"))
  .addOption(new Option("--out <dir>", "where to write the bundle and coverage map").env("HEXPIN_DEMO_OUT").default("target/demo"))
  .addOption(new Option("--json", "print the result as JSON").env("HEXPIN_JSON"))
  .parse()
  .opts<{ hotspots: string; seed: string; out: string; json?: boolean }>();

const fleetSize = Math.max(10, Math.min(500, parseInt(opts.hotspots, 10) || 60));
const log = (s: string) => (opts.json ? process.stderr.write(s + "\n") : console.log(s));
const cu: Record<string, number[]> = {};
function run(name: string, r: TxResult): TxResult {
  if (!r.ok) throw r.error ?? new Error(`${name} failed: ${r.rawError}\n${r.logs.join("\n")}`);
  (cu[name] ??= []).push(r.programUnits);
  return r;
}

// 1. The fleet and its epoch of reports, simulated first so the chain's epoch 0 can
//    start exactly when the reports' window does.
const sim = simulateEpoch({ seed: opts.seed, hotspots: fleetSize, city: "san-francisco", sign: true });
const chain = new LocalChain();
chain.setTime(sim.window.startMs / 1000);
log(`[1/7] chain: LiteSVM in-process, program ${chain.programId.toBase58()} from target/deploy/hexpin.so`);

// 2. A network, and a maker the authority approves.
const creator = chain.fundedKeypair();
const feeRecipient = chain.fundedKeypair().publicKey;
const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
const EMISSION = 1_000_000_000_000n; // 1,000,000 tokens of 6 decimals per epoch
run("initialize_network", chain.send([initializeNetworkIx({
  creator: creator.publicKey,
  epochLengthSecs: 86_400,
  decimals: 6,
  emissionSchedule: [{ startEpoch: 0, amountPerEpoch: EMISSION }, { startEpoch: 365, amountPerEpoch: EMISSION / 2n }],
  oracles: oracles.map((o) => o.publicKey),
  oracleQuorum: 2,
  onboardFeeLamports: 1_000_000,
  locationFeeLamports: 500_000,
  feeRecipient,
})], [creator]));
const [network] = networkPda(creator.publicKey);
const vendor = chain.fundedKeypair();
const issuing = Keypair.generate();
run("register_maker", chain.send([registerMakerIx({ authority: vendor.publicKey, network, name: "Acme Radios", issuingKey: issuing.publicKey })], [vendor, issuing]));
const [maker] = makerPda(network, issuing.publicKey);
run("approve_maker", chain.send([approveMakerIx({ authority: creator.publicKey, network, maker, approved: true })], [creator]));
log(`[2/7] network ${network.toBase58()}: 1-day epochs, 1,000,000 tokens/epoch, 2-of-3 oracles; maker "Acme Radios" approved`);

// 3. Onboard the fleet. Each device signs its own consent; the chain refuses what the
//    program's rules refuse (e.g. an adversary asserting an antenna gain above 15 dBi).
const operators = [chain.fundedKeypair(), chain.fundedKeypair(), chain.fundedKeypair()];
const refused: { key: string; behaviour: string; error: string }[] = [];
const behaviourOf = new Map(sim.fleet.hotspots.map((h) => [h.address, h.behaviour as string]));
for (const [i, h] of sim.fleet.hotspots.entries()) {
  const operator = operators[i % operators.length];
  const r = chain.send(onboardHotspotIxs({
    payer: operator.publicKey,
    issuingKey: issuing.publicKey,
    owner: operator.publicKey,
    network,
    feeRecipient,
    hardwareKey: new PublicKey(h.publicKey),
    signWithHardwareKey: (m) => sign(null, m, h.privateKey!),
    location: h.info.location ?? 0n,
    gainDbi10: h.info.gainDbi10,
    elevationM: h.info.elevationM,
  }), [operator, issuing]);
  if (r.ok) (cu.onboard_hotspot ??= []).push(r.programUnits);
  else refused.push({ key: h.address, behaviour: h.behaviour, error: r.error?.errorName ?? r.rawError ?? "failed" });
  if ((i + 1) % 20 === 0 || i + 1 === fleetSize) log(`      onboarding ${i + 1}/${fleetSize}`);
}
log(`[3/7] ${fleetSize - refused.length}/${fleetSize} hotspots onboarded with device-signed consent verified on-chain` +
  (refused.length ? `; refused: ${refused.map((x) => `${x.error} (${x.behaviour})`).join(", ")}` : ""));

// 4. The epoch ends; anyone may crank it, which mints its emission into the vault.
chain.warp(86_400);
const cranker = chain.fundedKeypair();
run("advance_epoch", chain.send([advanceEpochIx({ payer: cranker.publicKey, network, epoch: 0 })], [cranker]));
const epoch0 = decodeEpoch(chain.accountData(epochPda(network, 0)[0])!);
log(`[4/7] epoch 0 closed on-chain: ${epoch0.emission} base units minted into the rewards vault`);

// 5. The oracle: the registry comes from the chain's Hotspot accounts, not the simulator.
const registry: HotspotInfo[] = [];
for (const h of sim.fleet.hotspots) {
  const data = chain.accountData(hotspotPda(network, new PublicKey(h.publicKey))[0]);
  if (!data) continue;
  const a = decodeHotspot(data);
  registry.push({
    key: a.hardwareKey.toBase58(),
    owner: a.owner.toBase58(),
    location: a.location === 0n ? null : a.location.toString(16),
    gainDbi10: a.gainDbi10,
    elevationM: a.elevationM,
    onboardedAt: Number(a.onboardedAt),
    serial: Number(a.serial),
  });
}
const reports = Array.from(sim.reports(), (r) => ({ bytes: r.bytes, receivedAtMs: r.receivedAtMs }));
const inputs = {
  epoch: 0,
  window: sim.window,
  emission: epoch0.emission,
  config: epochConfig({ rules: sim.config }),
  hotspots: registry,
  entropy: sim.entropy,
  reports,
  previousCumulative: new Map<string, bigint>(),
};
const result = computeEpoch(inputs);
if (result.paid + result.unallocated !== epoch0.emission) throw new Error("conservation violated: paid + unallocated != emission");
const root = Buffer.from(result.merkleRoot!, "hex");
for (const [id, amount] of result.cumulative) {
  const { key, serial } = parseRewardId(id);
  if (!verifyClaim(key, serial, amount, result.proofs.get(id)!, root)) throw new Error(`proof for ${id} does not verify`);
}
mkdirSync(opts.out, { recursive: true });
const bundlePath = `${opts.out}/epoch-0.bundle`;
writeFileSync(bundlePath, encodeBundle(inputs));
const mapPath = `${opts.out}/coverage-epoch-0.geojson`;
writeFileSync(mapPath, JSON.stringify(result.coverageMap));
log(`[5/7] oracle: ${reports.length} signed reports verified, ${result.outcome.beacons.length} valid beacons; ` +
  `${result.paid} paid + ${result.unallocated} unallocated = ${epoch0.emission} emitted; every proof verifies`);
log(`[6/7] wrote ${bundlePath} (inputs, digest ${result.inputDigest!.slice(0, 16)}…) and ${mapPath}`);

// 7. Two of the three oracles vote the root on-chain; at quorum it activates. Then every
//    rewarded hotspot's owner is paid by permissionless claims, packed into as few
//    transactions as fit, each owner's reward token account created where missing.
for (const oracle of oracles.slice(0, 2)) {
  run("post_epoch_root", chain.send([postEpochRootIx({
    oracle: oracle.publicKey,
    network,
    epoch: 0,
    merkleRoot: root,
    inputDigest: Buffer.from(result.inputDigest!, "hex"),
    totalCumulative: result.totalCumulative,
  })], [cranker, oracle]));
}
const activeRoot = decodeNetwork(chain.accountData(network)!).activeRoot;
if (!activeRoot || !activeRoot.merkleRoot.equals(root)) throw new Error("the root did not activate at quorum");
const ownerOf = new Map(registry.map((h) => [h.key, new PublicKey(h.owner)]));
const claims = [...result.cumulative].map(([id, amount]) => {
  const { key } = parseRewardId(id);
  return { network, hardwareKey: new PublicKey(key), owner: ownerOf.get(key)!, cumulative: amount, proof: result.proofs.get(id)! };
});
const batches = packClaims(claims, { payer: cranker.publicKey, missingAtaOwners: new Set(operators.map((o) => o.publicKey.toBase58())) });
for (const [i, batch] of batches.entries()) {
  const r = chain.send(batch.instructions, [cranker]);
  if (!r.ok) throw r.error ?? new Error(`claim batch ${i} failed: ${r.rawError}`);
  (cu.claim_rewards ??= []).push(Math.round(r.programUnits / batch.claims.length));
}
const expectedByOwner = new Map<string, bigint>();
for (const c of claims) expectedByOwner.set(c.owner.toBase58(), (expectedByOwner.get(c.owner.toBase58()) ?? 0n) + c.cumulative);
const balances: Record<string, string> = {};
for (const op of operators) {
  const data = chain.accountData(rewardTokenAccount(network, op.publicKey));
  const balance = data ? AccountLayout.decode(data).amount : 0n;
  const expected = expectedByOwner.get(op.publicKey.toBase58()) ?? 0n;
  if (balance !== expected) throw new Error(`operator ${op.publicKey.toBase58()} holds ${balance}, the oracle allocated ${expected}`);
  balances[op.publicKey.toBase58()] = balance.toString();
}
log(`[7/7] root activated by 2-of-3 oracle votes; ${claims.length} claims paid in ${batches.length} transactions ` +
  `(≤ ${Math.max(...batches.map((b) => b.bytes))} bytes each); every operator's token balance equals the oracle's allocation to the base unit`);

// Report.
const n = decodeNetwork(chain.accountData(network)!);
const vault = AccountLayout.decode(chain.accountData(rewardsVaultPda(network)[0])!);
const top = [...result.perEpochRewards.entries()]
  .sort(([ka, a], [kb, b]) => (b.total > a.total ? 1 : b.total < a.total ? -1 : ka < kb ? -1 : 1))
  .slice(0, 10)
  .map(([key, r]) => ({ hotspot: key.slice(0, 12) + "…", behaviour: behaviourOf.get(key), poc: r.poc.toString(), coverage: r.coverage.toString(), total: r.total.toString() }));
const byBehaviour: Record<string, { hotspots: number; rewarded: number; total: bigint }> = {};
for (const h of registry) {
  const b = behaviourOf.get(h.key) ?? "?";
  const entry = (byBehaviour[b] ??= { hotspots: 0, rewarded: 0, total: 0n });
  entry.hotspots++;
  const r = result.perEpochRewards.get(h.key);
  if (r) { entry.rewarded++; entry.total += r.total; }
}
const computeUnits = Object.fromEntries(Object.entries(cu).map(([k, v]) => [k, { min: Math.min(...v), max: Math.max(...v), calls: v.length }]));
const summary = {
  programId: chain.programId.toBase58(),
  network: network.toBase58(),
  currentEpoch: n.currentEpoch.toString(),
  totalEmitted: n.totalEmitted.toString(),
  vaultBalance: vault.amount.toString(),
  totalClaimed: n.totalClaimed.toString(),
  activeRoot: n.activeRoot ? { epoch: n.activeRoot.epoch.toString(), merkleRoot: n.activeRoot.merkleRoot.toString("hex") } : null,
  claims: { count: claims.length, transactions: batches.length, operatorBalances: balances },
  hotspotsOnboarded: n.hotspotCount.toString(),
  refusedOnboardings: refused,
  oracle: {
    reports: reports.length,
    validBeacons: result.outcome.beacons.length,
    rejections: result.reasonCounts,
    paid: result.paid.toString(),
    unallocated: result.unallocated.toString(),
    merkleRoot: result.merkleRoot,
    inputDigest: result.inputDigest,
    bundle: bundlePath,
    coverageMap: mapPath,
  },
  rewardsByBehaviour: Object.fromEntries(Object.entries(byBehaviour).map(([b, v]) => [b, { ...v, total: v.total.toString() }])),
  topHotspots: top,
  computeUnits,
};

if (opts.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log("\nOn-chain state");
  console.table({
    network: summary.network,
    "current epoch": summary.currentEpoch,
    "total emitted (base units)": summary.totalEmitted,
    "rewards vault balance": summary.vaultBalance,
    "total claimed": summary.totalClaimed,
    "active root (epoch 0)": n.activeRoot?.merkleRoot.toString("hex").slice(0, 16) + "…",
    "hotspots onboarded": summary.hotspotsOnboarded,
  });
  console.log("Oracle epoch 0: rejected reports by reason");
  console.table(result.reasonCounts);
  console.log("Rewards by (simulated) operator behaviour");
  console.table(summary.rewardsByBehaviour);
  console.log("Top hotspots by reward (base units)");
  console.table(top);
  console.log("Compute units (program's own, per instruction)");
  console.table(computeUnits);
  console.log(`Merkle root of cumulative rewards: ${result.merkleRoot}`);
  console.log(`Anyone can recompute it: npx ts-node -T oracle/bin/hexpin-oracle verify-epoch ${bundlePath} --root ${result.merkleRoot}`);
}
