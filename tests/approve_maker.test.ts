import { strict as assert } from "node:assert";
import { Keypair, SystemProgram } from "@solana/web3.js";
import { approveMakerIx, decodeMaker, hotspotPda } from "../sdk/src";
import { createNetwork, onboard, registerMaker, type MakerFixture, type NetworkFixture } from "./helpers/fixtures";
import { asKey, theEvent } from "./helpers/events";
import { readOnly, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { expectOk, expectRejected, snapshot, assertUnchanged } from "./helpers/rejection";

const AUTHORITY = 0;
const MAKER = 2;

function setup(): { net: NetworkFixture; mk: MakerFixture } {
  const net = createNetwork();
  return { net, mk: registerMaker(net, "Acme Radios", false) };
}

function approve(net: NetworkFixture, mk: MakerFixture, approved: boolean) {
  return approveMakerIx({ authority: net.creator.publicKey, network: net.network, maker: mk.maker, approved });
}

function isApproved(net: NetworkFixture, mk: MakerFixture): boolean {
  return decodeMaker(net.chain.accountData(mk.maker)!).approved;
}

describe("approve_maker", () => {
  describe("authority", () => {
    it("rejects approval signed by someone other than the network authority (Unauthorized)", () => {
      const { net, mk } = setup();
      const intruder = net.chain.fundedKeypair();
      const ix = approveMakerIx({ authority: intruder.publicKey, network: net.network, maker: mk.maker, approved: true });
      expectRejected(net.chain, [ix], [intruder], "Unauthorized");
      assert.equal(isApproved(net, mk), false);
    });

    it("rejects the maker's own authority approving itself (Unauthorized)", () => {
      const { net, mk } = setup();
      const ix = approveMakerIx({ authority: mk.authority.publicKey, network: net.network, maker: mk.maker, approved: true });
      expectRejected(net.chain, [ix], [mk.authority], "Unauthorized");
    });

    it("rejects an approval naming the authority without its signature (MissingSigner)", () => {
      const { net, mk } = setup();
      const feePayer = net.chain.fundedKeypair();
      expectRejected(net.chain, [unsign(approve(net, mk, true), AUTHORITY)], [feePayer], "MissingSigner");
      assert.equal(isApproved(net, mk), false);
    });

    it("rejects the authority of another network approving through its own network (NetworkMismatch)", () => {
      const { net, mk } = setup();
      const attackerNet = createNetwork(net.chain);
      const ix = approveMakerIx({ authority: attackerNet.creator.publicKey, network: attackerNet.network, maker: mk.maker, approved: true });
      expectRejected(net.chain, [ix], [attackerNet.creator], "NetworkMismatch");
      assert.equal(isApproved(net, mk), false);
    });

    it("rejects the network authority approving a maker of another network (NetworkMismatch)", () => {
      const { net } = setup();
      const otherNet = createNetwork(net.chain);
      const foreign = registerMaker(otherNet, "Foreign", false);
      const ix = approveMakerIx({ authority: net.creator.publicKey, network: net.network, maker: foreign.maker, approved: true });
      expectRejected(net.chain, [ix], [net.creator], "NetworkMismatch");
      assert.equal(isApproved(otherNet, foreign), false);
    });
  });

  describe("accounts", () => {
    it("rejects a read-only maker account (AccountNotWritable)", () => {
      const { net, mk } = setup();
      expectRejected(net.chain, [readOnly(approve(net, mk, true), MAKER)], [net.creator], "AccountNotWritable");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const { net, mk } = setup();
      const forged = Keypair.generate().publicKey;
      net.chain.setAccount(forged, { ...net.chain.account(net.network)!, owner: SystemProgram.programId });
      const ix = approveMakerIx({ authority: net.creator.publicKey, network: forged, maker: mk.maker, approved: true });
      expectRejected(net.chain, [ix], [net.creator], "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { net, mk } = setup();
      const ix = approveMakerIx({ authority: net.creator.publicKey, network: mk.maker, maker: mk.maker, approved: true });
      expectRejected(net.chain, [ix], [net.creator], "AccountDiscriminatorMismatch");
    });

    it("rejects the Network passed as the maker (AccountDiscriminatorMismatch)", () => {
      const { net } = setup();
      const ix = approveMakerIx({ authority: net.creator.publicKey, network: net.network, maker: net.network, approved: true });
      expectRejected(net.chain, [ix], [net.creator], "AccountDiscriminatorMismatch");
    });

    it("rejects a maker account the program does not own (WrongAccountOwner)", () => {
      const { net } = setup();
      const ix = approveMakerIx({ authority: net.creator.publicKey, network: net.network, maker: net.chain.fundedKeypair().publicKey, approved: true });
      expectRejected(net.chain, [ix], [net.creator], "WrongAccountOwner");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { net, mk } = setup();
      expectRejected(net.chain, [truncateAccounts(approve(net, mk, true), 2)], [net.creator], "NotEnoughAccounts");
    });
  });

  describe("arguments", () => {
    for (const byte of [2, 0xff]) {
      it(`rejects an approval flag byte of ${byte} (InvalidInstructionData)`, () => {
        const { net, mk } = setup();
        const ix = approve(net, mk, true);
        const data = Buffer.from(ix.data);
        data[8] = byte;
        expectRejected(net.chain, [withData(ix, data)], [net.creator], "InvalidInstructionData");
      });
    }

    it("rejects a missing approval flag (InvalidInstructionData)", () => {
      const { net, mk } = setup();
      const ix = approve(net, mk, true);
      expectRejected(net.chain, [withData(ix, ix.data.subarray(0, 8))], [net.creator], "InvalidInstructionData");
    });
  });

  describe("lifecycle", () => {
    it("revoking a maker stops its onboardings (MakerNotApproved), keeps its hotspots, and re-approval restores it", () => {
      const { net, mk } = setup();
      expectOk(net.chain, [approve(net, mk, true)], [net.creator]);
      const first = onboard(net, mk);
      assert.ok(first.result.ok, first.result.logs.join("\n"));
      const [firstHotspot] = hotspotPda(net.network, first.hardwareKey);

      expectOk(net.chain, [approve(net, mk, false)], [net.creator]);
      assert.equal(isApproved(net, mk), false);
      const watched = snapshot(net.chain, [net.network, mk.maker, net.feeRecipient, firstHotspot]);
      const refused = onboard(net, mk);
      assert.equal(refused.result.ok, false);
      assert.equal(refused.result.error?.errorName, "MakerNotApproved");
      assert.equal(net.chain.accountData(hotspotPda(net.network, refused.hardwareKey)[0]), null);
      assertUnchanged(net.chain, watched);

      expectOk(net.chain, [approve(net, mk, true)], [net.creator]);
      const retried = onboard(net, mk, { device: refused.device });
      assert.ok(retried.result.ok, retried.result.logs.join("\n"));
      assert.equal(decodeMaker(net.chain.accountData(mk.maker)!).hotspotCount, 2n);
    });

    it("approving twice is idempotent", () => {
      const { net, mk } = setup();
      expectOk(net.chain, [approve(net, mk, true)], [net.creator]);
      const before = net.chain.accountData(mk.maker);
      expectOk(net.chain, [approve(net, mk, true)], [net.creator]);
      assert.deepEqual(net.chain.accountData(mk.maker), before);
    });
  });

  describe("events", () => {
    for (const approved of [true, false]) {
      it(`emits MakerApprovalChanged with approved = ${approved}`, () => {
        const { net, mk } = setup();
        const r = expectOk(net.chain, [approve(net, mk, approved)], [net.creator]);
        const d = theEvent(r, "MakerApprovalChanged");
        assert.ok(asKey(d.network).equals(net.network));
        assert.ok(asKey(d.maker).equals(mk.maker));
        assert.equal(d.approved, approved);
      });
    }
  });
});
