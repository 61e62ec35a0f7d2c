import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { assertLocationIx, decommissionHotspotIx, epochPda, transferHotspotIx } from "../sdk/src";
import { asKey, theEvent } from "./helpers/events";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import {
  activate,
  ataOf,
  claimIx,
  closeEpoch,
  commitment,
  ensureAta,
  hotspotOf,
  onboardLife,
  rewardWorld,
  tokenBalance,
  type Life,
  type RewardWorld,
} from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const OWNER = 0;
const NETWORK = 2;
const HOTSPOT = 3;

function setup() {
  const w = rewardWorld();
  return { w, life: onboardLife(w) };
}

function transferIx(w: RewardWorld, life: Life, to: PublicKey, from = life.owner.publicKey): TransactionInstruction {
  return transferHotspotIx({ owner: from, newOwner: to, network: w.network, hardwareKey: life.hardwareKey });
}

function rejects(w: RewardWorld, life: Life, ix: TransactionInstruction, errorName: string, signers: Keypair[] = [life.owner]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network, life.hotspot]);
}

/** The canonical bump of `owner`'s associated token account of the network's mint. */
function ataBump(w: RewardWorld, owner: PublicKey): number {
  return PublicKey.findProgramAddressSync([owner.toBuffer(), TOKEN_PROGRAM_ID.toBuffer(), w.mint.toBuffer()], ASSOCIATED_TOKEN_PROGRAM_ID)[1];
}

describe("transfer_hotspot", () => {
  describe("effects", () => {
    it("hands the hotspot to the new owner with the canonical bump of its reward account, and emits HotspotTransferred", () => {
      const { w, life } = setup();
      // A buyer whose bump differs from the seller's, so keeping the old bump would show.
      let buyer = Keypair.generate().publicKey;
      while (ataBump(w, buyer) === ataBump(w, life.owner.publicKey)) buyer = Keypair.generate().publicKey;
      const before = hotspotOf(w.chain, life.hotspot);
      const r = expectOk(w.chain, [transferIx(w, life, buyer)], [life.owner]);
      const h = hotspotOf(w.chain, life.hotspot);
      assert.ok(h.owner.equals(buyer));
      assert.equal(h.ownerAtaBump, ataBump(w, buyer));
      assert.deepEqual([h.serial, h.claimed, h.location, h.locationAssertCount], [before.serial, before.claimed, before.location, before.locationAssertCount]);
      const d = theEvent(r, "HotspotTransferred");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.hotspot).equals(life.hotspot));
      assert.ok(asKey(d.from).equals(life.owner.publicKey));
      assert.ok(asKey(d.to).equals(buyer));
    });

    it("pays the new owner everything claimed after the transfer, rewards accrued before it included, and refuses the previous owner's account (WrongTokenAccount)", () => {
      const { w, life } = setup();
      const other = onboardLife(w);
      closeEpoch(w);
      const c = commitment(0, [[life, 100n], [other, 5n]]);
      activate(w, c);
      const buyer = Keypair.generate().publicKey;
      const seller = life.owner.publicKey;
      ensureAta(w, seller);
      ensureAta(w, buyer);
      expectOk(w.chain, [transferIx(w, life, buyer)], [life.owner]);
      expectRejected(w.chain, [claimIx(w, life, c, { owner: seller })], [w.cranker], "WrongTokenAccount", [w.vault, life.hotspot, ataOf(w, seller)]);
      expectOk(w.chain, [claimIx(w, life, c)], [w.cranker]);
      assert.equal(tokenBalance(w.chain, ataOf(w, buyer)), 100n);
      assert.equal(tokenBalance(w.chain, ataOf(w, seller)), 0n);
    });

    it("takes the previous owner's powers away (Unauthorized) and gives them to the new owner", () => {
      const { w, life } = setup();
      const buyer = w.chain.fundedKeypair();
      const seller = life.owner;
      expectOk(w.chain, [transferIx(w, life, buyer.publicKey)], [seller]);
      const move = (owner: Keypair) =>
        assertLocationIx({ payer: owner.publicKey, owner: owner.publicKey, network: w.network, hardwareKey: life.hardwareKey, feeRecipient: w.feeRecipient, location: latLngToCell(37.8, -122.27, 12), gainDbi10: 10, elevationM: 1 });
      rejects(w, life, move(seller), "Unauthorized", [seller]);
      rejects(w, life, transferIx(w, life, seller.publicKey, seller.publicKey), "Unauthorized", [seller]);
      rejects(w, life, decommissionHotspotIx({ owner: seller.publicKey, network: w.network, hardwareKey: life.hardwareKey }), "Unauthorized", [seller]);
      expectOk(w.chain, [transferIx(w, life, seller.publicKey, buyer.publicKey)], [buyer]);
      assert.ok(hotspotOf(w.chain, life.hotspot).owner.equals(seller.publicKey), "and back again");
    });

    it("transfers to a program-derived (off-curve) owner, whose reward account then receives the claims", () => {
      const { w, life } = setup();
      const [vaultOwner] = PublicKey.findProgramAddressSync([Buffer.from("a multisig vault")], SystemProgram.programId);
      assert.equal(PublicKey.isOnCurve(vaultOwner.toBytes()), false);
      expectOk(w.chain, [transferIx(w, life, vaultOwner)], [life.owner]);
      assert.equal(hotspotOf(w.chain, life.hotspot).ownerAtaBump, ataBump(w, vaultOwner));
      const other = onboardLife(w);
      closeEpoch(w);
      const c = commitment(0, [[life, 42n], [other, 1n]]);
      activate(w, c);
      ensureAta(w, vaultOwner);
      expectOk(w.chain, [claimIx(w, life, c)], [w.cranker]);
      assert.equal(tokenBalance(w.chain, ataOf(w, vaultOwner)), 42n);
    });
  });

  describe("arguments and accounts", () => {
    it("rejects a transfer to the current owner (InvalidNewOwner)", () => {
      const { w, life } = setup();
      rejects(w, life, transferIx(w, life, life.owner.publicKey), "InvalidNewOwner");
    });

    it("rejects a transfer to the zero key, which nobody can sign for (InvalidNewOwner)", () => {
      const { w, life } = setup();
      rejects(w, life, transferIx(w, life, PublicKey.default), "InvalidNewOwner");
    });

    it("rejects a signer who is not the hotspot's owner (Unauthorized)", () => {
      const { w, life } = setup();
      const thief = w.chain.fundedKeypair();
      rejects(w, life, transferIx(w, life, thief.publicKey, thief.publicKey), "Unauthorized", [thief]);
    });

    it("rejects an owner that did not sign (MissingSigner)", () => {
      const { w, life } = setup();
      rejects(w, life, unsign(transferIx(w, life, Keypair.generate().publicKey), OWNER), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only hotspot account (AccountNotWritable)", () => {
      const { w, life } = setup();
      rejects(w, life, readOnly(transferIx(w, life, Keypair.generate().publicKey), HOTSPOT), "AccountNotWritable");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, life } = setup();
      rejects(w, life, truncateAccounts(transferIx(w, life, Keypair.generate().publicKey), 3), "NotEnoughAccounts");
    });

    it("rejects any instruction data after the discriminator (InvalidInstructionData)", () => {
      const { w, life } = setup();
      const ix = transferIx(w, life, Keypair.generate().publicKey);
      rejects(w, life, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
    });

    it("rejects another network with this network's hotspot (NetworkMismatch)", () => {
      const { w, life } = setup();
      const other = rewardWorld({ chain: w.chain });
      rejects(w, life, replaceAccount(transferIx(w, life, Keypair.generate().publicKey), NETWORK, other.network), "NetworkMismatch");
    });

    it("rejects forged network and hotspot accounts owned by another program (WrongAccountOwner)", () => {
      const { w, life } = setup();
      for (const [index, real] of [[NETWORK, w.network], [HOTSPOT, life.hotspot]] as const) {
        const forged = Keypair.generate().publicKey;
        w.chain.setAccount(forged, { ...w.chain.account(real)!, owner: SystemProgram.programId });
        rejects(w, life, replaceAccount(transferIx(w, life, Keypair.generate().publicKey), index, forged), "WrongAccountOwner");
      }
    });

    it("rejects a Maker passed as the network and an Epoch passed as the hotspot (AccountDiscriminatorMismatch)", () => {
      const { w, life } = setup();
      closeEpoch(w);
      rejects(w, life, replaceAccount(transferIx(w, life, Keypair.generate().publicKey), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
      rejects(w, life, replaceAccount(transferIx(w, life, Keypair.generate().publicKey), HOTSPOT, epochPda(w.network, 0)[0]), "AccountDiscriminatorMismatch");
    });
  });
});
