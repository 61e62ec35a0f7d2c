import { strict as assert } from "node:assert";
import { Keypair, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { assertLocationIx, decommissionHotspotIx, epochPda, onboardHotspotIxs, transferHotspotIx } from "../sdk/src";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { onboardParams } from "./helpers/fixtures";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
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
  type Life,
  type RewardWorld,
} from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const OWNER = 0;
const NETWORK = 1;
const HOTSPOT = 2;

function setup() {
  const w = rewardWorld();
  return { w, life: onboardLife(w), bystander: onboardLife(w) };
}

function decommissionIx(w: RewardWorld, life: Life, owner = life.owner.publicKey): TransactionInstruction {
  return decommissionHotspotIx({ owner, network: w.network, hardwareKey: life.hardwareKey });
}

function rejects(w: RewardWorld, life: Life, ixs: TransactionInstruction[], errorName: string, signers: Keypair[] = [life.owner]) {
  expectRejected(w.chain, ixs, signers, errorName, [w.network, life.hotspot, life.owner.publicKey]);
}

/** A root of epoch 0 paying `life` 100 and `bystander` 10, active, with both owners' reward accounts. */
function paidEpoch(w: RewardWorld, life: Life, bystander: Life) {
  closeEpoch(w);
  const c = commitment(0, [[life, 100n], [bystander, 10n]]);
  activate(w, c);
  ensureAta(w, life.owner.publicKey);
  ensureAta(w, bystander.owner.publicKey);
  return c;
}

describe("decommission_hotspot", () => {
  describe("effects", () => {
    it("closes the account, returns its rent to the owner, lowers the active count (not the serial count), and emits HotspotDecommissioned", () => {
      const { w, life, bystander } = setup();
      const c = paidEpoch(w, life, bystander);
      expectOk(w.chain, [claimIx(w, life, c)], [w.cranker]);
      const rent = w.chain.lamports(life.hotspot);
      const lamports = w.chain.lamports(life.owner.publicKey);
      const before = networkOf(w);
      const r = expectOk(w.chain, [decommissionIx(w, life)], [life.owner]);
      assert.equal(w.chain.account(life.hotspot), null, "no account left at the address");
      assert.equal(w.chain.lamports(life.owner.publicKey), lamports + rent - 5_000n);
      const after = networkOf(w);
      assert.equal(after.activeHotspotCount, before.activeHotspotCount - 1n);
      assert.equal(after.hotspotCount, before.hotspotCount, "serials are never reused");
      const d = theEvent(r, "HotspotDecommissioned");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.hotspot).equals(life.hotspot));
      assert.ok(asKey(d.hardware_key).equals(life.hardwareKey));
      assert.equal(asBigInt(d.serial), life.serial);
      assert.ok(asKey(d.owner).equals(life.owner.publicKey));
      assert.equal(asBigInt(d.claimed), 100n);
    });

    it("leaves the life's unclaimed rewards in the vault", () => {
      const { w, life, bystander } = setup();
      paidEpoch(w, life, bystander);
      const vault = vaultBalance(w);
      expectOk(w.chain, [decommissionIx(w, life)], [life.owner]);
      assert.equal(vaultBalance(w), vault);
      assert.equal(tokenBalance(w.chain, ataOf(w, life.owner.publicKey)), 0n);
    });

    it("re-onboards the hardware key later as a new life: new serial, nothing claimed, counts up again", () => {
      const { w, life } = setup();
      expectOk(w.chain, [decommissionIx(w, life)], [life.owner]);
      const again = onboardLife(w, { device: life.device });
      const h = hotspotOf(w.chain, again.hotspot);
      assert.ok(again.hotspot.equals(life.hotspot), "the same address");
      assert.equal(h.serial, 3n);
      assert.equal(h.claimed, 0n);
      assert.ok(h.owner.equals(again.owner.publicKey));
      assert.deepEqual([networkOf(w).hotspotCount, networkOf(w).activeHotspotCount], [3n, 2n]);
    });
  });

  describe("closing and revival", () => {
    it("refuses claim, assert, transfer and decommission on the address once anyone funds it again (WrongAccountOwner)", () => {
      const { w, life, bystander } = setup();
      const c = paidEpoch(w, life, bystander);
      expectOk(w.chain, [decommissionIx(w, life)], [life.owner]);
      w.chain.fund(life.hotspot, w.chain.rentExempt(200));
      const revived = w.chain.account(life.hotspot)!;
      assert.ok(revived.owner.equals(SystemProgram.programId) && revived.data.length === 0, "a plain system account");
      const owner = life.owner;
      const attempts: TransactionInstruction[] = [
        claimIx(w, life, c, { owner: owner.publicKey }),
        assertLocationIx({ payer: owner.publicKey, owner: owner.publicKey, network: w.network, hardwareKey: life.hardwareKey, feeRecipient: w.feeRecipient, location: latLngToCell(37.8, -122.27, 12), gainDbi10: 1, elevationM: 1 }),
        transferHotspotIx({ owner: owner.publicKey, newOwner: Keypair.generate().publicKey, network: w.network, hardwareKey: life.hardwareKey }),
        decommissionIx(w, life),
      ];
      for (const ix of attempts) rejects(w, life, [ix], "WrongAccountOwner");
    });

    it("cannot be revived within the same transaction: decommission, refund the address, claim fails as a whole (WrongAccountOwner)", () => {
      const { w, life, bystander } = setup();
      const c = paidEpoch(w, life, bystander);
      const refund = SystemProgram.transfer({ fromPubkey: life.owner.publicKey, toPubkey: life.hotspot, lamports: w.chain.rentExempt(200) });
      rejects(w, life, [decommissionIx(w, life), refund, claimIx(w, life, c)], "WrongAccountOwner");
      assert.equal(hotspotOf(w.chain, life.hotspot).claimed, 0n, "the hotspot is intact");
    });

    it("rejects decommissioning twice in one transaction (WrongAccountOwner): the first close is rolled back with it", () => {
      const { w, life } = setup();
      rejects(w, life, [decommissionIx(w, life), decommissionIx(w, life)], "WrongAccountOwner");
      assert.equal(networkOf(w).activeHotspotCount, 2n);
    });

    it("re-onboards in the same transaction as the decommission as a new life, which cannot claim the old life's leaf", () => {
      const { w, life, bystander } = setup();
      const c = paidEpoch(w, life, bystander);
      const params = onboardParams(w, w.maker, life.owner, life.device, { owner: life.owner.publicKey });
      expectOk(w.chain, [decommissionIx(w, life), ...onboardHotspotIxs(params)], [life.owner, w.maker.issuingKey]);
      const h = hotspotOf(w.chain, life.hotspot);
      assert.equal(h.serial, 3n);
      assert.equal(h.claimed, 0n);
      expectRejected(w.chain, [claimIx(w, { ...life, serial: 3n }, c, { cumulative: 100n, proof: c.tree.proofFor(life.hardwareKey.toBytes(), life.serial) })], [w.cranker], "InvalidMerkleProof", [life.hotspot, w.vault]);
    });
  });

  describe("accounts", () => {
    it("rejects a signer who is not the hotspot's owner (Unauthorized)", () => {
      const { w, life } = setup();
      const thief = w.chain.fundedKeypair();
      rejects(w, life, [decommissionIx(w, life, thief.publicKey)], "Unauthorized", [thief]);
    });

    it("rejects an owner that did not sign (MissingSigner)", () => {
      const { w, life } = setup();
      rejects(w, life, [unsign(decommissionIx(w, life), OWNER)], "MissingSigner", [w.cranker]);
    });

    for (const [name, index] of [["owner", OWNER], ["network", NETWORK], ["hotspot", HOTSPOT]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { w, life } = setup();
        const signers = index === OWNER ? [w.cranker, life.owner] : [life.owner];
        rejects(w, life, [readOnly(decommissionIx(w, life), index)], "AccountNotWritable", signers);
      });
    }

    it("rejects another network with this network's hotspot, leaving that network's count alone (NetworkMismatch)", () => {
      const { w, life } = setup();
      const other = rewardWorld({ chain: w.chain });
      onboardLife(other);
      rejects(w, life, [replaceAccount(decommissionIx(w, life), NETWORK, other.network)], "NetworkMismatch");
      assert.equal(networkOf(other).activeHotspotCount, 1n);
    });

    it("rejects forged network and hotspot accounts owned by another program (WrongAccountOwner)", () => {
      const { w, life } = setup();
      for (const [index, real] of [[NETWORK, w.network], [HOTSPOT, life.hotspot]] as const) {
        const forged = Keypair.generate().publicKey;
        w.chain.setAccount(forged, { ...w.chain.account(real)!, owner: SystemProgram.programId });
        rejects(w, life, [replaceAccount(decommissionIx(w, life), index, forged)], "WrongAccountOwner");
      }
    });

    it("rejects a Maker passed as the network and an Epoch passed as the hotspot (AccountDiscriminatorMismatch)", () => {
      const { w, life } = setup();
      closeEpoch(w);
      rejects(w, life, [replaceAccount(decommissionIx(w, life), NETWORK, w.maker.maker)], "AccountDiscriminatorMismatch");
      rejects(w, life, [replaceAccount(decommissionIx(w, life), HOTSPOT, epochPda(w.network, 0)[0])], "AccountDiscriminatorMismatch");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, life } = setup();
      rejects(w, life, [truncateAccounts(decommissionIx(w, life), 2)], "NotEnoughAccounts");
    });

    it("rejects any instruction data after the discriminator (InvalidInstructionData)", () => {
      const { w, life } = setup();
      const ix = decommissionIx(w, life);
      rejects(w, life, [withData(ix, Buffer.concat([ix.data, Buffer.from([1])]))], "InvalidInstructionData");
    });
  });
});
