// The hand-written IDL must agree with the program it describes: discriminators,
// errors, the program id and account sizes. Each check reads the Rust source or the
// running binary, so drift on either side fails here.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import idlJson from "../idl/hexpin.json";
import {
  acceptAuthorityIx,
  advanceEpochIx,
  approveMakerIx,
  assertLocationIx,
  claimRewardsIx,
  coder,
  decommissionHotspotIx,
  postEpochRootIx,
  proposeAuthorityIx,
  setOraclesIx,
  setPausedIx,
  transferHotspotIx,
  updateNetworkIx,
  epochPda,
  HEXPIN_ERRORS,
  HEXPIN_PROGRAM_ID,
  hotspotPda,
  initializeNetworkIx,
  onboardHotspotIxs,
  registerMakerIx,
} from "../sdk/src";
import { createNetwork, DAY, networkParams, newDevice, onboard, registerMaker } from "./helpers/fixtures";

const ROOT = resolve(__dirname, "..");
const rust = (path: string) => readFileSync(resolve(ROOT, "programs/hexpin/src", path), "utf8");

interface IdlItem {
  name: string;
  discriminator: number[];
}
interface IdlInstruction extends IdlItem {
  accounts: { name: string; writable?: boolean; signer?: boolean; address?: string }[];
}
const idl = idlJson as unknown as {
  address: string;
  instructions: IdlInstruction[];
  accounts: IdlItem[];
  events: IdlItem[];
  errors: { code: number; name: string; msg?: string }[];
};

function anchorDiscriminator(namespace: "global" | "account" | "event", name: string): number[] {
  return [...createHash("sha256").update(`${namespace}:${name}`).digest().subarray(0, 8)];
}

function byteList(text: string): number[] {
  return text.split(",").map((b) => b.trim()).filter((b) => b !== "").map(Number);
}

/** `NAME: [u8; 8] = [..]` constants (instructions) or `impl Trait for Name { const DISCRIMINATOR ... }` (state, events). */
function rustDiscriminators(source: string, pattern: RegExp): Map<string, number[]> {
  return new Map([...source.matchAll(pattern)].map((m) => [m[1], byteList(m[2])]));
}

const snakeToUpper = (s: string) => s.toUpperCase();

describe("IDL consistency", () => {
  describe("discriminators", () => {
    it("every instruction discriminator is sha256(\"global:<name>\")[..8] and equals the program's constant", () => {
      const inRust = rustDiscriminators(rust("instructions/mod.rs"), /pub const (\w+): \[u8; 8\] = \[([^\]]+)\]/g);
      assert.equal(inRust.size, idl.instructions.length, "one Rust constant per IDL instruction");
      for (const ix of idl.instructions) {
        assert.deepEqual(ix.discriminator, anchorDiscriminator("global", ix.name), ix.name);
        assert.deepEqual(inRust.get(snakeToUpper(ix.name)), ix.discriminator, `${ix.name} in instructions/mod.rs`);
      }
    });

    it("every account discriminator is sha256(\"account:<Name>\")[..8] and equals the state type's constant", () => {
      const source = ["network.rs", "maker.rs", "hotspot.rs", "epoch.rs"].map((f) => rust(`state/${f}`)).join("\n");
      const inRust = rustDiscriminators(source, /impl AccountState for (\w+) \{\s*const DISCRIMINATOR: \[u8; 8\] = \[([^\]]+)\]/g);
      assert.equal(inRust.size, idl.accounts.length, "one Rust account type per IDL account");
      for (const a of idl.accounts) {
        assert.deepEqual(a.discriminator, anchorDiscriminator("account", a.name), a.name);
        assert.deepEqual(inRust.get(a.name), a.discriminator, `${a.name} in state/`);
      }
    });

    it("every event discriminator is sha256(\"event:<Name>\")[..8] and equals the event's constant", () => {
      const inRust = rustDiscriminators(rust("events.rs"), /impl Event for (\w+)(?:<'_>)? \{\s*const DISCRIMINATOR: \[u8; 8\] = \[([^\]]+)\]/g);
      assert.equal(inRust.size, idl.events.length, "one Rust event per IDL event");
      for (const e of idl.events) {
        assert.deepEqual(e.discriminator, anchorDiscriminator("event", e.name), e.name);
        assert.deepEqual(inRust.get(e.name), e.discriminator, `${e.name} in events.rs`);
      }
    });
  });

  describe("errors", () => {
    const source = rust("error.rs");
    const enumBody = /pub enum HexpinError \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
    const variants = [...enumBody.matchAll(/^\s*(\w+) = (\d+),/gm)].map((m) => ({ name: m[1], code: Number(m[2]) }));

    it("parses a non-empty Rust error enum with codes from 6000, contiguous and in order", () => {
      assert.ok(variants.length > 0, "HexpinError variants found");
      variants.forEach((v, i) => assert.equal(v.code, 6000 + i, `${v.name} should be ${6000 + i}`));
    });

    it("lists exactly the Rust enum's variants, name for name and code for code", () => {
      const idlErrors = idl.errors.map((e) => ({ name: e.name, code: e.code }));
      assert.deepEqual(idlErrors, variants);
    });

    it("has Rust's ALL table and name() agree with the enum", () => {
      const all = /pub const ALL: \[HexpinError; (\d+)\] = \[([\s\S]*?)\];/.exec(source);
      assert.ok(all, "HexpinError::ALL found");
      assert.equal(Number(all[1]), variants.length);
      assert.deepEqual([...all[2].matchAll(/Self::(\w+)/g)].map((m) => m[1]), variants.map((v) => v.name));
      const names = new Map([...source.matchAll(/Self::(\w+) => "(\w+)"/g)].map((m) => [m[1], m[2]]));
      for (const v of variants) assert.equal(names.get(v.name), v.name, `name() of ${v.name}`);
    });

    it("gives every error a full-sentence message", () => {
      for (const e of idl.errors) {
        const msg = e.msg ?? "";
        assert.match(msg, /^[A-Z]/, `${e.name}: starts with a capital`);
        assert.match(msg, /[.!?]$/, `${e.name}: ends with a full stop`);
        assert.ok(msg.split(/\s+/).length >= 4, `${e.name}: a sentence, not a label`);
      }
    });

    it("maps every program error one-to-one into the SDK's typed errors", () => {
      assert.deepEqual(HEXPIN_ERRORS.map((e) => [e.code, e.name, e.msg]), idl.errors.map((e) => [e.code, e.name, e.msg]));
    });
  });

  describe("program id", () => {
    const keypair = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(resolve(ROOT, "programs/hexpin/keys/hexpin-keypair.json"), "utf8"))));

    it("is the public key of programs/hexpin/keys/hexpin-keypair.json", () => {
      assert.equal(idl.address, keypair.publicKey.toBase58());
      assert.ok(HEXPIN_PROGRAM_ID.equals(keypair.publicKey));
    });

    it("is the [programs.localnet] hexpin entry of Anchor.toml", () => {
      const toml = readFileSync(resolve(ROOT, "Anchor.toml"), "utf8");
      const section = /^\[programs\.localnet\]\s*\n([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? "";
      const id = /^\s*hexpin\s*=\s*"([1-9A-HJ-NP-Za-km-z]+)"/m.exec(section)?.[1];
      assert.equal(id, idl.address);
    });

    it("is the id compiled into the program (id_bytes.rs)", () => {
      const source = rust("id_bytes.rs");
      const bytes = byteList(/pub const PROGRAM_ID: \[u8; 32\] = \[([^\]]+)\]/.exec(source)?.[1] ?? "");
      assert.equal(new PublicKey(Uint8Array.from(bytes)).toBase58(), idl.address);
      assert.equal(/PROGRAM_ID_BASE58: &str = "(\w+)"/.exec(source)?.[1], idl.address);
    });
  });

  describe("instruction accounts", () => {
    it("the SDK builders pass the IDL's accounts in order, with its signer and writable flags and fixed addresses", () => {
      const creator = Keypair.generate().publicKey;
      const someone = Keypair.generate().publicKey;
      const device = newDevice();
      const built: Record<string, TransactionInstruction> = {
        initialize_network: initializeNetworkIx(networkParams(creator, someone, [someone])),
        register_maker: registerMakerIx({ authority: someone, network: creator, name: "x", issuingKey: someone }),
        approve_maker: approveMakerIx({ authority: someone, network: creator, maker: someone, approved: true }),
        onboard_hotspot: onboardHotspotIxs({
          payer: someone,
          issuingKey: someone,
          owner: someone,
          network: creator,
          feeRecipient: someone,
          hardwareKey: new PublicKey(device.publicKey),
          signWithHardwareKey: () => new Uint8Array(64),
          location: 0n,
          gainDbi10: 0,
          elevationM: 0,
        })[1],
        advance_epoch: advanceEpochIx({ payer: someone, network: creator, epoch: 0 }),
        post_epoch_root: postEpochRootIx({ oracle: someone, network: creator, epoch: 3, merkleRoot: new Uint8Array(32), inputDigest: new Uint8Array(32), totalCumulative: 5n }),
        claim_rewards: claimRewardsIx({ network: creator, hardwareKey: someone, owner: someone, cumulative: 5n, proof: [new Uint8Array(32)] }),
        assert_location: assertLocationIx({ payer: someone, owner: someone, network: creator, hardwareKey: someone, feeRecipient: someone, location: 1n, gainDbi10: 0, elevationM: 0 }),
        transfer_hotspot: transferHotspotIx({ owner: someone, newOwner: creator, network: creator, hardwareKey: someone }),
        decommission_hotspot: decommissionHotspotIx({ owner: someone, network: creator, hardwareKey: someone }),
        set_oracles: setOraclesIx({ authority: someone, network: creator, oracles: [someone], oracleQuorum: 1 }),
        propose_authority: proposeAuthorityIx({ authority: someone, network: creator, newAuthority: someone }),
        accept_authority: acceptAuthorityIx({ newAuthority: someone, network: creator }),
        update_network: updateNetworkIx({ authority: someone, network: creator, update: { maxSupply: 5n } }),
        set_paused: setPausedIx({ authority: someone, network: creator, paused: 1 }),
      };
      assert.deepEqual(Object.keys(built).sort(), idl.instructions.map((i) => i.name).sort());
      for (const ix of idl.instructions) {
        const keys = built[ix.name].keys;
        assert.equal(keys.length, ix.accounts.length, `${ix.name}: account count`);
        ix.accounts.forEach((a, i) => {
          assert.equal(keys[i].isSigner, a.signer ?? false, `${ix.name}.${a.name}: signer`);
          assert.equal(keys[i].isWritable, a.writable ?? false, `${ix.name}.${a.name}: writable`);
          if (a.address) assert.equal(keys[i].pubkey.toBase58(), a.address, `${ix.name}.${a.name}: address`);
        });
        assert.deepEqual([...built[ix.name].data.subarray(0, 8)], ix.discriminator, `${ix.name}: data starts with its discriminator`);
      }
    });
  });

  describe("account sizes", () => {
    it("BorshCoder's size of every account type equals the data length the program allocates", () => {
      const net = createNetwork();
      const mk = registerMaker(net);
      const { result, hardwareKey } = onboard(net, mk);
      assert.ok(result.ok, result.logs.join("\n"));
      net.chain.warp(DAY);
      net.chain.sendOrThrow([advanceEpochIx({ payer: net.creator.publicKey, network: net.network, epoch: 0 })], [net.creator]);
      const onChain: Record<string, PublicKey> = {
        Network: net.network,
        Maker: mk.maker,
        Hotspot: hotspotPda(net.network, hardwareKey)[0],
        Epoch: epochPda(net.network, 0)[0],
      };
      assert.deepEqual(Object.keys(onChain).sort(), idl.accounts.map((a) => a.name).sort());
      for (const [name, key] of Object.entries(onChain)) {
        const data = net.chain.accountData(key)!;
        assert.equal(coder.accounts.size(name), data.length, `${name} size`);
        assert.deepEqual([...data.subarray(0, 8)], idl.accounts.find((a) => a.name === name)!.discriminator, `${name} discriminator on chain`);
        assert.doesNotThrow(() => coder.accounts.decode(name, data), `${name} decodes with the IDL`);
      }
    });
  });
});
