// Claim packing: sizes counted exactly as the cluster sees them (legacy and v0 messages),
// never above a packet, and reward accounts created once or, when asked, in every
// transaction that pays their owner.
import assert from "node:assert/strict";
import { ComputeBudgetProgram, Keypair, PublicKey, Transaction, TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import { packClaims, PACKET_DATA_SIZE, transactionSize } from "./claims";
import { claimRewardsIx, createRewardTokenAccountIx, type ClaimParams } from "./instructions";

const network = Keypair.generate().publicKey;
const payer = Keypair.generate().publicKey;
const claim = (owner: PublicKey, depth: number): ClaimParams => ({
  network,
  hardwareKey: Keypair.generate().publicKey,
  owner,
  cumulative: 1_000n,
  proof: Array.from({ length: depth }, (_, i) => Buffer.alloc(32, i + 1)),
});
const ATA_PROGRAM = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";

describe("claim packing", () => {
  it("counts a transaction's bytes exactly, legacy and v0, and above the packet limit without throwing", () => {
    const owner = Keypair.generate().publicKey;
    const ixs = [ComputeBudgetProgram.setComputeUnitLimit({ units: 1 }), createRewardTokenAccountIx({ payer, network, owner }), claimRewardsIx(claim(owner, 10))];
    const legacy = new Transaction({ feePayer: payer, recentBlockhash: PublicKey.default.toBase58() }).add(...ixs);
    assert.equal(transactionSize(payer, ixs), 1 + 64 + legacy.serializeMessage().length);
    const v0 = new VersionedTransaction(new TransactionMessage({ payerKey: payer, recentBlockhash: PublicKey.default.toBase58(), instructions: ixs }).compileToV0Message());
    assert.equal(transactionSize(payer, ixs, 0), v0.serialize().length);
    const many = Array.from({ length: 6 }, () => claimRewardsIx(claim(Keypair.generate().publicKey, 20)));
    assert.ok(transactionSize(payer, many, 0) > 2 * PACKET_DATA_SIZE);
  });

  for (const version of ["legacy", 0] as const) {
    it(`keeps every ${version === 0 ? "v0" : "legacy"} transaction within ${PACKET_DATA_SIZE} bytes, even at proof depth 20`, () => {
      const owners = [Keypair.generate().publicKey, Keypair.generate().publicKey];
      const claims = Array.from({ length: 30 }, (_, i) => claim(owners[i % 2], i % 3 === 0 ? 20 : 10));
      const batches = packClaims(claims, { payer, missingAtaOwners: new Set(owners.map((o) => o.toBase58())), computeUnitLimit: () => 1, priorityFeeMicroLamports: 5, messageVersion: version });
      assert.equal(batches.flatMap((b) => b.claims).length, 30);
      for (const b of batches) {
        assert.ok(b.bytes <= PACKET_DATA_SIZE);
        assert.equal(b.bytes, transactionSize(payer, b.instructions, version));
        assert.deepEqual(b.instructions.slice(2), b.body);
      }
      const creations = batches.flatMap((b) => b.body.filter((ix) => ix.programId.toBase58() === ATA_PROGRAM));
      assert.equal(creations.length, 2, "each missing account created once");
    });
  }

  it("with selfContained, creates a missing account in every transaction that pays its owner", () => {
    const owner = Keypair.generate().publicKey;
    const batches = packClaims(Array.from({ length: 12 }, () => claim(owner, 10)), { payer, missingAtaOwners: new Set([owner.toBase58()]), messageVersion: 0, selfContained: true });
    assert.ok(batches.length >= 3);
    for (const b of batches) assert.equal(b.body.filter((ix) => ix.programId.toBase58() === ATA_PROGRAM).length, 1);
  });
});
