import { strict as assert } from "node:assert";
import { Ed25519Program, Keypair, PublicKey, SystemProgram, SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY, type TransactionInstruction } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { epochPda, HEXPIN_PROGRAM_ID, LIMITS, updateNetworkIx, type NetworkUpdate } from "../sdk/src";
import { asKey, theEvent } from "./helpers/events";
import { EMISSION, onboard } from "./helpers/fixtures";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { closeEpoch, epochOf, ensureAta, networkOf, onboardLife, rewardWorld, type RewardWorld } from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const AUTHORITY = 0;
const NETWORK = 1;
const FEE_RECIPIENT = 2;

function updateIx(w: RewardWorld, update: NetworkUpdate, authority = w.creator.publicKey): TransactionInstruction {
  return updateNetworkIx({ authority, network: w.network, update });
}

function rejects(w: RewardWorld, ix: TransactionInstruction, errorName: string, signers: Keypair[] = [w.creator]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network]);
}

function update(w: RewardWorld, u: NetworkUpdate) {
  return expectOk(w.chain, [updateIx(w, u)], [w.creator]);
}

/** A funded wallet that can receive fees. */
function wallet(w: RewardWorld): PublicKey {
  const k = Keypair.generate().publicKey;
  w.chain.fund(k, w.chain.rentExempt(0));
  return k;
}

/** An account at `key` forged as the test says. */
function forge(w: RewardWorld, key: PublicKey, o: { owner: PublicKey; lamports: bigint; data?: number; executable?: boolean }): PublicKey {
  w.chain.setAccount(key, { owner: o.owner, lamports: o.lamports, data: new Uint8Array(o.data ?? 0), executable: o.executable ?? false });
  return key;
}

describe("update_network", () => {
  describe("effects", () => {
    it("sets fees, cooldown, fee recipient, max supply and future emission, and emits NetworkUpdated", () => {
      const w = rewardWorld();
      const recipient = wallet(w);
      const r = update(w, {
        onboardFeeLamports: 7n,
        locationFeeLamports: 11n,
        locationCooldownSecs: 3_600n,
        feeRecipient: recipient,
        maxSupply: 5n * EMISSION,
        futureEmissionSteps: [{ startEpoch: 10, amountPerEpoch: 3n }],
      });
      const n = networkOf(w);
      assert.deepEqual([n.onboardFeeLamports, n.locationFeeLamports, n.locationCooldownSecs, n.maxSupply], [7n, 11n, 3_600n, 5n * EMISSION]);
      assert.ok(n.feeRecipient.equals(recipient));
      assert.deepEqual(n.emissionSchedule, [{ startEpoch: 0n, amountPerEpoch: EMISSION }, { startEpoch: 10n, amountPerEpoch: 3n }], "the step at 365 is replaced by the one at 10");
      assert.ok(asKey(theEvent(r, "NetworkUpdated").network).equals(w.network));
    });

    it("keeps every field left out: an empty update changes no byte of the network", () => {
      const w = rewardWorld();
      const before = w.chain.accountData(w.network);
      update(w, {});
      assert.deepEqual(w.chain.accountData(w.network), before);
    });

    it("charges the new fees to the new fee recipient, and refuses the old recipient at onboarding (WrongFeeRecipient)", () => {
      const w = rewardWorld();
      const recipient = wallet(w);
      const old = w.feeRecipient;
      update(w, { onboardFeeLamports: 2_000_000n, locationFeeLamports: 3n, feeRecipient: recipient });
      const refused = onboard(w, w.maker, { feeRecipient: old });
      assert.equal(refused.result.error?.errorName, "WrongFeeRecipient");
      const before = w.chain.lamports(recipient);
      const ok = onboard(w, w.maker, { feeRecipient: recipient });
      assert.ok(ok.result.ok, ok.result.logs.join("\n"));
      assert.equal(w.chain.lamports(recipient) - before, 2_000_003n);
    });

    it("accepts as fee recipient a program-owned data account holding its rent-exempt minimum (a token account)", () => {
      const w = rewardWorld();
      const tokenAccount = ensureAta(w, w.chain.fundedKeypair().publicKey);
      update(w, { feeRecipient: tokenAccount });
      assert.ok(networkOf(w).feeRecipient.equals(tokenAccount));
    });
  });

  describe("fee recipient", () => {
    it("rejects a recipient other than the account passed (WrongFeeRecipient)", () => {
      const w = rewardWorld();
      rejects(w, replaceAccount(updateIx(w, { feeRecipient: wallet(w) }), FEE_RECIPIENT, wallet(w)), "WrongFeeRecipient");
    });

    const cases: [string, (w: RewardWorld) => PublicKey][] = [
      ["the zero key (the System Program)", () => PublicKey.default],
      ["the Clock sysvar", () => SYSVAR_CLOCK_PUBKEY],
      ["the Rent sysvar", () => SYSVAR_RENT_PUBKEY],
      ["an executable program (SPL Token)", () => TOKEN_PROGRAM_ID],
      ["an account that does not exist", () => Keypair.generate().publicKey],
      ["an account below the rent-exempt minimum for its data", (w) => forge(w, Keypair.generate().publicKey, { owner: TOKEN_PROGRAM_ID, lamports: w.chain.rentExempt(0), data: 100 })],
      ["an account owned by the sysvar program", (w) => forge(w, Keypair.generate().publicKey, { owner: new PublicKey("Sysvar1111111111111111111111111111111111111"), lamports: w.chain.rentExempt(0) })],
      ["an address in the sysvar range, though a plain funded account", (w) => forge(w, new PublicKey(Buffer.concat([Buffer.from([6, 167, 213, 23]), Buffer.alloc(28, 9)])), { owner: SystemProgram.programId, lamports: w.chain.rentExempt(0) })],
      ["this program itself", () => HEXPIN_PROGRAM_ID],
      ["the Ed25519 precompile", () => Ed25519Program.programId],
      ["the network account itself (hexpin-owned: lamports could never leave it)", (w) => w.network],
      ["a hexpin Hotspot account", (w) => onboardLife(w).hotspot],
    ];
    for (const [what, make] of cases) {
      it(`rejects ${what}: no fee could ever be paid into it (InvalidFeeRecipient)`, () => {
        const w = rewardWorld();
        rejects(w, updateIx(w, { feeRecipient: make(w) }), "InvalidFeeRecipient");
      });
    }
  });

  describe("cooldown, supply and emission", () => {
    for (const secs of [-1n, BigInt(LIMITS.maxLocationCooldownSecs) + 1n, -(2n ** 63n)]) {
      it(`rejects a location cooldown of ${secs} s (InvalidLocationCooldown)`, () => {
        const w = rewardWorld();
        rejects(w, updateIx(w, { locationCooldownSecs: secs }), "InvalidLocationCooldown");
      });
    }

    it("accepts the cooldown bounds 0 and ten years", () => {
      const w = rewardWorld();
      for (const secs of [0n, BigInt(LIMITS.maxLocationCooldownSecs)]) {
        update(w, { locationCooldownSecs: secs });
        assert.equal(networkOf(w).locationCooldownSecs, secs);
      }
    });

    it("rejects a max supply of 0 or below what was already emitted (InvalidMaxSupply), and accepts exactly what was emitted", () => {
      const w = rewardWorld();
      rejects(w, updateIx(w, { maxSupply: 0n }), "InvalidMaxSupply");
      closeEpoch(w);
      rejects(w, updateIx(w, { maxSupply: EMISSION - 1n }), "InvalidMaxSupply");
      update(w, { maxSupply: EMISSION });
      closeEpoch(w);
      assert.equal(epochOf(w, 1).emission, 0n, "the capped network keeps closing epochs with nothing");
    });

    it("applies future steps from the next epoch to close on, leaving minted epochs as they were", () => {
      const w = rewardWorld();
      closeEpoch(w);
      closeEpoch(w);
      update(w, { futureEmissionSteps: [{ startEpoch: 2, amountPerEpoch: 5n }, { startEpoch: 4, amountPerEpoch: 1n }] });
      for (let i = 0; i < 3; i++) closeEpoch(w);
      assert.deepEqual([0, 1, 2, 3, 4].map((e) => epochOf(w, e).emission), [EMISSION, EMISSION, 5n, 5n, 1n]);
      assert.equal(networkOf(w).totalEmitted, 2n * EMISSION + 11n);
    });

    it("replaces the whole schedule of a network that has not closed an epoch yet with steps from epoch 0", () => {
      const w = rewardWorld();
      update(w, { futureEmissionSteps: [{ startEpoch: 0, amountPerEpoch: 9n }] });
      assert.deepEqual(networkOf(w).emissionSchedule, [{ startEpoch: 0n, amountPerEpoch: 9n }]);
      closeEpoch(w);
      assert.equal(epochOf(w, 0).emission, 9n);
    });

    it("rejects steps starting before the next epoch to close: minted epochs never change (InvalidEmissionSchedule)", () => {
      const w = rewardWorld();
      closeEpoch(w);
      closeEpoch(w);
      rejects(w, updateIx(w, { futureEmissionSteps: [{ startEpoch: 1, amountPerEpoch: 5n }] }), "InvalidEmissionSchedule");
    });

    for (const [what, steps] of [
      ["steps out of order", [{ startEpoch: 20, amountPerEpoch: 1n }, { startEpoch: 10, amountPerEpoch: 1n }]],
      ["two steps starting at the same epoch", [{ startEpoch: 10, amountPerEpoch: 1n }, { startEpoch: 10, amountPerEpoch: 2n }]],
      ["no steps", []],
      ["nine steps", Array.from({ length: 9 }, (_, i) => ({ startEpoch: 10 + i, amountPerEpoch: 1n }))],
      ["steps that make nine with the ones kept", Array.from({ length: 8 }, (_, i) => ({ startEpoch: 10 + i, amountPerEpoch: 1n }))],
    ] as [string, { startEpoch: number; amountPerEpoch: bigint }[]][]) {
      it(`rejects ${what} (InvalidEmissionSchedule)`, () => {
        const w = rewardWorld();
        rejects(w, updateIx(w, { futureEmissionSteps: steps }), "InvalidEmissionSchedule");
      });
    }

    it("accepts eight steps in all: one kept and seven new", () => {
      const w = rewardWorld();
      update(w, { futureEmissionSteps: Array.from({ length: 7 }, (_, i) => ({ startEpoch: 10 + i, amountPerEpoch: 1n })) });
      assert.equal(networkOf(w).emissionSchedule.length, 8);
    });

    it("validates every field before writing any: one bad field leaves the good ones unapplied", () => {
      const w = rewardWorld();
      rejects(w, updateIx(w, { onboardFeeLamports: 1n, maxSupply: 0n }), "InvalidMaxSupply");
      rejects(w, updateIx(w, { onboardFeeLamports: 1n, feeRecipient: Keypair.generate().publicKey }), "InvalidFeeRecipient");
      assert.equal(networkOf(w).onboardFeeLamports, 1_000_000n);
    });
  });

  describe("accounts and data", () => {
    it("rejects a signer who is not the network authority (Unauthorized)", () => {
      const w = rewardWorld();
      const intruder = w.chain.fundedKeypair();
      rejects(w, updateIx(w, { onboardFeeLamports: 0n }, intruder.publicKey), "Unauthorized", [intruder]);
    });

    it("rejects an authority that did not sign (MissingSigner)", () => {
      const w = rewardWorld();
      rejects(w, unsign(updateIx(w, { onboardFeeLamports: 0n }), AUTHORITY), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only network account (AccountNotWritable)", () => {
      const w = rewardWorld();
      rejects(w, readOnly(updateIx(w, { onboardFeeLamports: 0n }), NETWORK), "AccountNotWritable");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const w = rewardWorld();
      rejects(w, truncateAccounts(updateIx(w, {}), 2), "NotEnoughAccounts");
    });

    it("rejects an option tag other than 0 or 1, trailing bytes and missing bytes (InvalidInstructionData)", () => {
      const w = rewardWorld();
      const ix = updateIx(w, { onboardFeeLamports: 5n });
      const badTag = Buffer.from(ix.data);
      badTag[8] = 2;
      rejects(w, withData(ix, badTag), "InvalidInstructionData");
      rejects(w, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
      rejects(w, withData(ix, ix.data.subarray(0, ix.data.length - 1)), "InvalidInstructionData");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const w = rewardWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, replaceAccount(updateIx(w, {}), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects a Maker or an Epoch passed as the network (AccountDiscriminatorMismatch)", () => {
      const w = rewardWorld();
      closeEpoch(w);
      rejects(w, replaceAccount(updateIx(w, {}), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
      rejects(w, replaceAccount(updateIx(w, {}), NETWORK, epochPda(w.network, 0)[0]), "AccountDiscriminatorMismatch");
    });
  });
});
