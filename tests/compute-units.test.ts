// Compute units per instruction, measured on the real binary in one fixed scenario and
// compared with the checked-in table tests/compute-units.json (±10%).
//
// After an intended change in cost, regenerate the table and commit it:
//
//   HEXPIN_UPDATE_CU=1 npx ts-mocha -p tsconfig.json --timeout 60000 tests/compute-units.test.ts
//
// The scenario is deterministic: every key comes from a fixed seed (PDA bump searches,
// and so compute units, depend on the keys) and the clock starts where LiteSVM starts it.
// The printed markdown table is the one the README carries.
import { strict as assert } from "node:assert";
import { createHash, sign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import {
  acceptAuthorityIx,
  advanceEpochIx,
  approveMakerIx,
  assertLocationIx,
  claimRewardsIx,
  createRewardTokenAccountIx,
  decommissionHotspotIx,
  initializeNetworkIx,
  keypairFromSeed,
  makerPda,
  MerkleTree,
  networkPda,
  onboardHotspotIxs,
  postEpochRootIx,
  proposeAuthorityIx,
  registerMakerIx,
  setOraclesIx,
  setPausedIx,
  transactionSize,
  transferHotspotIx,
  updateNetworkIx,
} from "../sdk/src";
import { LocalChain, type TxResult } from "../sdk/src/testing/local-chain";
import { DAY, networkParams, SF_CELL } from "./helpers/fixtures";

const TABLE_PATH = resolve(__dirname, "compute-units.json");
const TOLERANCE = 0.1;

interface Measurement {
  /** Units the hexpin program itself consumed (its `consumed N of M` log line), CPIs included. */
  program: number;
  /** Units the whole transaction consumed (precompiles and other instructions included). */
  transaction: number;
}

type Table = Record<string, { cu: number }> & { note?: unknown };

function seed(label: string): Buffer {
  return createHash("sha256").update(`hexpin compute-unit scenario: ${label}`).digest();
}

const fixedKeypair = (label: string) => Keypair.fromSeed(seed(label));

function programUnits(r: TxResult, programId: PublicKey): number {
  const invocations = r.logs.filter((l) => l.startsWith(`Program ${programId.toBase58()} consumed `));
  assert.equal(invocations.length, 1, `one top-level hexpin invocation:\n${r.logs.join("\n")}`);
  return r.programUnits;
}

/** Leaves enough for a proof of depth 17 (a 100k-hotspot network), ours among them. */
export const CLAIM_TREE_LEAVES = 100_000;

let claimTreeCache: { key: string; tree: MerkleTree; total: bigint } | null = null;
/** The scenario's reward tree (deterministic, so built once per run). */
function claimTree(hardwareKey: PublicKey): { tree: MerkleTree; total: bigint } {
  if (claimTreeCache?.key !== hardwareKey.toBase58()) {
    const leaves = Array.from({ length: CLAIM_TREE_LEAVES - 1 }, (_, i) => ({ key: seed(`leaf ${i}`), serial: BigInt(i + 2), amount: 1n }));
    leaves.push({ key: hardwareKey.toBuffer(), serial: 1n, amount: 250_000_000n });
    claimTreeCache = { key: hardwareKey.toBase58(), tree: MerkleTree.build(leaves), total: leaves.reduce((a, l) => a + l.amount, 0n) };
  }
  return claimTreeCache;
}

/**
 * The fixed scenario: one network, one maker, one hotspot, one epoch with a mint, its root
 * voted 2-of-3 in a 100,000-leaf tree, a claim, then the rest of the hotspot's life and
 * the administration instructions.
 */
function measure(): Record<string, Measurement> {
  const chain = new LocalChain();
  const creator = fixedKeypair("creator");
  const makerAuthority = fixedKeypair("maker authority");
  const issuingKey = fixedKeypair("issuing key");
  const payer = fixedKeypair("hotspot payer");
  const cranker = fixedKeypair("cranker");
  for (const k of [creator, makerAuthority, payer, cranker]) chain.fund(k.publicKey, 100_000_000_000n);
  const feeRecipient = fixedKeypair("fee recipient").publicKey;
  chain.fund(feeRecipient, 1_000_000n);
  const oracles = ["oracle 1", "oracle 2", "oracle 3"].map((l) => fixedKeypair(l).publicKey);
  const device = keypairFromSeed(seed("hotspot device"));

  const out: Record<string, Measurement> = {};
  const run = (name: string, ixs: TransactionInstruction[], signers: Keypair[]) => {
    const r = chain.send(ixs, signers);
    assert.ok(r.ok, `${name} failed: ${r.error?.errorName ?? r.rawError}\n${r.logs.join("\n")}`);
    out[name] = { program: programUnits(r, chain.programId), transaction: r.computeUnits };
  };

  run("initialize_network", [initializeNetworkIx(networkParams(creator.publicKey, feeRecipient, oracles))], [creator]);
  const [network] = networkPda(creator.publicKey);
  run("register_maker", [registerMakerIx({ authority: makerAuthority.publicKey, network, name: "Acme Radios", issuingKey: issuingKey.publicKey })], [makerAuthority, issuingKey]);
  const [maker] = makerPda(network, issuingKey.publicKey);
  run("approve_maker", [approveMakerIx({ authority: creator.publicKey, network, maker, approved: true })], [creator]);
  const onboard = onboardHotspotIxs({
    payer: payer.publicKey,
    issuingKey: issuingKey.publicKey,
    owner: payer.publicKey,
    network,
    feeRecipient,
    hardwareKey: new PublicKey(device.publicKey),
    signWithHardwareKey: (m) => sign(null, m, device.privateKey),
    location: SF_CELL,
    gainDbi10: 12,
    elevationM: 5,
  });
  run("onboard_hotspot", onboard, [payer, issuingKey]);
  chain.warp(DAY);
  run("advance_epoch", [advanceEpochIx({ payer: cranker.publicKey, network, epoch: 0 })], [cranker]);

  const hardwareKey = new PublicKey(device.publicKey);
  const { tree, total } = claimTree(hardwareKey);
  const vote = (label: string) => postEpochRootIx({ oracle: fixedKeypair(label).publicKey, network, epoch: 0, merkleRoot: tree.root, inputDigest: seed("digest"), totalCumulative: total });
  run("post_epoch_root", [vote("oracle 1")], [cranker, fixedKeypair("oracle 1")]);
  run("post_epoch_root_activating", [vote("oracle 2")], [cranker, fixedKeypair("oracle 2")]);
  chain.sendOrThrow([createRewardTokenAccountIx({ payer: cranker.publicKey, network, owner: payer.publicKey })], [cranker]);
  const proof = tree.proofFor(hardwareKey.toBuffer(), 1n);
  assert.equal(proof.length, 17, "a 100k-leaf tree gives proofs of depth 17");
  run("claim_rewards", [claimRewardsIx({ network, hardwareKey, owner: payer.publicKey, cumulative: 250_000_000n, proof })], [cranker]);

  run("assert_location", [assertLocationIx({ payer: payer.publicKey, owner: payer.publicKey, network, hardwareKey, feeRecipient, location: latLngToCell(37.8, -122.41, 12), gainDbi10: 30, elevationM: 12 })], [payer]);
  const newOwner = fixedKeypair("new owner");
  chain.fund(newOwner.publicKey, 1_000_000_000n);
  run("transfer_hotspot", [transferHotspotIx({ owner: payer.publicKey, newOwner: newOwner.publicKey, network, hardwareKey })], [payer]);
  run("decommission_hotspot", [decommissionHotspotIx({ owner: newOwner.publicKey, network, hardwareKey })], [newOwner]);
  run("set_oracles", [setOraclesIx({ authority: creator.publicKey, network, oracles: oracles.slice(0, 2), oracleQuorum: 2 })], [creator]);
  run("update_network", [updateNetworkIx({ authority: creator.publicKey, network, update: { onboardFeeLamports: 2_000_000n, locationCooldownSecs: 3_600n, maxSupply: 10n ** 15n, futureEmissionSteps: [{ startEpoch: 10, amountPerEpoch: 1n }] } })], [creator]);
  run("set_paused", [setPausedIx({ authority: creator.publicKey, network, paused: 3 })], [creator]);
  const successor = fixedKeypair("successor");
  chain.fund(successor.publicKey, 1_000_000_000n);
  run("propose_authority", [proposeAuthorityIx({ authority: creator.publicKey, network, newAuthority: successor.publicKey })], [creator]);
  run("accept_authority", [acceptAuthorityIx({ newAuthority: successor.publicKey, network })], [successor]);

  // Not compute units, but measured on the same scenario: the claim transaction's size.
  const depth20 = Array.from({ length: 20 }, (_, i) => seed(`sibling ${i}`));
  claimBytesAtDepth20 = transactionSize(cranker.publicKey, [claimRewardsIx({ network, hardwareKey, owner: payer.publicKey, cumulative: 1n, proof: depth20 })]);
  return out;
}

let claimBytesAtDepth20 = 0;

/** Table rows: each instruction's own units, plus onboarding's whole transaction. */
function rows(m: Record<string, Measurement>): [string, number][] {
  return [
    ...Object.entries(m).map(([name, x]) => [name, x.program] as [string, number]),
    ["onboard_hotspot_tx_with_ed25519", m.onboard_hotspot.transaction],
  ];
}

function markdown(m: Record<string, Measurement>): string {
  const lines = [
    "| Instruction | Program CU | Transaction CU |",
    "|---|---:|---:|",
    ...Object.entries(m).map(([name, x]) => `| \`${name}\` | ${x.program} | ${x.transaction}${name === "onboard_hotspot" ? " (incl. Ed25519 precompile)" : ""} |`),
  ];
  return lines.join("\n");
}

const NOTE =
  "Compute units on the real target/deploy/hexpin.so in LiteSVM, fixed-seed scenario in tests/compute-units.test.ts. " +
  "`cu` is the program's own consumption (its `consumed N of M` log line, CPIs included); " +
  "onboard_hotspot_tx_with_ed25519 is the whole onboarding transaction including the Ed25519 precompile " +
  "(the runtime meters no compute units for the precompile; it is paid through the per-signature fee). " +
  "Regenerate with HEXPIN_UPDATE_CU=1; the test fails on a drift beyond ±10%.";

describe("compute units", () => {
  it("keeps the budgets of the reward path: claim ≤ 15,000 CU at depth 17, a root vote ≤ 10,000 CU, a depth-20 claim transaction ≤ 1,080 bytes", () => {
    const m = measure();
    assert.ok(m.claim_rewards.program <= 15_000, `claim_rewards: ${m.claim_rewards.program} CU`);
    assert.ok(m.post_epoch_root.program <= 10_000, `post_epoch_root: ${m.post_epoch_root.program} CU`);
    assert.ok(m.post_epoch_root_activating.program <= 10_000, `post_epoch_root (activating): ${m.post_epoch_root_activating.program} CU`);
    assert.ok(claimBytesAtDepth20 > 0 && claimBytesAtDepth20 <= 1_080, `claim transaction at depth 20: ${claimBytesAtDepth20} bytes`);
    console.log(`      claim transaction at proof depth 20: ${claimBytesAtDepth20} bytes`);
  });

  it("measures the same units on every run of the fixed scenario", () => {
    assert.deepEqual(measure(), measure());
  });

  it("stays within ±10% of tests/compute-units.json for every instruction", () => {
    const measured = measure();
    console.log(`\n${markdown(measured)}\n`);
    if (process.env.HEXPIN_UPDATE_CU === "1") {
      const table: Record<string, unknown> = { note: NOTE };
      for (const [name, cu] of rows(measured)) table[name] = { cu };
      writeFileSync(TABLE_PATH, JSON.stringify(table, null, 2) + "\n");
      console.log(`rewrote ${TABLE_PATH}`);
    }
    assert.ok(existsSync(TABLE_PATH), `${TABLE_PATH} is missing: run with HEXPIN_UPDATE_CU=1`);
    const table = JSON.parse(readFileSync(TABLE_PATH, "utf8")) as Table;
    const expectedNames = rows(measured).map(([n]) => n).sort();
    assert.deepEqual(Object.keys(table).filter((k) => k !== "note").sort(), expectedNames, "the table lists exactly the measured rows");
    const drifts = rows(measured)
      .map(([name, cu]) => ({ name, cu, recorded: (table[name] as { cu: number }).cu }))
      .filter(({ cu, recorded }) => Math.abs(cu - recorded) > TOLERANCE * recorded)
      .map(({ name, cu, recorded }) => `${name}: measured ${cu}, recorded ${recorded} (${(((cu - recorded) / recorded) * 100).toFixed(1)}%)`);
    assert.deepEqual(drifts, [], "drift beyond ±10%; if intended, regenerate with HEXPIN_UPDATE_CU=1");
  });
});
