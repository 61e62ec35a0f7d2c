import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { acceptAuthorityIx, PAUSE, proposeAuthorityIx, setPausedIx } from "../sdk/src";
import { asKey, theEvent } from "./helpers/events";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { networkOf, rewardWorld, type RewardWorld } from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const SIGNER = 0;
const NETWORK = 1;

function proposeIx(w: RewardWorld, newAuthority: PublicKey, authority = w.creator.publicKey): TransactionInstruction {
  return proposeAuthorityIx({ authority, network: w.network, newAuthority });
}

function acceptIx(w: RewardWorld, newAuthority: PublicKey): TransactionInstruction {
  return acceptAuthorityIx({ newAuthority, network: w.network });
}

function rejects(w: RewardWorld, ix: TransactionInstruction, errorName: string, signers: Keypair[]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network]);
}

function pauseIx(w: RewardWorld, authority: PublicKey) {
  return setPausedIx({ authority, network: w.network, paused: PAUSE.onboarding });
}

/** A network with `successor` proposed. */
function proposed() {
  const w = rewardWorld();
  const successor = w.chain.fundedKeypair();
  expectOk(w.chain, [proposeIx(w, successor.publicKey)], [w.creator]);
  return { w, successor };
}

describe("authority (propose_authority, accept_authority)", () => {
  describe("two-step handover", () => {
    it("proposes a successor without handing anything over: the authority keeps its powers, AuthorityProposed names both", () => {
      const w = rewardWorld();
      const successor = w.chain.fundedKeypair();
      const r = expectOk(w.chain, [proposeIx(w, successor.publicKey)], [w.creator]);
      const n = networkOf(w);
      assert.ok(n.authority.equals(w.creator.publicKey));
      assert.ok(n.pendingAuthority?.equals(successor.publicKey));
      const d = theEvent(r, "AuthorityProposed");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.authority).equals(w.creator.publicKey));
      assert.ok(asKey(d.pending).equals(successor.publicKey));
      rejects(w, pauseIx(w, successor.publicKey), "Unauthorized", [successor]);
      expectOk(w.chain, [pauseIx(w, w.creator.publicKey)], [w.creator]);
    });

    it("hands the network over when the successor accepts: AuthorityAccepted, pending cleared, powers moved", () => {
      const { w, successor } = proposed();
      const r = expectOk(w.chain, [acceptIx(w, successor.publicKey)], [successor]);
      const n = networkOf(w);
      assert.ok(n.authority.equals(successor.publicKey));
      assert.equal(n.pendingAuthority, null);
      assert.ok(n.creator.equals(w.creator.publicKey), "the creator (a PDA seed) never changes");
      const d = theEvent(r, "AuthorityAccepted");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.previous).equals(w.creator.publicKey));
      assert.ok(asKey(d.authority).equals(successor.publicKey));
      rejects(w, pauseIx(w, w.creator.publicKey), "Unauthorized", [w.creator]);
      expectOk(w.chain, [pauseIx(w, successor.publicKey)], [successor]);
    });

    it("cancels a proposal with the zero key: the former candidate can no longer accept (NotPendingAuthority)", () => {
      const { w, successor } = proposed();
      expectOk(w.chain, [proposeIx(w, PublicKey.default)], [w.creator]);
      assert.equal(networkOf(w).pendingAuthority, null);
      rejects(w, acceptIx(w, successor.publicKey), "NotPendingAuthority", [successor]);
    });

    it("replaces a pending proposal: only the latest candidate can accept", () => {
      const { w, successor } = proposed();
      const second = w.chain.fundedKeypair();
      expectOk(w.chain, [proposeIx(w, second.publicKey)], [w.creator]);
      rejects(w, acceptIx(w, successor.publicKey), "NotPendingAuthority", [successor]);
      expectOk(w.chain, [acceptIx(w, second.publicKey)], [second]);
      assert.ok(networkOf(w).authority.equals(second.publicKey));
    });

    it("rejects accepting twice (NotPendingAuthority)", () => {
      const { w, successor } = proposed();
      expectOk(w.chain, [acceptIx(w, successor.publicKey)], [successor]);
      rejects(w, acceptIx(w, successor.publicKey), "NotPendingAuthority", [successor]);
    });

    it("rejects accepting when nothing is pending, even by the authority itself (NotPendingAuthority)", () => {
      const w = rewardWorld();
      rejects(w, acceptIx(w, w.creator.publicKey), "NotPendingAuthority", [w.creator]);
    });

    it("rejects accepting by a key other than the candidate (NotPendingAuthority)", () => {
      const { w } = proposed();
      const other = w.chain.fundedKeypair();
      rejects(w, acceptIx(w, other.publicKey), "NotPendingAuthority", [other]);
    });

    it("rejects a proposal by anyone but the authority, the candidate included (Unauthorized)", () => {
      const { w, successor } = proposed();
      rejects(w, proposeIx(w, successor.publicKey, successor.publicKey), "Unauthorized", [successor]);
      const stranger = w.chain.fundedKeypair();
      rejects(w, proposeIx(w, stranger.publicKey, stranger.publicKey), "Unauthorized", [stranger]);
    });

    it("rejects a proposal by the creator once it handed the network over (Unauthorized)", () => {
      const { w, successor } = proposed();
      expectOk(w.chain, [acceptIx(w, successor.publicKey)], [successor]);
      rejects(w, proposeIx(w, w.creator.publicKey), "Unauthorized", [w.creator]);
    });
  });

  describe("propose_authority accounts and data", () => {
    it("rejects an authority that did not sign (MissingSigner)", () => {
      const w = rewardWorld();
      rejects(w, unsign(proposeIx(w, Keypair.generate().publicKey), SIGNER), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only network account (AccountNotWritable)", () => {
      const w = rewardWorld();
      rejects(w, readOnly(proposeIx(w, Keypair.generate().publicKey), NETWORK), "AccountNotWritable", [w.creator]);
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const w = rewardWorld();
      rejects(w, truncateAccounts(proposeIx(w, Keypair.generate().publicKey), 1), "NotEnoughAccounts", [w.creator]);
    });

    it("rejects trailing or missing argument bytes (InvalidInstructionData)", () => {
      const w = rewardWorld();
      const ix = proposeIx(w, Keypair.generate().publicKey);
      rejects(w, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData", [w.creator]);
      rejects(w, withData(ix, ix.data.subarray(0, 39)), "InvalidInstructionData", [w.creator]);
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const w = rewardWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, replaceAccount(proposeIx(w, Keypair.generate().publicKey), NETWORK, forged), "WrongAccountOwner", [w.creator]);
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const w = rewardWorld();
      rejects(w, replaceAccount(proposeIx(w, Keypair.generate().publicKey), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch", [w.creator]);
    });
  });

  describe("accept_authority accounts and data", () => {
    it("rejects a candidate that did not sign (MissingSigner)", () => {
      const { w, successor } = proposed();
      rejects(w, unsign(acceptIx(w, successor.publicKey), SIGNER), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only network account (AccountNotWritable)", () => {
      const { w, successor } = proposed();
      rejects(w, readOnly(acceptIx(w, successor.publicKey), NETWORK), "AccountNotWritable", [successor]);
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, successor } = proposed();
      rejects(w, truncateAccounts(acceptIx(w, successor.publicKey), 1), "NotEnoughAccounts", [successor]);
    });

    it("rejects any instruction data after the discriminator (InvalidInstructionData)", () => {
      const { w, successor } = proposed();
      const ix = acceptIx(w, successor.publicKey);
      rejects(w, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData", [successor]);
    });

    it("rejects a forged network naming the signer as candidate, owned by another program (WrongAccountOwner)", () => {
      const { w } = proposed();
      const attacker = w.chain.fundedKeypair();
      // The real network's bytes with the attacker written in as pending authority.
      const data = Buffer.from(w.chain.account(w.network)!.data);
      data.set(attacker.publicKey.toBytes(), 8 + 4 + 64);
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, data, owner: SystemProgram.programId });
      rejects(w, replaceAccount(acceptIx(w, attacker.publicKey), NETWORK, forged), "WrongAccountOwner", [attacker]);
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { w, successor } = proposed();
      rejects(w, replaceAccount(acceptIx(w, successor.publicKey), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch", [successor]);
    });
  });
});
