// `packClaims` on the real binary: every packed transaction fits a 1,232-byte packet (its
// real serialized size), creates an owner's reward account only where it is missing and
// only once, and every claim it packs pays on-chain.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { ComputeBudgetProgram, Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "@solana/spl-token";
import {
  claimRewardsIx,
  HEXPIN_PROGRAM_ID,
  MerkleTree,
  PACKET_DATA_SIZE,
  packClaims,
  transactionSize,
  type ClaimBatch,
  type ClaimParams,
} from "../sdk/src";
import { activate, ataOf, closeEpoch, ensureAta, hotspotOf, onboardLife, rewardWorld, tokenBalance, type Commitment, type Life, type RewardWorld } from "./helpers/rewards";

const filler = (i: number) => createHash("sha256").update(`filler leaf ${i}`).digest();

/**
 * `owners` owners with `perOwner` hotspots each, epoch 0's root active over their lives
 * plus `fillers` other leaves (to reach a proof depth), and reward accounts for the owners
 * at even indexes only.
 */
function packingWorld(owners: number, perOwner: number, fillers: number) {
  const w = rewardWorld();
  const wallets = Array.from({ length: owners }, () => w.chain.fundedKeypair());
  const lives: Life[] = wallets.flatMap((owner) => Array.from({ length: perOwner }, () => onboardLife(w, { owner })));
  closeEpoch(w);
  const amounts = new Map(lives.map((l, i) => [l.hotspot.toBase58(), BigInt(1_000 + i)]));
  const leaves = [
    ...lives.map((l) => ({ key: l.hardwareKey.toBytes(), serial: l.serial, amount: amounts.get(l.hotspot.toBase58())! })),
    ...Array.from({ length: fillers }, (_, i) => ({ key: filler(i), serial: BigInt(10_000 + i), amount: 1n })),
  ];
  const tree = MerkleTree.build(leaves);
  const c: Commitment = { epoch: 0n, tree, root: tree.root, digest: filler(-1), total: leaves.reduce((s, l) => s + l.amount, 0n) };
  activate(w, c);
  const withAta = wallets.filter((_, i) => i % 2 === 0);
  for (const o of withAta) ensureAta(w, o.publicKey);
  const missing = new Set(wallets.filter((_, i) => i % 2 === 1).map((o) => o.publicKey.toBase58()));
  const claims: ClaimParams[] = lives.map((l) => {
    const i = tree.indexOf(l.hardwareKey.toBytes(), l.serial);
    return { network: w.network, hardwareKey: l.hardwareKey, owner: l.owner.publicKey, cumulative: tree.amounts[i], proof: tree.proof(i) };
  });
  return { w, wallets, lives, c, claims, missing, amounts };
}

const isAtaCreation = (ix: { programId: PublicKey }) => ix.programId.equals(ASSOCIATED_TOKEN_PROGRAM_ID);
const isClaim = (ix: { programId: PublicKey }) => ix.programId.equals(HEXPIN_PROGRAM_ID);

/** The serialized size of `batch` signed by `payer`, as the cluster would receive it. */
function signedSize(w: RewardWorld, payer: Keypair, batch: ClaimBatch): number {
  const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: w.chain.svm.latestBlockhash() }).add(...batch.instructions);
  tx.sign(payer);
  return tx.serialize().length;
}

/** Checks the batches' shape against the claims given, then sends each and checks it paid. */
function sendAndCheck(p: ReturnType<typeof packingWorld>, batches: ClaimBatch[], payer: Keypair) {
  const { w, claims, missing } = p;
  assert.deepEqual(
    batches.flatMap((b) => b.claims.map((c) => c.hardwareKey.toBase58())),
    claims.map((c) => c.hardwareKey.toBase58()),
    "every claim once, in the order given",
  );
  const created = new Map<string, number>();
  const claimedOwners = new Set<string>();
  for (const b of batches) {
    assert.ok(b.bytes <= PACKET_DATA_SIZE, `a batch of ${b.bytes} bytes`);
    assert.equal(signedSize(w, payer, b), b.bytes, "the size packClaims reports is the real one");
    assert.equal(b.instructions.filter(isClaim).length, b.claims.length);
    let k = 0;
    for (const ix of b.instructions) {
      if (isAtaCreation(ix)) {
        const owner = ix.keys[2].pubkey.toBase58();
        assert.ok(missing.has(owner), `an ATA created for ${owner}, which has one`);
        assert.ok(!claimedOwners.has(owner), "the ATA is created before its owner's first claim");
        created.set(owner, (created.get(owner) ?? 0) + 1);
      } else if (isClaim(ix)) {
        claimedOwners.add(b.claims[k++].owner.toBase58());
      }
    }
  }
  assert.deepEqual([...created.keys()].sort(), [...missing].sort(), "each missing ATA created");
  assert.ok([...created.values()].every((n) => n === 1), "and only once");

  const before = new Map(p.wallets.map((o) => [o.publicKey.toBase58(), tokenBalance(w.chain, ataOf(w, o.publicKey))]));
  for (const b of batches) {
    const r = w.chain.send(b.instructions, [payer]);
    assert.ok(r.ok, `batch failed: ${r.error?.errorName ?? r.rawError}\n${r.logs.join("\n")}`);
    assert.equal(r.events.filter((e) => e.name === "RewardsClaimed").length, b.claims.length);
  }
  for (const o of p.wallets) {
    const expected = p.lives.filter((l) => l.owner.publicKey.equals(o.publicKey)).reduce((s, l) => s + p.amounts.get(l.hotspot.toBase58())!, 0n);
    assert.equal(tokenBalance(w.chain, ataOf(w, o.publicKey)) - before.get(o.publicKey.toBase58())!, expected, "each owner paid the sum of its hotspots");
  }
  for (const l of p.lives) assert.equal(hotspotOf(w.chain, l.hotspot).claimed, p.amounts.get(l.hotspot.toBase58()));
}

describe("claim packing (packClaims)", () => {
  it("packs claims with proofs of depth 17 (a 100k-hotspot tree) into packets of at most 1,232 bytes, each paying on-chain", () => {
    const p = packingWorld(4, 3, 100_000);
    // keys are random: a life sorted into the tree's last, incomplete block has a shorter proof (odd nodes move up unpaired)
    assert.equal(Math.max(...p.claims.map((c) => c.proof.length)), 17);
    const payer = p.w.chain.fundedKeypair();
    const batches = packClaims(p.claims, { payer: payer.publicKey, missingAtaOwners: p.missing });
    assert.equal(batches.length, p.claims.length, "one deep claim per transaction");
    for (const b of batches) assert.ok(b.bytes <= 1_080 || b.instructions.some(isAtaCreation), `a depth-17 claim alone takes ${b.bytes} bytes`);
    sendAndCheck(p, batches, payer);
  });

  it("packs several shallow claims per transaction, closing one exactly when the next claim would not fit", () => {
    const p = packingWorld(5, 3, 0);
    const payer = p.w.chain.fundedKeypair();
    const batches = packClaims(p.claims, { payer: payer.publicKey, missingAtaOwners: p.missing });
    assert.ok(batches.length < p.claims.length && batches.some((b) => b.claims.length >= 3), `batches of ${batches.map((b) => b.claims.length).join(", ")} claims`);
    let next = 0;
    const created = new Set<string>();
    for (const b of batches.slice(0, -1)) {
      next += b.claims.length;
      const c = p.claims[next];
      const extra = [claimRewardsIx(c)];
      const owner = c.owner.toBase58();
      // The next claim would also bring its ATA creation if its owner still needs one.
      b.instructions.filter(isAtaCreation).forEach((ix) => created.add(ix.keys[2].pubkey.toBase58()));
      if (p.missing.has(owner) && !created.has(owner)) extra.unshift(packClaims([c], { payer: payer.publicKey, missingAtaOwners: p.missing })[0].instructions[0]);
      assert.ok(transactionSize(payer.publicKey, [...b.instructions, ...extra]) > PACKET_DATA_SIZE, "the next claim did not fit");
    }
    sendAndCheck(p, batches, payer);
  });

  it("adds compute-budget instructions and still fits every packet, with a limit the claims stay within", () => {
    const p = packingWorld(3, 4, 2_000);
    const payer = p.w.chain.fundedKeypair();
    const batches = packClaims(p.claims, {
      payer: payer.publicKey,
      missingAtaOwners: p.missing,
      computeUnitLimit: (claims, atas) => 20_000 * claims + 30_000 * atas,
      priorityFeeMicroLamports: 10,
    });
    for (const b of batches) {
      assert.ok(b.instructions[0].programId.equals(ComputeBudgetProgram.programId) && b.instructions[1].programId.equals(ComputeBudgetProgram.programId));
    }
    sendAndCheck(p, batches, payer);
  });

  it("creates no reward account when every owner has one", () => {
    const p = packingWorld(2, 2, 10);
    const payer = p.w.chain.fundedKeypair();
    for (const o of p.wallets) ensureAta(p.w, o.publicKey);
    const batches = packClaims(p.claims, { payer: payer.publicKey });
    assert.equal(batches.flatMap((b) => b.instructions).filter(isAtaCreation).length, 0);
    sendAndCheck({ ...p, missing: new Set() }, batches, payer);
  });

  it("refuses a claim that cannot fit in a transaction even alone (RangeError)", () => {
    const p = packingWorld(1, 1, 0);
    const proof = Array.from({ length: 32 }, (_, i) => filler(i));
    assert.throws(() => packClaims([{ ...p.claims[0], proof }], { payer: Keypair.generate().publicKey }), RangeError);
  });
});
