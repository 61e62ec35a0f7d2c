// Instruction-data fuzzing of every instruction on the real binary. Each instruction
// starts from a well-formed call in a world where it would succeed; then, seeded, its
// arguments are truncated at every length, replaced by random bytes of random length, or
// mutated in a few bytes. Every outcome must be a typed hexpin error that changed nothing,
// or — only when the bytes happen to be a well-formed encoding of the arguments — a
// success. HEXPIN_FUZZ_CASES and HEXPIN_FUZZ_SEED change the run.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import {
  acceptAuthorityIx,
  advanceEpochIx,
  approveMakerIx,
  assertLocationIx,
  coder,
  decommissionHotspotIx,
  initializeNetworkIx,
  onboardHotspotIxs,
  proposeAuthorityIx,
  registerMakerIx,
  setOraclesIx,
  setPausedIx,
  transferHotspotIx,
  updateNetworkIx,
} from "../sdk/src";
import { LocalChain } from "../sdk/src/testing/local-chain";
import { DAY, networkParams, newDevice, onboardParams, registerMaker } from "./helpers/fixtures";
import { withData } from "./helpers/malformed";
import { Rng } from "./helpers/random";
import { activate, claimIx, commitment, ensureAta, onboardLife, rewardWorld, voteIx, worldWithEpoch } from "./helpers/rewards";
import { assertUnchanged, baseFee, snapshot, touchedKeys } from "./helpers/rejection";

const CASES = Number(process.env.HEXPIN_FUZZ_CASES ?? 300);
const SEED = Number(process.env.HEXPIN_FUZZ_SEED ?? 61_234);

/** A well-formed call of one instruction (the last of `ixs`) in a world where it succeeds. */
interface Target {
  chain: LocalChain;
  ixs: TransactionInstruction[];
  signers: Keypair[];
  /** accounts beyond those the instructions name whose state must not change on failure. */
  watch: PublicKey[];
  /** a success uses the call up (it cannot succeed twice): build a fresh world after one. */
  oneShot?: boolean;
}

const targets: Record<string, () => Target> = {
  initialize_network: () => {
    const chain = new LocalChain();
    const creator = chain.fundedKeypair();
    const feeRecipient = chain.fundedKeypair().publicKey;
    const ix = initializeNetworkIx(networkParams(creator.publicKey, feeRecipient, [Keypair.generate().publicKey, Keypair.generate().publicKey]));
    return { chain, ixs: [ix], signers: [creator], watch: [], oneShot: true };
  },
  register_maker: () => {
    const w = rewardWorld();
    const authority = w.chain.fundedKeypair();
    const issuingKey = Keypair.generate();
    const ix = registerMakerIx({ authority: authority.publicKey, network: w.network, name: "Fuzzy Radios", issuingKey: issuingKey.publicKey });
    return { chain: w.chain, ixs: [ix], signers: [authority, issuingKey], watch: [], oneShot: true };
  },
  approve_maker: () => {
    const w = rewardWorld();
    const mk = registerMaker(w, "Pending Radios", false);
    return { chain: w.chain, ixs: [approveMakerIx({ authority: w.creator.publicKey, network: w.network, maker: mk.maker, approved: true })], signers: [w.creator], watch: [] };
  },
  onboard_hotspot: () => {
    const w = rewardWorld();
    const payer = w.chain.fundedKeypair();
    const ixs = onboardHotspotIxs(onboardParams(w, w.maker, payer, newDevice()));
    return { chain: w.chain, ixs, signers: [payer, w.maker.issuingKey], watch: [], oneShot: true };
  },
  advance_epoch: () => {
    const w = rewardWorld();
    w.chain.warp(DAY);
    return { chain: w.chain, ixs: [advanceEpochIx({ payer: w.cranker.publicKey, network: w.network, epoch: 0 })], signers: [w.cranker], watch: [], oneShot: true };
  },
  post_epoch_root: () => {
    const { w, lives } = worldWithEpoch(2);
    const c = commitment(0, [[lives[0], 10n], [lives[1], 20n]]);
    return { chain: w.chain, ixs: [voteIx(w, w.oracles[0], c)], signers: [w.cranker, w.oracles[0]], watch: [], oneShot: true };
  },
  claim_rewards: () => {
    const { w, lives } = worldWithEpoch(3);
    const c = commitment(0, [[lives[0], 10n], [lives[1], 20n], [lives[2], 30n]]);
    activate(w, c);
    ensureAta(w, lives[2].owner.publicKey);
    return { chain: w.chain, ixs: [claimIx(w, lives[2], c)], signers: [w.cranker], watch: lives.map((l) => l.hotspot), oneShot: true };
  },
  assert_location: () => {
    const w = rewardWorld();
    const life = onboardLife(w);
    const ix = assertLocationIx({ payer: life.owner.publicKey, owner: life.owner.publicKey, network: w.network, hardwareKey: life.hardwareKey, feeRecipient: w.feeRecipient, location: latLngToCell(37.8, -122.27, 12), gainDbi10: 20, elevationM: 3 });
    return { chain: w.chain, ixs: [ix], signers: [life.owner], watch: [] };
  },
  transfer_hotspot: () => {
    const w = rewardWorld();
    const life = onboardLife(w);
    return { chain: w.chain, ixs: [transferHotspotIx({ owner: life.owner.publicKey, newOwner: Keypair.generate().publicKey, network: w.network, hardwareKey: life.hardwareKey })], signers: [life.owner], watch: [], oneShot: true };
  },
  decommission_hotspot: () => {
    const w = rewardWorld();
    const life = onboardLife(w);
    return { chain: w.chain, ixs: [decommissionHotspotIx({ owner: life.owner.publicKey, network: w.network, hardwareKey: life.hardwareKey })], signers: [life.owner], watch: [], oneShot: true };
  },
  set_oracles: () => {
    const w = rewardWorld();
    const oracles = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];
    return { chain: w.chain, ixs: [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles, oracleQuorum: 2 })], signers: [w.creator], watch: [] };
  },
  propose_authority: () => {
    const w = rewardWorld();
    return { chain: w.chain, ixs: [proposeAuthorityIx({ authority: w.creator.publicKey, network: w.network, newAuthority: Keypair.generate().publicKey })], signers: [w.creator], watch: [] };
  },
  accept_authority: () => {
    const w = rewardWorld();
    const successor = w.chain.fundedKeypair();
    w.chain.sendOrThrow([proposeAuthorityIx({ authority: w.creator.publicKey, network: w.network, newAuthority: successor.publicKey })], [w.creator]);
    return { chain: w.chain, ixs: [acceptAuthorityIx({ newAuthority: successor.publicKey, network: w.network })], signers: [successor], watch: [], oneShot: true };
  },
  update_network: () => {
    const w = rewardWorld();
    const recipient = w.chain.fundedKeypair().publicKey;
    const ix = updateNetworkIx({
      authority: w.creator.publicKey,
      network: w.network,
      update: {
        onboardFeeLamports: 5n,
        locationFeeLamports: 6n,
        locationCooldownSecs: 60n,
        feeRecipient: recipient,
        maxSupply: 10n ** 15n,
        futureEmissionSteps: [{ startEpoch: 3, amountPerEpoch: 9n }, { startEpoch: 9, amountPerEpoch: 1n }],
      },
    });
    return { chain: w.chain, ixs: [ix], signers: [w.creator], watch: [] };
  },
  set_paused: () => {
    const w = rewardWorld();
    return { chain: w.chain, ixs: [setPausedIx({ authority: w.creator.publicKey, network: w.network, paused: 1 })], signers: [w.creator], watch: [] };
  },
};

/** Whether `data` is exactly the Borsh encoding of some arguments of the instruction it names. */
function wellFormed(data: Buffer): boolean {
  try {
    const decoded = coder.instruction.decode(data);
    if (!decoded) return false;
    return coder.instruction.encode(decoded.name, decoded.data).equals(data);
  } catch {
    return false;
  }
}

/** The seeded argument byte strings to try after the discriminator of `valid`. */
function cases(rng: Rng, args: Buffer): { kind: string; args: Buffer }[] {
  const out: { kind: string; args: Buffer }[] = [];
  // Every truncation of the valid arguments (the longest first hundred, at most).
  for (let len = args.length - 1; len >= 0 && out.length < Math.min(100, CASES / 3); len--) out.push({ kind: "truncated", args: args.subarray(0, len) });
  while (out.length < CASES) {
    if (rng.chance(0.5) || args.length === 0) {
      out.push({ kind: "random", args: rng.bytes(rng.range(args.length === 0 ? 1 : 0, 2 * args.length + 16)) });
    } else {
      const m = Buffer.from(args);
      for (let k = rng.range(1, 3); k > 0; k--) m[rng.int(m.length)] = rng.u32() & 0xff;
      out.push({ kind: rng.chance(0.2) ? "extended" : "mutated", args: rng.chance(0.2) ? Buffer.concat([m, rng.bytes(rng.range(1, 8))]) : m });
    }
  }
  return out;
}

describe("instruction data fuzzing: every instruction, random and truncated arguments", () => {
  Object.entries(targets).forEach(([name, make], index) => {
    it(`${name}: ${CASES} seeded variants give only typed errors that change nothing, or succeed only when well-formed`, () => {
      let t = make();
      const rng = new Rng(SEED + index);
      const disc = t.ixs[t.ixs.length - 1].data.subarray(0, 8);
      const seen = new Map<string, number>();
      let successes = 0;
      for (const [i, c] of cases(rng, t.ixs[t.ixs.length - 1].data.subarray(8)).entries()) {
        const last = t.ixs[t.ixs.length - 1];
        const data = Buffer.concat([disc, c.args]);
        const ixs = [...t.ixs.slice(0, -1), withData(last, data)];
        const before = snapshot(t.chain, touchedKeys(ixs, t.watch));
        const r = t.chain.send(ixs, t.signers);
        const what = `${name} case ${i} (${c.kind}, seed ${SEED + index}): ${c.args.toString("hex")}`;
        if (r.ok) {
          assert.ok(wellFormed(data), `${what}: succeeded with malformed arguments`);
          successes++;
          if (t.oneShot) t = make();
          continue;
        }
        assert.ok(r.error, `${what}: failed without a typed hexpin error: ${r.rawError}\n${r.logs.join("\n")}`);
        assertUnchanged(t.chain, before, t.signers[0].publicKey, baseFee(ixs, t.signers));
        seen.set(r.error.errorName, (seen.get(r.error.errorName) ?? 0) + 1);
      }
      assert.ok((seen.get("InvalidInstructionData") ?? 0) > 0, "malformed arguments are refused as invalid data");
      console.log(`      ${name}: ${successes} well-formed successes; ${[...seen].map(([e, n]) => `${e} ×${n}`).join(", ")}`);
    });
  });

  it("refuses data shorter than a discriminator (InvalidInstructionData) and unknown discriminators (UnknownInstruction), changing nothing", () => {
    const t = targets.set_paused();
    const rng = new Rng(SEED - 1);
    const last = t.ixs[0];
    const known = new Set(Object.keys(targets).map((n) => createHash("sha256").update(`global:${n}`).digest().subarray(0, 8).toString("hex")));
    assert.ok(known.has(last.data.subarray(0, 8).toString("hex")), "discriminators are sha256(\"global:<name>\")[..8]");
    for (let i = 0; i < 100; i++) {
      const short = i < 8;
      const data = short ? rng.bytes(i) : rng.bytes(8 + rng.int(40));
      if (!short && known.has(data.subarray(0, 8).toString("hex"))) continue;
      const ix = withData(last, data);
      const before = snapshot(t.chain, touchedKeys([ix]));
      const r = t.chain.send([ix], t.signers);
      assert.equal(r.error?.errorName, short ? "InvalidInstructionData" : "UnknownInstruction", data.toString("hex"));
      assertUnchanged(t.chain, before, t.signers[0].publicKey, baseFee([ix], t.signers));
    }
  });
});
