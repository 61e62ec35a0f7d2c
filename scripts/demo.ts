// The main job on the embedded default: the real program binary on an in-process
// LiteSVM chain. Initializes a network, registers and approves a maker, onboards a
// handful of hotspots around San Francisco, advances an epoch, and prints the resulting
// state and the compute units of every instruction.
import { sign } from "node:crypto";
import { Command } from "commander";
import { Keypair, PublicKey } from "@solana/web3.js";
import { AccountLayout } from "@solana/spl-token";
import { cellToLatLng, latLngToCell } from "h3-js";
import {
  advanceEpochIx,
  approveMakerIx,
  decodeEpoch,
  decodeHotspot,
  decodeNetwork,
  epochPda,
  hotspotPda,
  initializeNetworkIx,
  keypairFromSeed,
  makerPda,
  networkPda,
  onboardHotspotIxs,
  registerMakerIx,
  rewardsVaultPda,
} from "../sdk/src";
import { LocalChain, type TxResult } from "../sdk/src/testing/local-chain";

const opts = new Command()
  .name("demo")
  .description("Run hexpin end to end on an in-process chain (LiteSVM + the real hexpin.so)")
  .option("-n, --hotspots <n>", "hotspots to onboard", process.env.HEXPIN_DEMO_HOTSPOTS ?? "8")
  .option("--json", "print the result as JSON", process.env.HEXPIN_JSON === "1")
  .parse()
  .opts<{ hotspots: string; json: boolean }>();

const count = Math.max(1, Math.min(64, parseInt(opts.hotspots, 10) || 8));
const log = (s: string) => (opts.json ? process.stderr.write(s + "\n") : console.log(s));
const cu: Record<string, number[]> = {};
function run(name: string, r: TxResult): TxResult {
  if (!r.ok) throw r.error ?? new Error(`${name} failed: ${r.rawError}\n${r.logs.join("\n")}`);
  // The program's own units, from `Program <id> consumed N of M compute units`.
  const own = r.logs.map((l) => /^Program \w+ consumed (\d+) of/.exec(l)).filter(Boolean).map((m) => Number(m![1]));
  (cu[name] ??= []).push(own.length ? Math.max(...own) : r.computeUnits);
  return r;
}

const chain = new LocalChain();
log(`[1/5] chain: LiteSVM in-process, program ${chain.programId.toBase58()} loaded from target/deploy/hexpin.so`);

const creator = chain.fundedKeypair();
const feeRecipient = Keypair.generate().publicKey;
chain.fund(feeRecipient, 1_000_000n);
const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
run("initialize_network", chain.send([initializeNetworkIx({
  creator: creator.publicKey,
  epochLengthSecs: 86_400,
  decimals: 6,
  emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 1_000_000_000_000n }, { startEpoch: 365, amountPerEpoch: 500_000_000_000n }],
  oracles: oracles.map((o) => o.publicKey),
  oracleQuorum: 2,
  onboardFeeLamports: 1_000_000,
  locationFeeLamports: 500_000,
  feeRecipient,
})], [creator]));
const [network] = networkPda(creator.publicKey);
log(`[2/5] initialize_network: ${network.toBase58()} (epoch 1 day, 1,000,000 tokens/epoch, 2-of-3 oracles)`);

const vendor = chain.fundedKeypair();
const issuing = Keypair.generate();
run("register_maker", chain.send([registerMakerIx({ authority: vendor.publicKey, network, name: "Acme Radios", issuingKey: issuing.publicKey })], [vendor, issuing]));
const [maker] = makerPda(network, issuing.publicKey);
run("approve_maker", chain.send([approveMakerIx({ authority: creator.publicKey, network, maker, approved: true })], [creator]));
log(`[3/5] maker "Acme Radios" registered and approved: ${maker.toBase58()}`);

const operator = chain.fundedKeypair();
const hotspots: PublicKey[] = [];
for (let i = 0; i < count; i++) {
  // Deterministic devices spread over a ~3 km grid in San Francisco.
  const device = keypairFromSeed(Buffer.alloc(32, i + 1));
  const lat = 37.76 + 0.01 * Math.floor(i / 4);
  const lng = -122.44 + 0.012 * (i % 4);
  const hardwareKey = new PublicKey(device.publicKey);
  run("onboard_hotspot", chain.send(onboardHotspotIxs({
    payer: operator.publicKey,
    issuingKey: issuing.publicKey,
    owner: operator.publicKey,
    network,
    feeRecipient,
    hardwareKey,
    signWithHardwareKey: (m) => sign(null, m, device.privateKey),
    location: latLngToCell(lat, lng, 12),
    gainDbi10: 12 + (i % 3) * 10,
    elevationM: 5 + i,
  }), [operator, issuing]));
  hotspots.push(hardwareKey);
  log(`      onboarded ${i + 1}/${count}: ${hardwareKey.toBase58()}`);
}
log(`[4/5] ${count} hotspots onboarded (device-signed Ed25519 consent verified on-chain)`);

chain.warp(86_400);
const cranker = chain.fundedKeypair();
run("advance_epoch", chain.send([advanceEpochIx({ payer: cranker.publicKey, network, epoch: 0 })], [cranker]));
log("[5/5] epoch 0 ended: advance_epoch minted its emission into the rewards vault");

const n = decodeNetwork(chain.accountData(network)!);
const e = decodeEpoch(chain.accountData(epochPda(network, 0)[0])!);
const vault = AccountLayout.decode(chain.accountData(rewardsVaultPda(network)[0])!);
const rows = hotspots.map((k) => {
  const h = decodeHotspot(chain.accountData(hotspotPda(network, k)[0])!);
  const cell = h.location.toString(16);
  const [lat, lng] = cellToLatLng(cell);
  return { hardwareKey: k.toBase58(), h3: cell, lat: +lat.toFixed(5), lng: +lng.toFixed(5), gainDbi: h.gainDbi10 / 10, elevationM: h.elevationM };
});
const computeUnits = Object.fromEntries(Object.entries(cu).map(([k, v]) => [k, { min: Math.min(...v), max: Math.max(...v), calls: v.length }]));
const result = {
  programId: chain.programId.toBase58(),
  network: network.toBase58(),
  currentEpoch: n.currentEpoch.toString(),
  totalEmitted: n.totalEmitted.toString(),
  vaultBalance: vault.amount.toString(),
  makers: n.makerCount,
  hotspotCount: n.hotspotCount.toString(),
  epoch0: { start: e.startTs.toString(), end: e.endTs.toString(), emission: e.emission.toString() },
  hotspots: rows,
  computeUnits,
};

if (opts.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log("\nNetwork");
  console.table({
    network: result.network,
    "current epoch": result.currentEpoch,
    "total emitted (base units)": result.totalEmitted,
    "rewards vault balance": result.vaultBalance,
    makers: result.makers,
    hotspots: result.hotspotCount,
  });
  console.log("Hotspots");
  console.table(rows);
  console.log("Compute units (program's own, per instruction)");
  console.table(computeUnits);
}
