import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, type TransactionInstruction } from "@solana/web3.js";
import { acceptAuthorityIx, proposeAuthorityIx, setOraclesIx } from "../sdk/src";
import { asKey, theEvent } from "./helpers/events";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { networkOf, rewardWorld, type RewardWorld } from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const AUTHORITY = 0;
const NETWORK = 1;

const keys = (n: number) => Array.from({ length: n }, () => Keypair.generate().publicKey);

function setIx(w: RewardWorld, oracles: PublicKey[], oracleQuorum: number, authority = w.creator.publicKey): TransactionInstruction {
  return setOraclesIx({ authority, network: w.network, oracles, oracleQuorum });
}

function rejects(w: RewardWorld, ix: TransactionInstruction, errorName: string, signers: Keypair[] = [w.creator]) {
  expectRejected(w.chain, [ix], signers, errorName, [w.network]);
}

describe("set_oracles", () => {
  describe("effects", () => {
    it("replaces the set and its quorum, bumps the config version, and emits OraclesUpdated with the new set", () => {
      const w = rewardWorld();
      const set = keys(4);
      const r = expectOk(w.chain, [setIx(w, set, 3)], [w.creator]);
      const n = networkOf(w);
      assert.deepEqual(n.oracles.map((k) => k.toBase58()), set.map((k) => k.toBase58()));
      assert.equal(n.oracleQuorum, 3);
      assert.equal(n.oracleConfigVersion, 1);
      const d = theEvent(r, "OraclesUpdated");
      assert.ok(asKey(d.network).equals(w.network));
      assert.equal(d.config_version, 1);
      assert.deepEqual((d.oracles as PublicKey[]).map((k) => k.toBase58()), set.map((k) => k.toBase58()));
      assert.equal(d.oracle_quorum, 3);
      expectOk(w.chain, [setIx(w, set.slice(0, 1), 1)], [w.creator]);
      assert.equal(networkOf(w).oracleConfigVersion, 2, "every rotation bumps the version");
    });

    it("accepts the bounds: one oracle with quorum 1, eight with quorum 8", () => {
      const w = rewardWorld();
      for (const [n, q] of [[1, 1], [8, 8]]) {
        const set = keys(n);
        expectOk(w.chain, [setIx(w, set, q)], [w.creator]);
        assert.deepEqual([networkOf(w).oracles.length, networkOf(w).oracleQuorum], [n, q]);
      }
    });
  });

  describe("validation", () => {
    for (const [what, oracles, quorum] of [
      ["nine oracles", keys(9), 5],
      ["an empty set", [], 1],
      ["a quorum of 0", keys(3), 0],
      ["a quorum above the set's size", keys(3), 4],
      ["the same oracle twice", (() => { const k = keys(2); return [k[0], k[1], k[0]]; })(), 2],
      ["the zero key as an oracle", [...keys(2), PublicKey.default], 2],
    ] as [string, PublicKey[], number][]) {
      it(`rejects ${what} (InvalidOracleSet)`, () => {
        const w = rewardWorld();
        rejects(w, setIx(w, oracles, quorum), "InvalidOracleSet");
      });
    }

    it("rejects a set length prefix far beyond eight before reading it (InvalidOracleSet)", () => {
      const w = rewardWorld();
      const ix = setIx(w, keys(1), 1);
      const data = Buffer.from(ix.data);
      data.writeUInt32LE(0xffff_ffff, 8);
      rejects(w, withData(ix, data), "InvalidOracleSet");
    });

    it("rejects trailing or missing argument bytes (InvalidInstructionData)", () => {
      const w = rewardWorld();
      const ix = setIx(w, keys(2), 2);
      rejects(w, withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
      rejects(w, withData(ix, ix.data.subarray(0, ix.data.length - 1)), "InvalidInstructionData");
    });
  });

  describe("accounts", () => {
    it("rejects a signer who is not the network authority, an oracle included (Unauthorized)", () => {
      const w = rewardWorld();
      for (const intruder of [w.chain.fundedKeypair(), w.oracles[0]]) {
        rejects(w, setIx(w, [intruder.publicKey], 1, intruder.publicKey), "Unauthorized", [w.cranker, intruder]);
      }
    });

    it("rejects the creator once it handed the authority over (Unauthorized), and accepts the successor", () => {
      const w = rewardWorld();
      const successor = w.chain.fundedKeypair();
      expectOk(w.chain, [proposeAuthorityIx({ authority: w.creator.publicKey, network: w.network, newAuthority: successor.publicKey })], [w.creator]);
      expectOk(w.chain, [acceptAuthorityIx({ newAuthority: successor.publicKey, network: w.network })], [successor]);
      rejects(w, setIx(w, keys(1), 1), "Unauthorized");
      expectOk(w.chain, [setIx(w, keys(1), 1, successor.publicKey)], [successor]);
    });

    it("rejects an authority that did not sign (MissingSigner)", () => {
      const w = rewardWorld();
      rejects(w, unsign(setIx(w, keys(1), 1), AUTHORITY), "MissingSigner", [w.cranker]);
    });

    it("rejects a read-only network account (AccountNotWritable)", () => {
      const w = rewardWorld();
      rejects(w, readOnly(setIx(w, keys(1), 1), NETWORK), "AccountNotWritable");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const w = rewardWorld();
      rejects(w, truncateAccounts(setIx(w, keys(1), 1), 1), "NotEnoughAccounts");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const w = rewardWorld();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, replaceAccount(setIx(w, keys(1), 1), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const w = rewardWorld();
      rejects(w, replaceAccount(setIx(w, keys(1), 1), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
    });
  });
});
