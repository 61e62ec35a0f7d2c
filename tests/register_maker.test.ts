import { strict as assert } from "node:assert";
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { decodeMaker, decodeNetwork, makerPda, registerMakerIx } from "../sdk/src";
import { createNetwork, registerMaker, type NetworkFixture } from "./helpers/fixtures";
import { asKey, theEvent } from "./helpers/events";
import { prefund, smallestPrefund } from "./helpers/prefund";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { expectOk, expectRejected } from "./helpers/rejection";

const AUTHORITY = 0;
const ISSUING_KEY = 1;
const NETWORK = 2;
const MAKER = 3;
const SYSTEM = 4;

function setup(net: NetworkFixture = createNetwork(), name = "Acme Radios") {
  const authority = net.chain.fundedKeypair();
  const issuer = Keypair.generate();
  const issuingKey = issuer.publicKey;
  const [maker] = makerPda(net.network, issuingKey);
  const ix = registerMakerIx({ authority: authority.publicKey, network: net.network, name, issuingKey });
  return { net, chain: net.chain, authority, issuer, issuingKey, maker, ix, signers: [authority, issuer] };
}

/** register_maker data with the name given as raw bytes, bypassing the builder's UTF-8 encoding. */
function rawNameData(ix: TransactionInstruction, name: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(name.length);
  return Buffer.concat([ix.data.subarray(0, 8), len, name]);
}

function makerCount(net: NetworkFixture): number {
  return decodeNetwork(net.chain.accountData(net.network)!).makerCount;
}

describe("register_maker", () => {
  describe("accounts", () => {
    it("rejects an authority that did not sign (MissingSigner)", () => {
      const s = setup();
      const feePayer = s.chain.fundedKeypair();
      expectRejected(s.chain, [unsign(s.ix, AUTHORITY)], [feePayer, s.issuer], "MissingSigner");
    });

    it("rejects a read-only authority (AccountNotWritable)", () => {
      const s = setup();
      const feePayer = s.chain.fundedKeypair();
      expectRejected(s.chain, [readOnly(s.ix, AUTHORITY)], [feePayer, s.authority, s.issuer], "AccountNotWritable");
    });

    for (const [name, index] of [["network", NETWORK], ["maker", MAKER]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const s = setup();
        expectRejected(s.chain, [readOnly(s.ix, index)], s.signers, "AccountNotWritable");
      });
    }

    it("rejects a system program that is not the System Program (WrongProgram)", () => {
      const s = setup();
      expectRejected(s.chain, [replaceAccount(s.ix, SYSTEM, TOKEN_PROGRAM_ID)], s.signers, "WrongProgram");
    });

    it("rejects a maker PDA derived for another issuing key (InvalidPda)", () => {
      const s = setup();
      const [other] = makerPda(s.net.network, Keypair.generate().publicKey);
      expectRejected(s.chain, [replaceAccount(s.ix, MAKER, other)], s.signers, "InvalidPda", [s.maker]);
    });

    it("rejects a maker PDA derived for another network (InvalidPda)", () => {
      const s = setup();
      const otherNet = createNetwork(s.chain);
      const [other] = makerPda(otherNet.network, s.issuingKey);
      expectRejected(s.chain, [replaceAccount(s.ix, MAKER, other)], s.signers, "InvalidPda", [s.maker]);
    });

    it("rejects a network account the program does not own (WrongAccountOwner)", () => {
      const s = setup();
      const impostor = s.chain.fundedKeypair().publicKey;
      expectRejected(s.chain, [replaceAccount(s.ix, NETWORK, impostor)], s.signers, "WrongAccountOwner");
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const s = setup();
      const forged = Keypair.generate().publicKey;
      const real = s.chain.account(s.net.network)!;
      s.chain.setAccount(forged, { ...real, owner: SystemProgram.programId });
      const ix = registerMakerIx({ authority: s.authority.publicKey, network: forged, name: "Forger", issuingKey: s.issuingKey });
      expectRejected(s.chain, [ix], s.signers, "WrongAccountOwner");
    });

    it("rejects a Maker account passed as the network (AccountDiscriminatorMismatch)", () => {
      const s = setup();
      const existing = registerMaker(s.net, "Existing", true);
      const ix = registerMakerIx({ authority: s.authority.publicKey, network: existing.maker, name: "Nested", issuingKey: s.issuingKey });
      expectRejected(s.chain, [ix], s.signers, "AccountDiscriminatorMismatch");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const s = setup();
      expectRejected(s.chain, [truncateAccounts(s.ix, 3)], s.signers, "NotEnoughAccounts");
    });
  });

  describe("arguments", () => {
    it("rejects an empty name (InvalidMakerName)", () => {
      const s = setup(undefined, "");
      expectRejected(s.chain, [s.ix], s.signers, "InvalidMakerName");
    });

    it("rejects a 33-byte name (InvalidMakerName)", () => {
      const s = setup(undefined, "x".repeat(33));
      expectRejected(s.chain, [s.ix], s.signers, "InvalidMakerName");
    });

    it("measures the name limit in bytes, not characters: 11 three-byte characters are refused (InvalidMakerName)", () => {
      const s = setup(undefined, "€".repeat(11));
      expectRejected(s.chain, [s.ix], s.signers, "InvalidMakerName");
    });

    it("accepts a 32-byte multi-byte UTF-8 name and stores it intact", () => {
      const name = "Ünïcødé Rädiøs GmbH ✓✓"; // 32 bytes in UTF-8
      assert.equal(Buffer.byteLength(name), 32);
      const s = setup(undefined, name);
      expectOk(s.chain, [s.ix], s.signers);
      assert.equal(decodeMaker(s.chain.accountData(s.maker)!).name, name);
    });

    it("rejects a name that is not valid UTF-8 (InvalidMakerName)", () => {
      const s = setup();
      const data = rawNameData(s.ix, Uint8Array.from([0x41, 0xc3, 0x28, 0x42]));
      expectRejected(s.chain, [withData(s.ix, data)], s.signers, "InvalidMakerName");
    });

    it("rejects a name length prefix far beyond the data (InvalidMakerName)", () => {
      const s = setup();
      const data = rawNameData(s.ix, Buffer.from("Acme"));
      data.writeUInt32LE(0xffff_ffff, 8);
      expectRejected(s.chain, [withData(s.ix, data)], s.signers, "InvalidMakerName");
    });

    it("rejects an issuing key that did not sign: possession must be proven (MissingSigner)", () => {
      const s = setup();
      expectRejected(s.chain, [unsign(s.ix, ISSUING_KEY)], [s.authority], "MissingSigner", [s.maker]);
    });

    it("rejects trailing bytes after the arguments (InvalidInstructionData)", () => {
      const s = setup();
      expectRejected(s.chain, [withData(s.ix, Buffer.concat([s.ix.data, Buffer.from([1])]))], s.signers, "InvalidInstructionData");
    });
  });

  describe("state", () => {
    it("stops a squatter from registering a vendor's issuing key it does not hold (MissingSigner)", () => {
      const s = setup();
      const squatter = s.chain.fundedKeypair();
      const grab = registerMakerIx({ authority: squatter.publicKey, network: s.net.network, name: "Squatter", issuingKey: s.issuingKey });
      expectRejected(s.chain, [unsign(grab, ISSUING_KEY)], [squatter], "MissingSigner", [s.maker]);
      expectOk(s.chain, [s.ix], s.signers);
      const m = decodeMaker(s.chain.accountData(s.maker)!);
      assert.ok(m.authority.equals(s.authority.publicKey), "the real vendor registered its own key");
    });

    it("rejects registering the same issuing key twice on a network (AccountAlreadyInitialized)", () => {
      const s = setup();
      expectOk(s.chain, [s.ix], s.signers);
      const other = s.chain.fundedKeypair();
      const again = registerMakerIx({ authority: other.publicKey, network: s.net.network, name: "Again", issuingKey: s.issuingKey });
      expectRejected(s.chain, [again], [other, s.issuer], "AccountAlreadyInitialized");
      const m = decodeMaker(s.chain.accountData(s.maker)!);
      assert.equal(m.name, "Acme Radios");
      assert.ok(m.authority.equals(s.authority.publicKey));
      assert.equal(makerCount(s.net), 1);
    });

    it("registers the same issuing key independently on two networks", () => {
      const s = setup();
      const other = createNetwork(s.chain);
      expectOk(s.chain, [s.ix], s.signers);
      const ix = registerMakerIx({ authority: s.authority.publicKey, network: other.network, name: "Acme Radios", issuingKey: s.issuingKey });
      expectOk(s.chain, [ix], s.signers);
      assert.ok(decodeMaker(s.chain.accountData(makerPda(other.network, s.issuingKey)[0])!).network.equals(other.network));
      assert.equal(makerCount(s.net), 1);
      assert.equal(makerCount(other), 1);
    });

    it("registers into a pre-funded maker PDA", () => {
      const s = setup();
      prefund(s.chain, s.maker, smallestPrefund(s.chain));
      expectOk(s.chain, [s.ix], s.signers);
      assert.equal(s.chain.accountOwner(s.maker)?.toBase58(), s.chain.programId.toBase58());
      assert.equal(decodeMaker(s.chain.accountData(s.maker)!).approved, false);
    });
  });

  describe("events", () => {
    it("emits MakerRegistered with the network, maker, authority, issuing key and name", () => {
      const s = setup();
      const r = expectOk(s.chain, [s.ix], s.signers);
      const d = theEvent(r, "MakerRegistered");
      assert.ok(asKey(d.network).equals(s.net.network));
      assert.ok(asKey(d.maker).equals(s.maker));
      assert.ok(asKey(d.authority).equals(s.authority.publicKey));
      assert.ok(asKey(d.issuing_key).equals(s.issuingKey));
      assert.equal(d.name, "Acme Radios");
    });
  });
});
