import { strict as assert } from "node:assert";
import { ComputeBudgetProgram, Keypair, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { assertLocationIx, epochPda, type Placement } from "../sdk/src";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { DAY } from "./helpers/fixtures";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { closeEpoch, hotspotOf, onboardLife, rewardWorld, type Life, type RewardWorld, type WorldOptions } from "./helpers/rewards";
import { assertUnchanged, baseFee, expectOk, expectRejected, snapshot, touchedKeys } from "./helpers/rejection";

const PAYER = 0;
const OWNER = 1;
const NETWORK = 2;
const HOTSPOT = 3;
const FEE_RECIPIENT = 4;
const SYSTEM = 5;

const LOCATION_FEE = 500_000n;
const OAKLAND = latLngToCell(37.8044, -122.2712, 12);
const MOVE: Placement = { location: OAKLAND, gainDbi10: 58, elevationM: 30 };

function setup(o: WorldOptions = {}) {
  const w = rewardWorld(o);
  return { w, life: onboardLife(w) };
}

function assertIx(w: RewardWorld, life: Life, placement: Partial<Placement> = {}, payer = life.owner.publicKey): TransactionInstruction {
  return assertLocationIx({ payer, owner: life.owner.publicKey, network: w.network, hardwareKey: life.hardwareKey, feeRecipient: w.feeRecipient, ...MOVE, ...placement });
}

/** Rejected with `errorName`; the hotspot, the network, the fee recipient and the payer (but for the fee) unchanged. */
function rejects(w: RewardWorld, life: Life, ix: TransactionInstruction, errorName: string, signers: Keypair[] = [life.owner]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network, life.hotspot, w.feeRecipient]);
}

describe("assert_location", () => {
  describe("effects", () => {
    it("records location, gain, elevation, time and count, charges the location fee, and emits LocationAsserted with every field", () => {
      const { w, life } = setup();
      w.chain.warp(1_000);
      const fee = w.chain.lamports(w.feeRecipient);
      const r = expectOk(w.chain, [assertIx(w, life)], [life.owner]);
      const h = hotspotOf(w.chain, life.hotspot);
      assert.equal(h.location, BigInt("0x" + OAKLAND));
      assert.equal(h.gainDbi10, 58);
      assert.equal(h.elevationM, 30);
      assert.equal(h.locationAssertedAt, w.chain.now());
      assert.equal(h.locationAssertCount, 2, "one at onboarding, one now");
      assert.equal(w.chain.lamports(w.feeRecipient) - fee, LOCATION_FEE);
      const d = theEvent(r, "LocationAsserted");
      assert.ok(asKey(d.network).equals(w.network));
      assert.ok(asKey(d.hotspot).equals(life.hotspot));
      assert.equal(asBigInt(d.location), BigInt("0x" + OAKLAND));
      assert.equal(d.gain_dbi10, 58);
      assert.equal(d.elevation_m, 30);
      assert.equal(d.assert_count, 2);
      assert.equal(asBigInt(d.fee_lamports), LOCATION_FEE);
    });

    it("changes nothing else in the hotspot: owner, maker, serial, claimed and onboarding time stay", () => {
      const { w, life } = setup();
      const before = hotspotOf(w.chain, life.hotspot);
      expectOk(w.chain, [assertIx(w, life)], [life.owner]);
      const after = hotspotOf(w.chain, life.hotspot);
      for (const k of ["owner", "maker", "network", "hardwareKey"] as const) assert.ok(after[k].equals(before[k]), k);
      assert.deepEqual([after.serial, after.claimed, after.onboardedAt, after.ownerAtaBump], [before.serial, before.claimed, before.onboardedAt, before.ownerAtaBump]);
    });

    it("lets another wallet pay the fee for the owner, who only signs", () => {
      const { w, life } = setup();
      const sponsor = w.chain.fundedKeypair();
      const ownerLamports = w.chain.lamports(life.owner.publicKey);
      const sponsorLamports = w.chain.lamports(sponsor.publicKey);
      const ix = assertIx(w, life, {}, sponsor.publicKey);
      expectOk(w.chain, [ix], [sponsor, life.owner]);
      assert.equal(w.chain.lamports(life.owner.publicKey), ownerLamports);
      assert.equal(sponsorLamports - w.chain.lamports(sponsor.publicKey), LOCATION_FEE + baseFee([ix], [sponsor, life.owner]));
    });

    it("charges nothing and accepts a read-only fee recipient when the location fee is 0", () => {
      const { w, life } = setup({ tweak: { locationFeeLamports: 0 } });
      const fee = w.chain.lamports(w.feeRecipient);
      const r = expectOk(w.chain, [readOnly(assertIx(w, life), FEE_RECIPIENT)], [life.owner]);
      assert.equal(w.chain.lamports(w.feeRecipient), fee);
      assert.equal(asBigInt(theEvent(r, "LocationAsserted").fee_lamports), 0n);
    });

    it("rejects a location fee that would leave a fee recipient that does not exist (any more) below its rent-exempt minimum (InvalidFeeRecipient)", () => {
      const { w, life } = setup();
      // The recipient's wallet was emptied and closed since it was set.
      w.chain.setAccount(w.feeRecipient, { lamports: 0n, data: new Uint8Array(0), owner: SystemProgram.programId, executable: false });
      assert.equal(w.chain.account(w.feeRecipient), null);
      assert.ok(LOCATION_FEE < w.chain.rentExempt(0));
      rejects(w, life, assertIx(w, life), "InvalidFeeRecipient");
    });

    it("fails, changing nothing, when the payer cannot pay the location fee", () => {
      const fee = 5_000_000_000n;
      const { w, life } = setup({ tweak: { locationFeeLamports: fee } });
      const poor = Keypair.generate();
      w.chain.fund(poor.publicKey, fee / 2n);
      const feePayer = w.chain.fundedKeypair();
      const ix = assertIx(w, life, {}, poor.publicKey);
      const signers = [feePayer, poor, life.owner];
      const before = snapshot(w.chain, touchedKeys([ix]));
      const r = w.chain.send([ix], signers);
      assert.equal(r.ok, false);
      assert.match(r.logs.join("\n"), /insufficient lamports/, "the fee transfer is what fails");
      assertUnchanged(w.chain, before, feePayer.publicKey, baseFee([ix], signers));
    });
  });

  describe("cooldown", () => {
    it("rejects a move before the cooldown since the onboarding's location ends (LocationCooldownActive), and accepts it at the end", () => {
      const { w, life } = setup({ tweak: { locationCooldownSecs: DAY } });
      rejects(w, life, assertIx(w, life), "LocationCooldownActive");
      w.chain.warp(DAY - 1);
      rejects(w, life, assertIx(w, life), "LocationCooldownActive");
      w.chain.warp(1);
      expectOk(w.chain, [assertIx(w, life)], [life.owner]);
      rejects(w, life, assertIx(w, life, { gainDbi10: 60 }), "LocationCooldownActive");
    });

    it("asserts a hotspot onboarded without a location at once, then applies the cooldown", () => {
      const w = rewardWorld({ tweak: { locationCooldownSecs: DAY } });
      const life = onboardLife(w, { location: 0n });
      expectOk(w.chain, [assertIx(w, life)], [life.owner]);
      assert.equal(hotspotOf(w.chain, life.hotspot).locationAssertCount, 1);
      rejects(w, life, assertIx(w, life), "LocationCooldownActive");
    });

    it("applies no cooldown when it is 0: asserts twice in the same second", () => {
      const { w, life } = setup({ tweak: { locationCooldownSecs: 0 } });
      expectOk(w.chain, [assertIx(w, life)], [life.owner]);
      expectOk(w.chain, [assertIx(w, life, { gainDbi10: 60 })], [life.owner]);
      assert.equal(hotspotOf(w.chain, life.hotspot).locationAssertCount, 3);
    });
  });

  describe("arguments", () => {
    const res11 = latLngToCell(37.7749, -122.4194, 11);
    for (const [what, placement, errorName] of [
      ["location 0: a hotspot cannot be un-asserted", { location: 0n }, "InvalidLocation"],
      ["a resolution-11 cell", { location: res11 }, "InvalidLocation"],
      ["an arbitrary u64 as location", { location: 0x0123_4567_89ab_cdefn }, "InvalidLocation"],
      ["a gain of 151 tenths of dBi", { gainDbi10: 151 }, "InvalidGain"],
      ["a negative gain", { gainDbi10: -1 }, "InvalidGain"],
      ["an elevation of -501 m", { elevationM: -501 }, "InvalidElevation"],
      ["an elevation of 10001 m", { elevationM: 10_001 }, "InvalidElevation"],
    ] as [string, Partial<Placement>, string][]) {
      it(`rejects ${what} (${errorName})`, () => {
        const { w, life } = setup();
        rejects(w, life, assertIx(w, life, placement), errorName);
      });
    }

    it("accepts the bounds: gain 0 and 150, elevation -500 and 10000", () => {
      const { w, life } = setup();
      for (const [gainDbi10, elevationM] of [[0, -500], [150, 10_000]]) {
        expectOk(w.chain, [assertIx(w, life, { gainDbi10, elevationM })], [life.owner]);
        const h = hotspotOf(w.chain, life.hotspot);
        assert.deepEqual([h.gainDbi10, h.elevationM], [gainDbi10, elevationM]);
      }
    });

    it("rejects trailing or missing argument bytes (InvalidInstructionData)", () => {
      const { w, life } = setup();
      const ix = assertIx(w, life);
      rejects(w, life, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
      rejects(w, life, withData(ix, ix.data.subarray(0, ix.data.length - 1)), "InvalidInstructionData");
    });
  });

  describe("accounts", () => {
    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, life } = setup();
      rejects(w, life, truncateAccounts(assertIx(w, life), 5), "NotEnoughAccounts");
    });

    it("rejects an owner that did not sign (MissingSigner)", () => {
      const { w, life } = setup();
      const sponsor = w.chain.fundedKeypair();
      rejects(w, life, unsign(assertIx(w, life, {}, sponsor.publicKey), OWNER), "MissingSigner", [sponsor]);
    });

    it("rejects a payer that did not sign (MissingSigner)", () => {
      const { w, life } = setup();
      const sponsor = w.chain.fundedKeypair();
      rejects(w, life, unsign(assertIx(w, life, {}, sponsor.publicKey), PAYER), "MissingSigner", [life.owner]);
    });

    it("rejects a read-only payer (AccountNotWritable)", () => {
      const { w, life } = setup();
      const sponsor = w.chain.fundedKeypair();
      rejects(w, life, readOnly(assertIx(w, life, {}, sponsor.publicKey), PAYER), "AccountNotWritable", [life.owner, sponsor]);
    });

    for (const [name, index] of [["hotspot", HOTSPOT], ["fee recipient", FEE_RECIPIENT]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { w, life } = setup();
        rejects(w, life, readOnly(assertIx(w, life), index), "AccountNotWritable");
      });
    }

    it("rejects a signer who is not the hotspot's owner (Unauthorized)", () => {
      const { w, life } = setup();
      const impostor = w.chain.fundedKeypair();
      const ix = assertLocationIx({ payer: impostor.publicKey, owner: impostor.publicKey, network: w.network, hardwareKey: life.hardwareKey, feeRecipient: w.feeRecipient, ...MOVE });
      rejects(w, life, ix, "Unauthorized", [impostor]);
    });

    it("rejects a fee recipient other than the network's (WrongFeeRecipient)", () => {
      const { w, life } = setup();
      rejects(w, life, replaceAccount(assertIx(w, life), FEE_RECIPIENT, w.chain.fundedKeypair().publicKey), "WrongFeeRecipient");
    });

    it("rejects another network, one without a location fee or cooldown, with this network's hotspot (NetworkMismatch)", () => {
      const { w, life } = setup({ tweak: { locationCooldownSecs: DAY } });
      const cheap = rewardWorld({ chain: w.chain, tweak: { locationFeeLamports: 0 } });
      const ix = replaceAccount(replaceAccount(assertIx(w, life), NETWORK, cheap.network), FEE_RECIPIENT, cheap.feeRecipient);
      rejects(w, life, ix, "NetworkMismatch");
    });

    it("rejects a system program that is not the System Program (WrongProgram)", () => {
      const { w, life } = setup();
      rejects(w, life, replaceAccount(assertIx(w, life), SYSTEM, ComputeBudgetProgram.programId), "WrongProgram");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, life } = setup();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, life, replaceAccount(assertIx(w, life), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects a hotspot account holding a real hotspot's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, life } = setup();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(life.hotspot)!, owner: SystemProgram.programId });
      rejects(w, life, replaceAccount(assertIx(w, life), HOTSPOT, forged), "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network and an Epoch passed as the hotspot (AccountDiscriminatorMismatch)", () => {
      const { w, life } = setup();
      closeEpoch(w);
      rejects(w, life, replaceAccount(assertIx(w, life), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
      rejects(w, life, replaceAccount(assertIx(w, life), HOTSPOT, epochPda(w.network, 0)[0]), "AccountDiscriminatorMismatch");
    });
  });
});
