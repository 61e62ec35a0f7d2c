import { strict as assert } from "node:assert";
import { Keypair, SystemProgram } from "@solana/web3.js";
import { AccountLayout, MintLayout, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { advanceEpochIx, decodeEpoch, decodeNetwork, epochPda, HEXPIN_PROGRAM_ID, type InitializeNetworkParams } from "../sdk/src";
import { LocalChain } from "../sdk/src/testing/local-chain";
import { createNetwork, DAY, EMISSION, registerMaker, type NetworkFixture } from "./helpers/fixtures";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { prefund, smallestPrefund } from "./helpers/prefund";
import { nonCanonicalPda, readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { expectOk, expectRejected } from "./helpers/rejection";

const PAYER = 0;
const NETWORK = 1;
const EPOCH = 2;
const MINT = 3;
const VAULT = 4;
const TOKEN = 5;
const SYSTEM = 6;

function setup(tweak: Partial<InitializeNetworkParams> = {}) {
  const net = createNetwork(undefined, tweak);
  return { net, chain: net.chain, cranker: net.chain.fundedKeypair() };
}

function crank(net: NetworkFixture, payer: Keypair, epoch: number | bigint) {
  return advanceEpochIx({ payer: payer.publicKey, network: net.network, epoch });
}

function currentEpoch(net: NetworkFixture): bigint {
  return decodeNetwork(net.chain.accountData(net.network)!).currentEpoch;
}

function vaultBalance(net: NetworkFixture): bigint {
  return AccountLayout.decode(net.chain.accountData(net.vault)!).amount;
}

/** Rejected with `errorName`; nothing named changed, no epoch account created, nothing minted. */
function rejects(net: NetworkFixture, ix: ReturnType<typeof crank>, signers: Keypair[], errorName: string, epoch = 0) {
  const [epochAccount] = epochPda(net.network, epoch);
  const supply = MintLayout.decode(net.chain.accountData(net.mint)!).supply;
  expectRejected(net.chain, [ix], signers, errorName, [net.network, net.mint, net.vault, epochAccount]);
  assert.equal(net.chain.accountData(epochAccount), null, "epoch account must not exist");
  assert.equal(MintLayout.decode(net.chain.accountData(net.mint)!).supply, supply, "nothing minted");
}

describe("advance_epoch", () => {
  describe("timing", () => {
    it("rejects closing epoch 0 right after genesis (EpochNotEnded)", () => {
      const { net, cranker } = setup();
      rejects(net, crank(net, cranker, 0), [cranker], "EpochNotEnded");
    });

    it("rejects closing an epoch one second before it ends, and closes it at its last second's end", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY - 1);
      rejects(net, crank(net, cranker, 0), [cranker], "EpochNotEnded");
      chain.warp(1);
      expectOk(chain, [crank(net, cranker, 0)], [cranker]);
      assert.equal(currentEpoch(net), 1n);
    });

    it("rejects closing the next epoch in the same epoch the previous one was closed (EpochNotEnded)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      expectOk(chain, [crank(net, cranker, 0)], [cranker]);
      chain.warp(DAY - 1);
      rejects(net, crank(net, cranker, 1), [cranker], "EpochNotEnded", 1);
      assert.equal(currentEpoch(net), 1n);
    });

    it("rejects closing an already closed epoch again (InvalidPda: the expected PDA is the current epoch's)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(2 * DAY);
      expectOk(chain, [crank(net, cranker, 0)], [cranker]);
      const closed = chain.accountData(epochPda(net.network, 0)[0]);
      expectRejected(chain, [crank(net, cranker, 0)], [cranker], "InvalidPda", [net.network, net.vault]);
      assert.deepEqual(chain.accountData(epochPda(net.network, 0)[0]), closed);
      assert.equal(vaultBalance(net), EMISSION);
    });

    it("catches up several ended epochs one call at a time, on the genesis grid, then stops at the running epoch", () => {
      const { net, chain, cranker } = setup();
      const genesis = decodeNetwork(chain.accountData(net.network)!).genesisTs;
      chain.warp(3 * DAY + DAY / 2);
      for (let n = 0; n < 3; n++) {
        expectOk(chain, [crank(net, cranker, n)], [cranker]);
        const e = decodeEpoch(chain.accountData(epochPda(net.network, n)[0])!);
        assert.equal(e.startTs, genesis + BigInt(n * DAY));
        assert.equal(e.endTs, genesis + BigInt((n + 1) * DAY));
        assert.equal(e.advancedAt, chain.now());
        assert.equal(e.emission, EMISSION);
      }
      rejects(net, crank(net, cranker, 3), [cranker], "EpochNotEnded", 3);
      assert.equal(currentEpoch(net), 3n);
      assert.equal(vaultBalance(net), 3n * EMISSION);
    });

    it("keeps every epoch end on the i64 clock: epochs longer than 366 days, which could overflow it, are refused at creation (InvalidEpochLength)", () => {
      const chain = new LocalChain();
      chain.warp(1_700_000_000); // a realistic genesis: genesis + i64::MAX no longer fits
      assert.throws(() => createNetwork(chain, { epochLengthSecs: 2n ** 63n - 1n }), /InvalidEpochLength/);
      assert.throws(() => createNetwork(chain, { epochLengthSecs: 366 * DAY + 1 }), /InvalidEpochLength/);
      const net = createNetwork(chain, { epochLengthSecs: 366 * DAY });
      const cranker = chain.fundedKeypair();
      chain.warp(366 * DAY);
      chain.sendOrThrow([crank(net, cranker, 0)], [cranker]);
      assert.equal(currentEpoch(net), 1n);
    });

    it("rejects a PDA for the epoch after the current one (InvalidPda)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(2 * DAY);
      rejects(net, crank(net, cranker, 1), [cranker], "InvalidPda", 1);
      assert.equal(currentEpoch(net), 0n);
    });
  });

  describe("emission schedule", () => {
    it("switches amounts exactly at each step's start epoch, minting nothing in zero-emission epochs", () => {
      const schedule = [
        { startEpoch: 0, amountPerEpoch: 1000n },
        { startEpoch: 2, amountPerEpoch: 300n },
        { startEpoch: 3, amountPerEpoch: 0n },
        { startEpoch: 5, amountPerEpoch: 7n },
      ];
      const { net, chain, cranker } = setup({ emissionSchedule: schedule });
      const expected = [1000n, 1000n, 300n, 0n, 0n, 7n, 7n];
      const got: bigint[] = [];
      for (let n = 0; n < expected.length; n++) {
        chain.warp(DAY);
        const before = vaultBalance(net);
        const r = expectOk(chain, [crank(net, cranker, n)], [cranker]);
        got.push(decodeEpoch(chain.accountData(epochPda(net.network, n)[0])!).emission);
        assert.equal(vaultBalance(net) - before, expected[n], `epoch ${n} mint`);
        assert.equal(asBigInt(theEvent(r, "EpochAdvanced").emission), expected[n]);
      }
      assert.deepEqual(got, expected);
      const total = expected.reduce((a, b) => a + b, 0n);
      assert.equal(decodeNetwork(chain.accountData(net.network)!).totalEmitted, total);
      assert.equal(MintLayout.decode(chain.accountData(net.mint)!).supply, total);
    });
  });

  describe("max supply", () => {
    it("mints the schedule up to the max supply: the epoch reaching it mints the remainder, later epochs close with 0 and still advance", () => {
      const { net, chain, cranker } = setup({ emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 1_000n }], maxSupply: 2_500n });
      const expected = [1_000n, 1_000n, 500n, 0n, 0n];
      expected.forEach((emission, n) => {
        chain.warp(DAY);
        const r = expectOk(chain, [crank(net, cranker, n)], [cranker]);
        assert.equal(decodeEpoch(chain.accountData(epochPda(net.network, n)[0])!).emission, emission, `epoch ${n}`);
        assert.equal(asBigInt(theEvent(r, "EpochAdvanced").emission), emission);
      });
      const n = decodeNetwork(chain.accountData(net.network)!);
      assert.deepEqual([n.currentEpoch, n.totalEmitted], [5n, 2_500n]);
      assert.equal(MintLayout.decode(chain.accountData(net.mint)!).supply, 2_500n, "never a token beyond the cap");
      assert.equal(vaultBalance(net), 2_500n);
    });

    it("closes with 0 right after a cap that is a whole number of epochs' emission", () => {
      const { net, chain, cranker } = setup({ emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 1_000n }], maxSupply: 2_000n });
      for (let e = 0; e < 3; e++) {
        chain.warp(DAY);
        expectOk(chain, [crank(net, cranker, e)], [cranker]);
      }
      assert.deepEqual([0, 1, 2].map((e) => decodeEpoch(chain.accountData(epochPda(net.network, e)[0])!).emission), [1_000n, 1_000n, 0n]);
    });

    it("mints only up to a cap smaller than one epoch's emission, then nothing", () => {
      const { net, chain, cranker } = setup({ emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 1_000n }], maxSupply: 1n });
      for (let e = 0; e < 2; e++) {
        chain.warp(DAY);
        expectOk(chain, [crank(net, cranker, e)], [cranker]);
      }
      assert.equal(vaultBalance(net), 1n);
    });

    it("records on each epoch what was emitted through it: the network's total after its mint", () => {
      const { net, chain, cranker } = setup({ emissionSchedule: [{ startEpoch: 0, amountPerEpoch: 700n }], maxSupply: 1_500n });
      const through: bigint[] = [];
      for (let e = 0; e < 4; e++) {
        chain.warp(DAY);
        expectOk(chain, [crank(net, cranker, e)], [cranker]);
        through.push(decodeEpoch(chain.accountData(epochPda(net.network, e)[0])!).emittedThrough);
      }
      assert.deepEqual(through, [700n, 1_400n, 1_500n, 1_500n]);
    });
  });

  describe("accounts", () => {
    it("rejects a payer that did not sign (MissingSigner)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      const feePayer = chain.fundedKeypair();
      rejects(net, unsign(crank(net, cranker, 0), PAYER), [feePayer], "MissingSigner");
    });

    for (const [name, index] of [["payer", PAYER], ["network", NETWORK], ["epoch", EPOCH], ["reward mint", MINT], ["rewards vault", VAULT]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { net, chain, cranker } = setup();
        chain.warp(DAY);
        const feePayer = chain.fundedKeypair();
        rejects(net, readOnly(crank(net, cranker, 0), index), [feePayer, cranker], "AccountNotWritable");
      });
    }

    it("rejects another network's mint (WrongMint)", () => {
      const { net, chain, cranker } = setup();
      const other = createNetwork(chain);
      chain.warp(DAY);
      rejects(net, replaceAccount(crank(net, cranker, 0), MINT, other.mint), [cranker], "WrongMint");
      assert.equal(MintLayout.decode(chain.accountData(other.mint)!).supply, 0n);
    });

    it("rejects another network's vault (WrongVault)", () => {
      const { net, chain, cranker } = setup();
      const other = createNetwork(chain);
      chain.warp(DAY);
      rejects(net, replaceAccount(crank(net, cranker, 0), VAULT, other.vault), [cranker], "WrongVault");
      assert.equal(vaultBalance(other), 0n);
    });

    it("rejects an epoch PDA with a non-canonical bump (InvalidPda)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      const n = Buffer.alloc(8);
      const other = nonCanonicalPda([Buffer.from("epoch"), net.network.toBuffer(), n], HEXPIN_PROGRAM_ID);
      rejects(net, replaceAccount(crank(net, cranker, 0), EPOCH, other.address), [cranker], "InvalidPda");
      assert.equal(chain.accountData(other.address), null);
    });

    it("rejects an epoch PDA derived for another network (InvalidPda)", () => {
      const { net, chain, cranker } = setup();
      const other = createNetwork(chain);
      chain.warp(DAY);
      const [foreign] = epochPda(other.network, 0);
      rejects(net, replaceAccount(crank(net, cranker, 0), EPOCH, foreign), [cranker], "InvalidPda");
      assert.equal(chain.accountData(foreign), null);
    });

    it("rejects a token program that is not SPL Token (WrongProgram)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      rejects(net, replaceAccount(crank(net, cranker, 0), TOKEN, SystemProgram.programId), [cranker], "WrongProgram");
    });

    it("rejects a system program that is not the System Program (WrongProgram)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      rejects(net, replaceAccount(crank(net, cranker, 0), SYSTEM, TOKEN_PROGRAM_ID), [cranker], "WrongProgram");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      const forged = Keypair.generate().publicKey;
      chain.setAccount(forged, { ...chain.account(net.network)!, owner: SystemProgram.programId });
      rejects(net, replaceAccount(crank(net, cranker, 0), NETWORK, forged), [cranker], "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { net, chain, cranker } = setup();
      const mk = registerMaker(net);
      chain.warp(DAY);
      rejects(net, replaceAccount(crank(net, cranker, 0), NETWORK, mk.maker), [cranker], "AccountDiscriminatorMismatch");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      rejects(net, truncateAccounts(crank(net, cranker, 0), 6), [cranker], "NotEnoughAccounts");
    });

    it("rejects instruction data after the discriminator (InvalidInstructionData)", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      const ix = crank(net, cranker, 0);
      rejects(net, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), [cranker], "InvalidInstructionData");
    });

    it("closes an epoch whose PDA someone pre-funded", () => {
      const { net, chain, cranker } = setup();
      chain.warp(DAY);
      prefund(chain, epochPda(net.network, 0)[0], smallestPrefund(chain));
      expectOk(chain, [crank(net, cranker, 0)], [cranker]);
      assert.equal(decodeEpoch(chain.accountData(epochPda(net.network, 0)[0])!).emission, EMISSION);
    });
  });

  describe("events", () => {
    it("emits EpochAdvanced with the network, epoch, bounds, emission and running total", () => {
      const { net, chain, cranker } = setup();
      const genesis = decodeNetwork(chain.accountData(net.network)!).genesisTs;
      chain.warp(DAY);
      expectOk(chain, [crank(net, cranker, 0)], [cranker]);
      chain.warp(DAY);
      const d = theEvent(expectOk(chain, [crank(net, cranker, 1)], [cranker]), "EpochAdvanced");
      assert.ok(asKey(d.network).equals(net.network));
      assert.equal(asBigInt(d.epoch), 1n);
      assert.equal(asBigInt(d.start_ts), genesis + BigInt(DAY));
      assert.equal(asBigInt(d.end_ts), genesis + BigInt(2 * DAY));
      assert.equal(asBigInt(d.emission), EMISSION);
      assert.equal(asBigInt(d.total_emitted), 2n * EMISSION);
    });
  });
});
