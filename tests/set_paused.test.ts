import { strict as assert } from "node:assert";
import { Keypair, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { assertLocationIx, decommissionHotspotIx, PAUSE, setPausedIx, transferHotspotIx } from "../sdk/src";
import { asKey, theEvent } from "./helpers/events";
import { onboard } from "./helpers/fixtures";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import {
  activate,
  claimIx,
  closeEpoch,
  commitment,
  ensureAta,
  hotspotOf,
  networkOf,
  onboardLife,
  rewardWorld,
  type RewardWorld,
} from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const AUTHORITY = 0;
const NETWORK = 1;

function pauseIx(w: RewardWorld, paused: number, authority = w.creator.publicKey): TransactionInstruction {
  return setPausedIx({ authority, network: w.network, paused });
}

function rejects(w: RewardWorld, ix: TransactionInstruction, errorName: string, signers: Keypair[] = [w.creator]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network]);
}

/** A network with two hotspots, epoch 0's root active and both owners' reward accounts. */
function running() {
  const w = rewardWorld();
  const lives = [onboardLife(w), onboardLife(w)];
  closeEpoch(w);
  const c = commitment(0, [[lives[0], 10n], [lives[1], 20n]]);
  activate(w, c);
  for (const l of lives) ensureAta(w, l.owner.publicKey);
  return { w, lives, c };
}

describe("set_paused", () => {
  describe("effects", () => {
    it("pauses onboarding only: onboarding refused (OnboardingPaused); claims, roots and the owners' own instructions still work", () => {
      const { w, lives, c } = running();
      const r = expectOk(w.chain, [pauseIx(w, PAUSE.onboarding)], [w.creator]);
      assert.equal(networkOf(w).paused, PAUSE.onboarding);
      const d = theEvent(r, "PauseChanged");
      assert.ok(asKey(d.network).equals(w.network));
      assert.equal(d.paused, PAUSE.onboarding);
      assert.equal(onboard(w, w.maker).result.error?.errorName, "OnboardingPaused");
      expectOk(w.chain, [claimIx(w, lives[0], c)], [w.cranker]);
      closeEpoch(w);
      activate(w, commitment(1, [[lives[0], 30n], [lives[1], 40n]]));
      const owner = lives[1].owner;
      expectOk(w.chain, [assertLocationIx({ payer: owner.publicKey, owner: owner.publicKey, network: w.network, hardwareKey: lives[1].hardwareKey, feeRecipient: w.feeRecipient, location: latLngToCell(37.8, -122.27, 12), gainDbi10: 3, elevationM: 2 })], [owner]);
      const buyer = w.chain.fundedKeypair();
      expectOk(w.chain, [transferHotspotIx({ owner: owner.publicKey, newOwner: buyer.publicKey, network: w.network, hardwareKey: lives[1].hardwareKey })], [owner]);
      expectOk(w.chain, [decommissionHotspotIx({ owner: buyer.publicKey, network: w.network, hardwareKey: lives[1].hardwareKey })], [buyer]);
    });

    it("pauses claims only: claims refused (ClaimsPaused), onboarding still works", () => {
      const { w, lives, c } = running();
      expectOk(w.chain, [pauseIx(w, PAUSE.claims)], [w.creator]);
      expectRejected(w.chain, [claimIx(w, lives[0], c)], [w.cranker], "ClaimsPaused", [w.vault, lives[0].hotspot]);
      onboardLife(w);
    });

    it("pauses both, then resumes both with 0", () => {
      const { w, lives, c } = running();
      expectOk(w.chain, [pauseIx(w, PAUSE.onboarding | PAUSE.claims)], [w.creator]);
      assert.equal(onboard(w, w.maker).result.error?.errorName, "OnboardingPaused");
      expectRejected(w.chain, [claimIx(w, lives[0], c)], [w.cranker], "ClaimsPaused", [w.vault]);
      expectOk(w.chain, [pauseIx(w, 0)], [w.creator]);
      assert.equal(networkOf(w).paused, 0);
      onboardLife(w);
      expectOk(w.chain, [claimIx(w, lives[0], c)], [w.cranker]);
      assert.equal(hotspotOf(w.chain, lives[0].hotspot).claimed, 10n);
    });
  });

  describe("arguments and accounts", () => {
    for (const flags of [4, 1 | 4, 0x80, 0xff]) {
      it(`rejects pause flags 0x${flags.toString(16)} with bits beyond onboarding and claims (InvalidPauseFlags)`, () => {
        const w = rewardWorld();
        rejects(w, pauseIx(w, flags), "InvalidPauseFlags");
      });
    }

    it("rejects a signer who is not the network authority (Unauthorized)", () => {
      const w = rewardWorld();
      const intruder = w.chain.fundedKeypair();
      rejects(w, pauseIx(w, PAUSE.claims, intruder.publicKey), "Unauthorized", [intruder]);
    });

    it("rejects an authority that did not sign (MissingSigner)", () => {
      const w = rewardWorld();
      rejects(w, unsign(pauseIx(w, 1), AUTHORITY), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only network account (AccountNotWritable)", () => {
      const w = rewardWorld();
      rejects(w, readOnly(pauseIx(w, 1), NETWORK), "AccountNotWritable");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const w = rewardWorld();
      rejects(w, truncateAccounts(pauseIx(w, 1), 1), "NotEnoughAccounts");
    });

    it("rejects missing or trailing argument bytes (InvalidInstructionData)", () => {
      const w = rewardWorld();
      const ix = pauseIx(w, 1);
      rejects(w, withData(ix, ix.data.subarray(0, 8)), "InvalidInstructionData");
      rejects(w, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const w = rewardWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, replaceAccount(pauseIx(w, 1), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const w = rewardWorld();
      rejects(w, replaceAccount(pauseIx(w, 1), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
    });
  });
});
