import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { createInitializeAccount3Instruction, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import {
  coder,
  decommissionHotspotIx,
  epochPda,
  hashLeaf,
  HEXPIN_PROGRAM_ID,
  PAUSE,
  setPausedIx,
  U64_MAX,
} from "../sdk/src";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { replaceAccount, readOnly, truncateAccounts, withData } from "./helpers/malformed";
import {
  activate,
  ataOf,
  claimIx,
  closeEpoch,
  commitment,
  ensureAta,
  hotspotOf,
  networkOf,
  onboardLife,
  rewardWorld,
  tokenBalance,
  vaultBalance,
  vote,
  worldWithEpoch,
  type Commitment,
  type Life,
  type RewardWorld,
} from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const NETWORK = 0;
const HOTSPOT = 1;
const VAULT = 2;
const DESTINATION = 3;
const TOKEN = 4;

/** Four hotspots (100, 200, 300, 400) under epoch 0's active root, every owner's reward account created. */
function claimWorld(count = 4) {
  const { w, lives } = worldWithEpoch(count);
  const c = commitment(0, lives.map((l, i) => [l, BigInt(100 * (i + 1))]));
  activate(w, c);
  for (const l of lives) ensureAta(w, l.owner.publicKey);
  return { w, lives, c };
}

/** Every account a claim could move tokens or lamports from or to. */
function watched(w: RewardWorld, lives: Life[]) {
  return [w.network, w.vault, ...lives.flatMap((l) => [l.hotspot, ataOf(w, l.owner.publicKey)])];
}

/** Rejected with `errorName`; vault, hotspots, owners' accounts and the network unchanged. */
function rejects(w: RewardWorld, lives: Life[], ixs: TransactionInstruction | TransactionInstruction[], errorName: string) {
  expectRejected(w.chain, Array.isArray(ixs) ? ixs : [ixs], [w.cranker], errorName, watched(w, lives));
}

function claim(w: RewardWorld, life: Life, c: Commitment) {
  return expectOk(w.chain, [claimIx(w, life, c)], [w.cranker]);
}

/** `ix`'s data redone by hand: its discriminator, cumulative, a proof length prefix and the given sibling bytes. */
function rawClaimData(ix: TransactionInstruction, cumulative: bigint, lengthPrefix: number, siblings: Buffer): Buffer {
  const disc = ix.data.subarray(0, 8);
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(cumulative, 0);
  head.writeUInt32LE(lengthPrefix, 8);
  return Buffer.concat([disc, head, siblings]);
}

describe("claim_rewards", () => {
  describe("payment", () => {
    it("pays cumulative − claimed from the vault to the owner's reward account, records it, and emits RewardsClaimed with every field", () => {
      const { w, lives, c } = claimWorld();
      const l = lives[2];
      const vaultBefore = vaultBalance(w);
      const r = claim(w, l, c);
      const ata = ataOf(w, l.owner.publicKey);
      assert.equal(tokenBalance(w.chain, ata), 300n);
      assert.equal(vaultBalance(w), vaultBefore - 300n);
      assert.equal(hotspotOf(w.chain, l.hotspot).claimed, 300n);
      assert.equal(networkOf(w).totalClaimed, 300n);
      const d = theEvent(r, "RewardsClaimed");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.hotspot).equals(l.hotspot));
      assert.ok(asKey(d.hardware_key).equals(l.hardwareKey));
      assert.equal(asBigInt(d.serial), l.serial);
      assert.ok(asKey(d.owner).equals(l.owner.publicKey));
      assert.equal(asBigInt(d.amount), 300n);
      assert.equal(asBigInt(d.cumulative), 300n);
      assert.equal(asBigInt(d.root_epoch), 0n);
    });

    it("lets anyone crank a claim: the stranger who sends it pays only the fee and receives nothing", () => {
      const { w, lives, c } = claimWorld();
      const stranger = w.chain.fundedKeypair();
      const strangerAta = ensureAta(w, stranger.publicKey);
      const lamports = w.chain.lamports(stranger.publicKey);
      expectOk(w.chain, [claimIx(w, lives[0], c)], [stranger]);
      assert.equal(w.chain.lamports(stranger.publicKey), lamports - 5_000n);
      assert.equal(tokenBalance(w.chain, strangerAta), 0n);
      assert.equal(tokenBalance(w.chain, ataOf(w, lives[0].owner.publicKey)), 100n);
    });

    it("pays only the increase when a later root commits more, and the event names that root's epoch", () => {
      const { w, lives, c } = claimWorld();
      claim(w, lives[0], c);
      closeEpoch(w);
      const c1 = commitment(1, lives.map((l, i) => [l, BigInt(100 * (i + 1)) + (i === 0 ? 150n : 0n)]));
      activate(w, c1);
      const r = claim(w, lives[0], c1);
      assert.equal(asBigInt(theEvent(r, "RewardsClaimed").amount), 150n);
      assert.equal(asBigInt(theEvent(r, "RewardsClaimed").root_epoch), 1n);
      assert.equal(tokenBalance(w.chain, ataOf(w, lives[0].owner.publicKey)), 250n);
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 250n);
      assert.equal(networkOf(w).totalClaimed, 250n);
    });

    it("pays every hotspot of one owner into the owner's one account", () => {
      const w = rewardWorld();
      const owner = w.chain.fundedKeypair();
      const lives = [onboardLife(w, { owner }), onboardLife(w, { owner }), onboardLife(w)];
      closeEpoch(w);
      const c = commitment(0, [[lives[0], 10n], [lives[1], 20n], [lives[2], 40n]]);
      activate(w, c);
      ensureAta(w, owner.publicKey);
      ensureAta(w, lives[2].owner.publicKey);
      for (const l of lives) claim(w, l, c);
      assert.equal(tokenBalance(w.chain, ataOf(w, owner.publicKey)), 30n);
      assert.equal(tokenBalance(w.chain, ataOf(w, lives[2].owner.publicKey)), 40n);
    });

    it("pays every leaf of a tree with an odd number of leaves, the promoted last one with its shorter proof included", () => {
      const { w, lives, c } = claimWorld(5);
      const proofLengths = lives.map((l) => c.tree.proofFor(l.hardwareKey.toBytes(), l.serial).length).sort();
      assert.deepEqual(proofLengths, [1, 3, 3, 3, 3], "the fifth leaf is promoted twice");
      for (const l of lives) claim(w, l, c);
      assert.equal(networkOf(w).totalClaimed, 1_500n);
    });

    it("pays a one-leaf tree's only hotspot with an empty proof", () => {
      const { w, lives, c } = claimWorld(1);
      assert.equal(c.tree.proof(0).length, 0);
      claim(w, lives[0], c);
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 100n);
    });

    it("rejects claiming the same cumulative again (NothingToClaim): never a transfer of 0, never a second payment", () => {
      const { w, lives, c } = claimWorld();
      claim(w, lives[1], c);
      rejects(w, lives, claimIx(w, lives[1], c), "NothingToClaim");
      assert.equal(tokenBalance(w.chain, ataOf(w, lives[1].owner.publicKey)), 200n);
    });

    it("rejects a leaf committing 0 to a hotspot that earned nothing (NothingToClaim)", () => {
      const { w, lives } = worldWithEpoch(2);
      const c = commitment(0, [[lives[0], 0n], [lives[1], 5n]]);
      activate(w, c);
      ensureAta(w, lives[0].owner.publicKey);
      rejects(w, lives, claimIx(w, lives[0], c), "NothingToClaim");
    });

    it("rejects a later root's leaf below what the hotspot was already paid (NothingToClaim)", () => {
      const { w, lives, c } = claimWorld();
      claim(w, lives[3], c);
      closeEpoch(w);
      // A root that lowers one hotspot's cumulative (its total still grows).
      const c1 = commitment(1, lives.map((l, i) => [l, i === 3 ? 350n : BigInt(100 * (i + 1)) + 100n]));
      activate(w, c1);
      rejects(w, lives, claimIx(w, lives[3], c1), "NothingToClaim");
      assert.equal(hotspotOf(w.chain, lives[3].hotspot).claimed, 400n, "claimed never decreases");
    });

    it("fails a transaction claiming twice for one hotspot as a whole: the second claim's NothingToClaim rolls back the first", () => {
      const { w, lives, c } = claimWorld();
      rejects(w, lives, [claimIx(w, lives[0], c), claimIx(w, lives[0], c)], "NothingToClaim");
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 0n);
    });

    it("rejects claims that would take the network past the active root's committed total (ClaimExceedsCommittedTotal), paying up to it exactly", () => {
      const { w, lives } = worldWithEpoch(3);
      // A quorum committing leaves that sum to more than the total it declared.
      const honest = commitment(0, [[lives[0], 600n], [lives[1], 300n], [lives[2], 200n]]);
      const c: Commitment = { ...honest, total: 900n };
      activate(w, c);
      for (const l of lives) ensureAta(w, l.owner.publicKey);
      claim(w, lives[0], c);
      claim(w, lives[1], c);
      assert.equal(networkOf(w).totalClaimed, 900n);
      rejects(w, lives, claimIx(w, lives[2], c), "ClaimExceedsCommittedTotal");
      assert.equal(vaultBalance(w), 1_000_000_000n - 900n);
    });

    it("rejects a claim before any root is active (NoActiveRoot)", () => {
      const { w, lives } = worldWithEpoch(2);
      const c = commitment(0, [[lives[0], 10n], [lives[1], 20n]]);
      vote(w, w.oracles[0], c);
      ensureAta(w, lives[0].owner.publicKey);
      rejects(w, lives, claimIx(w, lives[0], c), "NoActiveRoot");
    });

    it("rejects claims while claims are paused (ClaimsPaused) and pays once they resume", () => {
      const { w, lives, c } = claimWorld();
      const pause = (paused: number) => expectOk(w.chain, [setPausedIx({ authority: w.creator.publicKey, network: w.network, paused })], [w.creator]);
      pause(PAUSE.claims);
      rejects(w, lives, claimIx(w, lives[0], c), "ClaimsPaused");
      pause(PAUSE.onboarding);
      claim(w, lives[0], c);
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 100n);
    });
  });

  describe("Merkle attacks", () => {
    it("rejects a cumulative inflated by one, or to u64::MAX, with the genuine proof (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      rejects(w, lives, claimIx(w, lives[4], c, { cumulative: 501n }), "InvalidMerkleProof");
      rejects(w, lives, claimIx(w, lives[4], c, { cumulative: U64_MAX }), "InvalidMerkleProof");
    });

    it("rejects another hotspot's leaf presented for this hotspot: its cumulative and proof, or its proof with this cumulative (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      const theirs = claimIx(w, lives[7], c);
      const theirsData = coder.instruction.decode(theirs.data)!.data as { args: { cumulative: unknown; proof: number[][] } };
      const proof = theirsData.args.proof.map((p) => Buffer.from(p));
      rejects(w, lives, claimIx(w, lives[0], c, { cumulative: 800n, proof }), "InvalidMerkleProof");
      rejects(w, lives, claimIx(w, lives[0], c, { cumulative: 100n, proof }), "InvalidMerkleProof");
    });

    it("rejects an inner node presented as the leaf: the path from any level above the leaf, with any plausible amount (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      const l = lives[2];
      const proof = c.tree.proofFor(l.hardwareKey.toBytes(), l.serial);
      assert.equal(proof.length, 3);
      for (let level = 1; level < proof.length; level++) {
        for (const cumulative of [300n, 300n * BigInt(1 << level), c.total]) {
          rejects(w, lives, claimIx(w, l, c, { cumulative, proof: proof.slice(level) }), "InvalidMerkleProof");
        }
      }
    });

    it("rejects truncated proofs: without the last sibling, without the first, or empty (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      const l = lives[5];
      const proof = c.tree.proofFor(l.hardwareKey.toBytes(), l.serial);
      for (const cut of [proof.slice(0, -1), proof.slice(1), []]) {
        rejects(w, lives, claimIx(w, l, c, { proof: cut }), "InvalidMerkleProof");
      }
    });

    it("rejects padded proofs: a zero hash appended, the root appended, the leaf's own hash first, the last sibling twice (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      const l = lives[1];
      const proof = c.tree.proofFor(l.hardwareKey.toBytes(), l.serial);
      const leaf = hashLeaf(l.hardwareKey.toBytes(), l.serial, 200n);
      for (const padded of [[...proof, Buffer.alloc(32)], [...proof, c.root], [leaf, ...proof], [...proof, proof[proof.length - 1]]]) {
        rejects(w, lives, claimIx(w, l, c, { proof: padded }), "InvalidMerkleProof");
      }
    });

    it("rejects a proof with its siblings reordered (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(8);
      const l = lives[6];
      const proof = c.tree.proofFor(l.hardwareKey.toBytes(), l.serial);
      rejects(w, lives, claimIx(w, l, c, { proof: [proof[1], proof[0], ...proof.slice(2)] }), "InvalidMerkleProof");
    });

    it("rejects a proof for an earlier epoch's root once a later root is active, and a later root's proof before it activates (InvalidMerkleProof)", () => {
      const { w, lives, c } = claimWorld(4);
      closeEpoch(w);
      const c1 = commitment(1, lives.map((l, i) => [l, BigInt(100 * (i + 1)) + 1_000n]));
      rejects(w, lives, claimIx(w, lives[0], c1), "InvalidMerkleProof");
      activate(w, c1);
      rejects(w, lives, claimIx(w, lives[0], c), "InvalidMerkleProof");
      claim(w, lives[0], c1);
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 1_100n);
    });

    it("rejects a proof from another network's root for the same hardware key and serial (InvalidMerkleProof)", () => {
      const w = rewardWorld();
      const other = rewardWorld({ chain: w.chain });
      const here = onboardLife(w);
      const there = onboardLife(other, { device: here.device, owner: here.owner });
      assert.deepEqual([here.serial, there.serial], [1n, 1n], "the same key's first life on each network");
      const neighbour = onboardLife(w);
      const theirNeighbour = onboardLife(other);
      closeEpoch(w);
      closeEpoch(other);
      const cHere = commitment(0, [[here, 10n], [neighbour, 20n]]);
      const cThere = commitment(0, [[there, 999n], [theirNeighbour, 1n]]);
      activate(w, cHere);
      activate(other, cThere);
      ensureAta(w, here.owner.publicKey);
      rejects(w, [here, neighbour], claimIx(w, here, cThere), "InvalidMerkleProof");
      claim(w, here, cHere);
      assert.equal(tokenBalance(w.chain, ataOf(w, here.owner.publicKey)), 10n);
    });

    it("rejects a proof longer than 32 siblings before reading it (ProofTooLong)", () => {
      const { w, lives, c } = claimWorld();
      const ix = claimIx(w, lives[0], c);
      rejects(w, lives, withData(ix, rawClaimData(ix, 100n, 33, Buffer.alloc(0))), "ProofTooLong");
      rejects(w, lives, withData(ix, rawClaimData(ix, 100n, 0xffff_ffff, Buffer.alloc(64))), "ProofTooLong");
    });

    it("rejects a proof length prefix larger than the siblings sent, or smaller (InvalidInstructionData)", () => {
      const { w, lives, c } = claimWorld();
      const l = lives[0];
      const proof = Buffer.concat(c.tree.proofFor(l.hardwareKey.toBytes(), l.serial));
      const ix = claimIx(w, l, c);
      rejects(w, lives, withData(ix, rawClaimData(ix, 100n, proof.length / 32 + 1, proof)), "InvalidInstructionData");
      rejects(w, lives, withData(ix, rawClaimData(ix, 100n, proof.length / 32 - 1, proof)), "InvalidInstructionData");
      rejects(w, lives, withData(ix, rawClaimData(ix, 100n, proof.length / 32, proof.subarray(1))), "InvalidInstructionData");
    });
  });

  describe("one life per leaf: a re-onboarded hardware key", () => {
    it("rejects the new life's claim with the earlier life's leaf (InvalidMerkleProof) and pays it only its own cumulative", () => {
      const w = rewardWorld();
      const first = onboardLife(w);
      const bystander = onboardLife(w);
      closeEpoch(w);
      const c0 = commitment(0, [[first, 300n], [bystander, 100n]]);
      activate(w, c0);
      ensureAta(w, first.owner.publicKey);
      claim(w, first, c0);
      expectOk(w.chain, [decommissionHotspotIx({ owner: first.owner.publicKey, network: w.network, hardwareKey: first.hardwareKey })], [first.owner]);
      const second = onboardLife(w, { device: first.device, owner: first.owner });
      assert.equal(second.serial, 3n, "a new serial");
      assert.equal(hotspotOf(w.chain, second.hotspot).claimed, 0n, "a new life starts from nothing claimed");
      closeEpoch(w);
      // The oracle keeps the earlier life's leaf and starts the new life from zero.
      const c1 = commitment(1, [[first, 300n], [bystander, 200n], [second, 50n]]);
      activate(w, c1);
      const lives = [second, bystander];
      const earlier = c1.tree.proofFor(first.hardwareKey.toBytes(), first.serial);
      rejects(w, lives, claimIx(w, second, c1, { cumulative: 300n, proof: earlier }), "InvalidMerkleProof");
      rejects(w, lives, claimIx(w, second, c1, { cumulative: 350n, proof: earlier }), "InvalidMerkleProof");
      claim(w, second, c1);
      assert.equal(hotspotOf(w.chain, second.hotspot).claimed, 50n);
      assert.equal(tokenBalance(w.chain, ataOf(w, first.owner.publicKey)), 350n, "300 to the first life, 50 to the second");
    });

    it("never pays a re-onboarded key more than its new life earned, whatever leaf of the tree it presents", () => {
      const w = rewardWorld();
      const first = onboardLife(w);
      const others = [onboardLife(w), onboardLife(w), onboardLife(w)];
      closeEpoch(w);
      activate(w, commitment(0, [[first, 400n], ...others.map((o): [Life, bigint] => [o, 10n])]));
      // Decommissioned before claiming: its 400 stay in the vault for good.
      expectOk(w.chain, [decommissionHotspotIx({ owner: first.owner.publicKey, network: w.network, hardwareKey: first.hardwareKey })], [first.owner]);
      const second = onboardLife(w, { device: first.device, owner: first.owner });
      ensureAta(w, second.owner.publicKey);
      closeEpoch(w);
      const c1 = commitment(1, [[first, 400n], ...others.map((o): [Life, bigint] => [o, 30n]), [second, 70n]]);
      activate(w, c1);
      const watch = [second, ...others];
      for (let i = 0; i < c1.tree.size; i++) {
        const isOwn = c1.tree.keys[i].equals(second.hardwareKey.toBuffer()) && c1.tree.serials[i] === second.serial;
        if (isOwn) continue;
        for (const cumulative of [c1.tree.amounts[i], 70n, 470n]) {
          rejects(w, watch, claimIx(w, second, c1, { cumulative, proof: c1.tree.proof(i) }), "InvalidMerkleProof");
        }
      }
      claim(w, second, c1);
      assert.equal(tokenBalance(w.chain, ataOf(w, second.owner.publicKey)), 70n);
      assert.equal(networkOf(w).totalClaimed, 70n);
      assert.equal(vaultBalance(w), 2_000_000_000n - 70n, "the first life's unclaimed 400 stay in the vault");
    });
  });

  describe("accounts", () => {
    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, lives, c } = claimWorld();
      rejects(w, lives, truncateAccounts(claimIx(w, lives[0], c), 4), "NotEnoughAccounts");
    });

    for (const [name, index] of [["network", NETWORK], ["hotspot", HOTSPOT], ["rewards vault", VAULT], ["destination", DESTINATION]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { w, lives, c } = claimWorld();
        rejects(w, lives, readOnly(claimIx(w, lives[0], c), index), "AccountNotWritable");
      });
    }

    for (const [name, id] of [["the System Program", SystemProgram.programId], ["Token-2022", TOKEN_2022_PROGRAM_ID], ["hexpin itself", HEXPIN_PROGRAM_ID]] as const) {
      it(`rejects ${name} as the token program: no arbitrary CPI (WrongProgram)`, () => {
        const { w, lives, c } = claimWorld();
        rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), TOKEN, id), "WrongProgram");
      });
    }

    it("rejects another network's vault, full of that network's tokens (WrongVault)", () => {
      const { w, lives, c } = claimWorld();
      const other = rewardWorld({ chain: w.chain });
      closeEpoch(other);
      rejects(w, [...lives], replaceAccount(claimIx(w, lives[0], c), VAULT, other.vault), "WrongVault");
      assert.equal(vaultBalance(other), 1_000_000_000n);
    });

    it("rejects a token account of the reward mint other than the vault as the source (WrongVault)", () => {
      const { w, lives, c } = claimWorld();
      claim(w, lives[1], c);
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), VAULT, ataOf(w, lives[1].owner.publicKey)), "WrongVault");
    });

    it("rejects another wallet's reward account as the destination, e.g. the cranker's (WrongTokenAccount)", () => {
      const { w, lives, c } = claimWorld();
      const thief = ensureAta(w, w.cranker.publicKey);
      rejects(w, [...lives], replaceAccount(claimIx(w, lives[0], c), DESTINATION, thief), "WrongTokenAccount");
      assert.equal(tokenBalance(w.chain, thief), 0n);
    });

    it("rejects the owner's associated account of another network's mint (WrongTokenAccount)", () => {
      const { w, lives, c } = claimWorld();
      const other = rewardWorld({ chain: w.chain });
      const foreign = ensureAta(other, lives[0].owner.publicKey);
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), DESTINATION, foreign), "WrongTokenAccount");
    });

    it("rejects a token account of the reward mint owned by the owner but not its associated account (WrongTokenAccount)", () => {
      const { w, lives, c } = claimWorld();
      const owner = lives[0].owner;
      const account = Keypair.generate();
      const rent = w.chain.rentExempt(165);
      expectOk(
        w.chain,
        [
          SystemProgram.createAccount({ fromPubkey: owner.publicKey, newAccountPubkey: account.publicKey, lamports: Number(rent), space: 165, programId: new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA") }),
          createInitializeAccount3Instruction(account.publicKey, w.mint, owner.publicKey),
        ],
        [owner, account],
      );
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), DESTINATION, account.publicKey), "WrongTokenAccount");
    });

    it("rejects the vault as the destination: the same account twice cannot pay itself (WrongTokenAccount)", () => {
      const { w, lives, c } = claimWorld();
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), DESTINATION, w.vault), "WrongTokenAccount");
    });

    it("rejects a claim to an owner whose reward account does not exist yet (WrongTokenAccount), and pays once it is created", () => {
      const { w, lives } = worldWithEpoch(2);
      const c = commitment(0, [[lives[0], 10n], [lives[1], 20n]]);
      activate(w, c);
      rejects(w, lives, claimIx(w, lives[0], c), "WrongTokenAccount");
      ensureAta(w, lives[0].owner.publicKey);
      claim(w, lives[0], c);
    });

    it("rejects a claim to the owner's reward-account address holding lamports but no token account (WrongTokenAccount)", () => {
      const { w, lives } = worldWithEpoch(2);
      const c = commitment(0, [[lives[0], 10n], [lives[1], 20n]]);
      activate(w, c);
      w.chain.fund(ataOf(w, lives[0].owner.publicKey), w.chain.rentExempt(0));
      rejects(w, lives, claimIx(w, lives[0], c), "WrongTokenAccount");
    });

    it("rejects paying a hotspot of an attacker's network from this network's vault: its hotspot here (NetworkMismatch), or its network with this vault (WrongVault)", () => {
      const { w, lives, c } = claimWorld();
      const evil = rewardWorld({ chain: w.chain });
      const mole = onboardLife(evil);
      closeEpoch(evil);
      const evilRoot = commitment(0, [[mole, 1_000_000_000n]]);
      activate(evil, evilRoot);
      ensureAta(w, mole.owner.publicKey);
      ensureAta(evil, mole.owner.publicKey);
      const watch = [...lives, mole];
      // This network, the attacker's hotspot and a proof from the attacker's root.
      const here = replaceAccount(claimIx(w, lives[0], c, { cumulative: 1_000_000_000n, proof: [], owner: mole.owner.publicKey }), HOTSPOT, mole.hotspot);
      rejects(w, watch, here, "NetworkMismatch");
      // The attacker's network and hotspot, paid from this network's vault.
      rejects(w, watch, replaceAccount(claimIx(evil, mole, evilRoot), VAULT, w.vault), "WrongVault");
      assert.equal(vaultBalance(w), 1_000_000_000n);
    });

    it("rejects a hotspot account holding a real hotspot's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, lives, c } = claimWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(lives[0].hotspot)!, owner: SystemProgram.programId });
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), HOTSPOT, forged), "WrongAccountOwner");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, lives, c } = claimWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects an Epoch, a Maker or the Network itself passed as the hotspot: no type cosplay (AccountDiscriminatorMismatch)", () => {
      const { w, lives, c } = claimWorld();
      for (const impostor of [epochPda(w.network, 0)[0], w.maker.maker, w.network]) {
        rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), HOTSPOT, impostor), "AccountDiscriminatorMismatch");
      }
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { w, lives, c } = claimWorld();
      rejects(w, lives, replaceAccount(claimIx(w, lives[0], c), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
    });

    it("rejects trailing bytes after the arguments (InvalidInstructionData)", () => {
      const { w, lives, c } = claimWorld();
      const ix = claimIx(w, lives[0], c);
      rejects(w, lives, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
    });
  });
});
