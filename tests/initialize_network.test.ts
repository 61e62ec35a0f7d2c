import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { AccountLayout, MintLayout, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import {
  decodeNetwork,
  initializeNetworkIx,
  networkPda,
  rewardMintPda,
  rewardsVaultPda,
  type InitializeNetworkParams,
} from "../sdk/src";
import { LocalChain } from "../sdk/src/testing/local-chain";
import { DAY, EMISSION, networkParams } from "./helpers/fixtures";
import { prefund, smallestPrefund } from "./helpers/prefund";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { expectOk, expectRejected } from "./helpers/rejection";

const NETWORK = 1;
const MINT = 2;
const VAULT = 3;
const SYSTEM = 4;
const TOKEN = 5;

/** A chain, a funded creator and valid init params, ready to be broken one field at a time. */
function setup(tweak: Partial<InitializeNetworkParams> = {}) {
  const chain = new LocalChain();
  const creator = chain.fundedKeypair();
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()].map((k) => k.publicKey);
  const params: InitializeNetworkParams = { ...networkParams(creator.publicKey, Keypair.generate().publicKey, oracles), ...tweak };
  const [network] = networkPda(creator.publicKey);
  const mint = rewardMintPda(network)[0];
  const vault = rewardsVaultPda(network)[0];
  return { chain, creator, params, network, mint, vault, ix: initializeNetworkIx(params) };
}

function rejectsParams(tweak: Partial<InitializeNetworkParams>, errorName: string) {
  const s = setup(tweak);
  expectRejected(s.chain, [s.ix], [s.creator], errorName);
  assert.equal(s.chain.accountData(s.network), null, "network must not exist");
}

describe("initialize_network", () => {
  describe("accounts", () => {
    it("rejects a creator that did not sign (MissingSigner)", () => {
      const s = setup();
      const feePayer = s.chain.fundedKeypair();
      expectRejected(s.chain, [unsign(s.ix, 0)], [feePayer], "MissingSigner");
    });

    it("rejects a read-only creator (AccountNotWritable)", () => {
      const s = setup();
      const feePayer = s.chain.fundedKeypair();
      expectRejected(s.chain, [readOnly(s.ix, 0)], [feePayer, s.creator], "AccountNotWritable");
    });

    for (const [name, index] of [["network", NETWORK], ["reward mint", MINT], ["rewards vault", VAULT]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const s = setup();
        expectRejected(s.chain, [readOnly(s.ix, index)], [s.creator], "AccountNotWritable");
      });
    }

    it("rejects a network PDA derived for another creator (InvalidPda)", () => {
      const s = setup();
      const [other] = networkPda(Keypair.generate().publicKey);
      expectRejected(s.chain, [replaceAccount(s.ix, NETWORK, other)], [s.creator], "InvalidPda", [s.network]);
    });

    it("rejects a reward mint PDA derived for another network (InvalidPda)", () => {
      const s = setup();
      const [otherNetwork] = networkPda(Keypair.generate().publicKey);
      expectRejected(s.chain, [replaceAccount(s.ix, MINT, rewardMintPda(otherNetwork)[0])], [s.creator], "InvalidPda", [s.mint]);
    });

    it("rejects a rewards vault PDA derived for another network (InvalidPda)", () => {
      const s = setup();
      const [otherNetwork] = networkPda(Keypair.generate().publicKey);
      expectRejected(s.chain, [replaceAccount(s.ix, VAULT, rewardsVaultPda(otherNetwork)[0])], [s.creator], "InvalidPda", [s.vault]);
    });

    it("rejects the vault PDA passed as the mint (InvalidPda)", () => {
      const s = setup();
      const swapped = replaceAccount(replaceAccount(s.ix, MINT, s.vault), VAULT, s.mint);
      expectRejected(s.chain, [swapped], [s.creator], "InvalidPda");
    });

    it("rejects a system program that is not the System Program (WrongProgram)", () => {
      const s = setup();
      expectRejected(s.chain, [replaceAccount(s.ix, SYSTEM, TOKEN_PROGRAM_ID)], [s.creator], "WrongProgram");
    });

    it("rejects a token program that is not SPL Token (WrongProgram)", () => {
      const s = setup();
      expectRejected(s.chain, [replaceAccount(s.ix, TOKEN, SystemProgram.programId)], [s.creator], "WrongProgram");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const s = setup();
      expectRejected(s.chain, [truncateAccounts(s.ix, 5)], [s.creator], "NotEnoughAccounts");
    });
  });

  describe("arguments", () => {
    it("rejects an epoch shorter than 60 seconds (InvalidEpochLength)", () => rejectsParams({ epochLengthSecs: 59 }, "InvalidEpochLength"));

    it("rejects a negative epoch length (InvalidEpochLength)", () => rejectsParams({ epochLengthSecs: -DAY }, "InvalidEpochLength"));

    it("accepts an epoch of exactly 60 seconds", () => {
      const s = setup({ epochLengthSecs: 60 });
      expectOk(s.chain, [s.ix], [s.creator]);
      assert.equal(decodeNetwork(s.chain.accountData(s.network)!).epochLengthSecs, 60n);
    });

    it("rejects more than 9 decimals (InvalidDecimals)", () => rejectsParams({ decimals: 10 }, "InvalidDecimals"));

    it("accepts exactly 9 decimals", () => {
      const s = setup({ decimals: 9 });
      expectOk(s.chain, [s.ix], [s.creator]);
      assert.equal(MintLayout.decode(s.chain.accountData(s.mint)!).decimals, 9);
    });

    it("rejects an empty emission schedule (InvalidEmissionSchedule)", () => rejectsParams({ emissionSchedule: [] }, "InvalidEmissionSchedule"));

    it("rejects an emission schedule that does not start at epoch 0 (InvalidEmissionSchedule)", () =>
      rejectsParams({ emissionSchedule: [{ startEpoch: 1, amountPerEpoch: EMISSION }] }, "InvalidEmissionSchedule"));

    it("rejects an emission schedule whose steps are out of order (InvalidEmissionSchedule)", () =>
      rejectsParams(
        {
          emissionSchedule: [
            { startEpoch: 0, amountPerEpoch: 3n },
            { startEpoch: 20, amountPerEpoch: 2n },
            { startEpoch: 10, amountPerEpoch: 1n },
          ],
        },
        "InvalidEmissionSchedule",
      ));

    it("rejects an emission schedule with two steps starting at the same epoch (InvalidEmissionSchedule)", () =>
      rejectsParams(
        {
          emissionSchedule: [
            { startEpoch: 0, amountPerEpoch: 3n },
            { startEpoch: 10, amountPerEpoch: 2n },
            { startEpoch: 10, amountPerEpoch: 1n },
          ],
        },
        "InvalidEmissionSchedule",
      ));

    it("rejects a 9-step emission schedule at decoding, before reading the steps (InvalidEmissionSchedule)", () =>
      rejectsParams(
        { emissionSchedule: Array.from({ length: 9 }, (_, i) => ({ startEpoch: i * 10, amountPerEpoch: 9 - i })) },
        "InvalidEmissionSchedule",
      ));

    it("accepts an 8-step emission schedule", () => {
      const steps = Array.from({ length: 8 }, (_, i) => ({ startEpoch: i * 10, amountPerEpoch: 8 - i }));
      const s = setup({ emissionSchedule: steps });
      expectOk(s.chain, [s.ix], [s.creator]);
      assert.equal(decodeNetwork(s.chain.accountData(s.network)!).emissionSchedule.length, 8);
    });

    it("rejects an empty oracle set (InvalidOracleSet)", () => rejectsParams({ oracles: [], oracleQuorum: 1 }, "InvalidOracleSet"));

    it("rejects an oracle set listing one key twice (InvalidOracleSet)", () => {
      const k = Keypair.generate().publicKey;
      rejectsParams({ oracles: [k, Keypair.generate().publicKey, k], oracleQuorum: 2 }, "InvalidOracleSet");
    });

    it("rejects an oracle set containing the zero key (InvalidOracleSet)", () =>
      rejectsParams({ oracles: [Keypair.generate().publicKey, PublicKey.default], oracleQuorum: 1 }, "InvalidOracleSet"));

    it("rejects an oracle quorum of 0 (InvalidOracleSet)", () =>
      rejectsParams({ oracles: [Keypair.generate().publicKey], oracleQuorum: 0 }, "InvalidOracleSet"));

    it("rejects an oracle quorum larger than the oracle set (InvalidOracleSet)", () =>
      rejectsParams({ oracles: [Keypair.generate().publicKey, Keypair.generate().publicKey], oracleQuorum: 3 }, "InvalidOracleSet"));

    it("rejects 9 oracles (InvalidOracleSet)", () =>
      rejectsParams({ oracles: Array.from({ length: 9 }, () => Keypair.generate().publicKey), oracleQuorum: 5 }, "InvalidOracleSet"));

    // The zero key is the System Program's id and sysvars are read-only: fees paid there
    // would make every onboarding fail, with no instruction to change the recipient.
    it("refuses the zero key as fee recipient, since fees could never be paid to it (InvalidFeeRecipient)", () =>
      rejectsParams({ feeRecipient: PublicKey.default, onboardFeeLamports: 1_000_000 }, "InvalidFeeRecipient"));

    it("refuses a sysvar as fee recipient (InvalidFeeRecipient)", () =>
      rejectsParams({ feeRecipient: SYSVAR_CLOCK_PUBKEY }, "InvalidFeeRecipient"));

    it("accepts 8 oracles with a quorum of all 8", () => {
      const s = setup({ oracles: Array.from({ length: 8 }, () => Keypair.generate().publicKey), oracleQuorum: 8 });
      expectOk(s.chain, [s.ix], [s.creator]);
      const n = decodeNetwork(s.chain.accountData(s.network)!);
      assert.equal(n.oracles.length, 8);
      assert.equal(n.oracleQuorum, 8);
    });
  });

  describe("instruction data", () => {
    it("rejects truncated instruction data (InvalidInstructionData)", () => {
      const s = setup();
      expectRejected(s.chain, [withData(s.ix, s.ix.data.subarray(0, s.ix.data.length - 1))], [s.creator], "InvalidInstructionData");
    });

    it("rejects trailing bytes after the arguments (InvalidInstructionData)", () => {
      const s = setup();
      expectRejected(s.chain, [withData(s.ix, Buffer.concat([s.ix.data, Buffer.from([0])]))], [s.creator], "InvalidInstructionData");
    });

    it("rejects data shorter than a discriminator (InvalidInstructionData)", () => {
      const s = setup();
      expectRejected(s.chain, [withData(s.ix, s.ix.data.subarray(0, 7))], [s.creator], "InvalidInstructionData");
    });

    it("rejects an unknown discriminator (UnknownInstruction)", () => {
      const s = setup();
      const data = Buffer.from(s.ix.data);
      data[0] ^= 0xff;
      expectRejected(s.chain, [withData(s.ix, data)], [s.creator], "UnknownInstruction");
    });
  });

  describe("state", () => {
    it("rejects re-initialising the same network (AccountAlreadyInitialized)", () => {
      const s = setup();
      expectOk(s.chain, [s.ix], [s.creator]);
      const again = initializeNetworkIx({ ...s.params, epochLengthSecs: 2 * DAY, decimals: 2 });
      expectRejected(s.chain, [again], [s.creator], "AccountAlreadyInitialized");
      assert.equal(decodeNetwork(s.chain.accountData(s.network)!).epochLengthSecs, BigInt(DAY));
    });

    for (const what of ["less than", "more than"] as const) {
      it(`initialises a network whose network, mint and vault PDAs were pre-funded with ${what} their rent`, () => {
        const s = setup();
        const lamports = what === "less than" ? smallestPrefund(s.chain) : 10_000_000_000n;
        for (const k of [s.network, s.mint, s.vault]) prefund(s.chain, k, lamports);
        expectOk(s.chain, [s.ix], [s.creator]);
        const n = decodeNetwork(s.chain.accountData(s.network)!);
        assert.ok(n.creator.equals(s.creator.publicKey));
        assert.equal(s.chain.accountOwner(s.network)?.toBase58(), s.chain.programId.toBase58());
        assert.equal(s.chain.accountOwner(s.mint)?.toBase58(), TOKEN_PROGRAM_ID.toBase58());
        assert.equal(s.chain.accountOwner(s.vault)?.toBase58(), TOKEN_PROGRAM_ID.toBase58());
        for (const k of [s.network, s.mint, s.vault]) {
          const rent = s.chain.rentExempt(s.chain.accountData(k)!.length);
          assert.ok(lamports < rent === (what === "less than"), "the scenario pre-funds on the intended side of rent");
          assert.equal(s.chain.lamports(k), lamports > rent ? lamports : rent, "topped up to rent, never drained");
        }
        assert.ok(new PublicKey(MintLayout.decode(s.chain.accountData(s.mint)!).mintAuthority).equals(s.network));
        assert.ok(new PublicKey(AccountLayout.decode(s.chain.accountData(s.vault)!).owner).equals(s.network));
      });
    }
  });

  describe("events", () => {
    it("emits NetworkInitialized with the network, authority, mint, vault, epoch length and genesis", () => {
      const s = setup();
      const r = expectOk(s.chain, [s.ix], [s.creator]);
      assert.equal(r.events.length, 1, "exactly one event");
      const d = theEvent(r, "NetworkInitialized");
      assert.ok(asKey(d.network).equals(s.network));
      assert.ok(asKey(d.authority).equals(s.creator.publicKey));
      assert.ok(asKey(d.reward_mint).equals(s.mint));
      assert.ok(asKey(d.rewards_vault).equals(s.vault));
      assert.equal(asBigInt(d.epoch_length_secs), BigInt(DAY));
      assert.equal(asBigInt(d.genesis_ts), s.chain.now());
    });
  });
});
