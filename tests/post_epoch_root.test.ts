import { strict as assert } from "node:assert";
import { Keypair, SystemProgram } from "@solana/web3.js";
import { epochPda, PAUSE, setOraclesIx, setPausedIx } from "../sdk/src";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { createNetwork, EMISSION } from "./helpers/fixtures";
import { readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import {
  activate,
  closeEpoch,
  commitment,
  digestOf,
  epochOf,
  networkOf,
  onboardLife,
  rewardWorld,
  vote,
  voteIx,
  worldWithEpoch,
  type Commitment,
  type RewardWorld,
} from "./helpers/rewards";
import { expectOk, expectRejected } from "./helpers/rejection";

const ORACLE = 0;
const NETWORK = 1;
const EPOCH = 2;

/** Rejected with `errorName`; the network and the epoch account (and everything the vote names) unchanged. */
function rejects(w: RewardWorld, oracle: Keypair, ix: ReturnType<typeof voteIx>, errorName: string, epoch: bigint | number = 0) {
  expectRejected(w.chain, [ix], [w.cranker, oracle], errorName, [w.network, epochPda(w.network, epoch)[0]]);
}

function twoLivesEpoch(o: Parameters<typeof rewardWorld>[0] = {}) {
  const { w, lives, epoch } = worldWithEpoch(2, o);
  const c = commitment(epoch, [[lives[0], 300n], [lives[1], 700n]]);
  return { w, lives, c };
}

/** The same commitment with one field changed. */
function variant(c: Commitment, change: Partial<Pick<Commitment, "root" | "digest" | "total">>): Commitment {
  return { ...c, ...change };
}

describe("post_epoch_root", () => {
  describe("votes and activation", () => {
    it("records a first vote as a proposal without activating it, and emits EpochRootVoted with every field", () => {
      const { w, c } = twoLivesEpoch();
      const r = expectOk(w.chain, [voteIx(w, w.oracles[1], c)], [w.cranker, w.oracles[1]]);
      const e = epochOf(w, 0);
      assert.equal(e.votedMask, 0b010);
      assert.equal(e.proposals.length, 1);
      assert.ok(e.proposals[0].merkleRoot.equals(c.root));
      assert.ok(e.proposals[0].inputDigest.equals(c.digest));
      assert.equal(e.proposals[0].totalCumulative, c.total);
      assert.equal(e.proposals[0].votes, 1);
      assert.equal(e.proposals[0].voterMask, 0b010);
      assert.equal(e.rootActive, false);
      assert.equal(networkOf(w).activeRoot, null);
      const d = theEvent(r, "EpochRootVoted");
      assert.ok(asKey(d.network).equals(w.network));
      assert.equal(asBigInt(d.epoch), 0n);
      assert.ok(asKey(d.oracle).equals(w.oracles[1].publicKey));
      assert.deepEqual(Buffer.from(d.merkle_root as number[]), c.root);
      assert.deepEqual(Buffer.from(d.input_digest as number[]), c.digest);
      assert.equal(asBigInt(d.total_cumulative), c.total);
      assert.equal(d.votes, 1);
      assert.equal(d.quorum, 2);
      assert.equal(r.events.filter((x) => x.name === "EpochRootActivated").length, 0);
    });

    it("activates the root at the quorum-th identical vote: the epoch and the network carry root, digest and total, and EpochRootActivated says so", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      w.chain.warp(17);
      const r = expectOk(w.chain, [voteIx(w, w.oracles[2], c)], [w.cranker, w.oracles[2]]);
      const e = epochOf(w, 0);
      assert.equal(e.rootActive, true);
      assert.ok(e.merkleRoot.equals(c.root));
      assert.ok(e.inputDigest.equals(c.digest));
      assert.equal(e.totalCumulative, c.total);
      assert.equal(e.activatedAt, w.chain.now());
      assert.equal(e.votedMask, 0b101);
      assert.equal(e.proposals[0].votes, 2);
      assert.equal(e.proposals[0].voterMask, 0b101);
      assert.deepEqual(networkOf(w).activeRoot, { epoch: 0n, merkleRoot: c.root, inputDigest: c.digest, totalCumulative: c.total });
      assert.equal(theEvent(r, "EpochRootVoted").votes, 2);
      const d = theEvent(r, "EpochRootActivated");
      assert.ok(asKey(d.network).equals(w.network));
      assert.equal(asBigInt(d.epoch), 0n);
      assert.deepEqual(Buffer.from(d.merkle_root as number[]), c.root);
      assert.deepEqual(Buffer.from(d.input_digest as number[]), c.digest);
      assert.equal(asBigInt(d.total_cumulative), c.total);
    });

    it("accepts a root committing exactly everything emitted through its epoch", () => {
      const { w, lives } = worldWithEpoch(1);
      const c = commitment(0, [[lives[0], EMISSION]]);
      activate(w, c);
      assert.equal(networkOf(w).activeRoot?.totalCumulative, EMISSION);
    });

    it("accepts votes while onboarding and claims are paused: no epoch is lost to a pause", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [setPausedIx({ authority: w.creator.publicKey, network: w.network, paused: PAUSE.onboarding | PAUSE.claims })], [w.creator]);
      activate(w, c);
      assert.equal(networkOf(w).paused, 3);
    });

    it("activates later epochs one after another, each root replacing the last", () => {
      const { w, lives, c } = twoLivesEpoch();
      activate(w, c);
      closeEpoch(w);
      const c1 = commitment(1, [[lives[0], 900n], [lives[1], 1_100n]]);
      activate(w, c1);
      assert.deepEqual(networkOf(w).activeRoot, { epoch: 1n, merkleRoot: c1.root, inputDigest: c1.digest, totalCumulative: 2_000n });
      assert.equal(epochOf(w, 0).rootActive, true, "the older epoch keeps its record");
    });
  });

  describe("the oracle set", () => {
    it("rejects a vote by a key outside the oracle set (NotAnOracle)", () => {
      const { w, c } = twoLivesEpoch();
      const stranger = Keypair.generate();
      rejects(w, stranger, voteIx(w, stranger, c), "NotAnOracle");
    });

    it("rejects a vote by another network's oracle (NotAnOracle)", () => {
      const { w, c } = twoLivesEpoch();
      const other = createNetwork(w.chain);
      rejects(w, other.oracles[0], voteIx(w, other.oracles[0], c), "NotAnOracle");
    });

    it("rejects a vote by the network authority, which is not an oracle (NotAnOracle)", () => {
      const { w, c } = twoLivesEpoch();
      rejects(w, w.creator, voteIx(w, w.creator, c), "NotAnOracle");
    });

    it("rejects a vote whose oracle did not sign (MissingSigner)", () => {
      const { w, c } = twoLivesEpoch();
      expectRejected(w.chain, [unsign(voteIx(w, w.oracles[0], c), ORACLE)], [w.cranker], "MissingSigner", [w.network, epochPda(w.network, 0)[0]]);
    });
  });

  describe("one vote per oracle per epoch", () => {
    it("rejects an oracle voting the same triple twice (OracleAlreadyVoted), so one oracle never makes a quorum of two", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], c), "OracleAlreadyVoted");
      assert.equal(epochOf(w, 0).proposals[0].votes, 1);
      assert.equal(networkOf(w).activeRoot, null);
    });

    it("rejects an oracle changing its vote to another triple (OracleAlreadyVoted)", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], variant(c, { digest: digestOf("other") })), "OracleAlreadyVoted");
      assert.equal(epochOf(w, 0).proposals.length, 1);
    });

    it("lets an oracle vote on each epoch once", () => {
      const { w, lives, c } = twoLivesEpoch({ quorum: 3 });
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      closeEpoch(w);
      const c1 = commitment(1, [[lives[0], 400n], [lives[1], 800n]]);
      expectOk(w.chain, [voteIx(w, w.oracles[0], c1)], [w.cranker, w.oracles[0]]);
      assert.equal(epochOf(w, 0).votedMask, 1);
      assert.equal(epochOf(w, 1).votedMask, 1);
    });
  });

  describe("conflicting votes", () => {
    it("records triples differing only in root, only in digest or only in total as separate proposals that never pool their votes", () => {
      const { w, lives, c } = twoLivesEpoch({ oracles: 4, quorum: 2 });
      const otherRoot = variant(c, { root: commitment(0, [[lives[0], 301n], [lives[1], 699n]]).root });
      const otherDigest = variant(c, { digest: digestOf("another bundle") });
      const otherTotal = variant(c, { total: c.total + 1n });
      [c, otherRoot, otherDigest, otherTotal].forEach((x, i) => expectOk(w.chain, [voteIx(w, w.oracles[i], x)], [w.cranker, w.oracles[i]]));
      const e = epochOf(w, 0);
      assert.equal(e.rootActive, false, "four votes, quorum two, no two identical: nothing activates");
      assert.deepEqual(
        e.proposals.map((p) => [p.merkleRoot.toString("hex"), p.inputDigest.toString("hex"), p.totalCumulative, p.votes, p.voterMask]),
        [c, otherRoot, otherDigest, otherTotal].map((x, i) => [x.root.toString("hex"), x.digest.toString("hex"), x.total, 1, 1 << i]),
      );
      assert.equal(e.votedMask, 0b1111);
      assert.equal(networkOf(w).activeRoot, null);
    });

    it("activates the proposal that reaches quorum, with the triple its voters chose, while a conflicting one stays recorded apart", () => {
      const { w, c } = twoLivesEpoch({ oracles: 3, quorum: 2 });
      const rival = variant(c, { digest: digestOf("rival") });
      expectOk(w.chain, [voteIx(w, w.oracles[0], rival)], [w.cranker, w.oracles[0]]);
      expectOk(w.chain, [voteIx(w, w.oracles[1], c)], [w.cranker, w.oracles[1]]);
      assert.equal(epochOf(w, 0).rootActive, false);
      expectOk(w.chain, [voteIx(w, w.oracles[2], c)], [w.cranker, w.oracles[2]]);
      const e = epochOf(w, 0);
      assert.ok(e.inputDigest.equals(c.digest), "the digest of the proposal that reached quorum");
      assert.deepEqual(e.proposals.map((p) => [p.votes, p.voterMask]), [[1, 0b001], [2, 0b110]]);
    });
  });

  describe("activation bounds", () => {
    it("refuses at once a vote committing more than was emitted through the epoch, recording nothing (CumulativeExceedsEmitted)", () => {
      const { w, lives } = worldWithEpoch(1);
      const c = commitment(0, [[lives[0], EMISSION + 1n]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], c), "CumulativeExceedsEmitted");
      assert.equal(epochOf(w, 0).proposals.length, 0);
    });

    it("bounds an epoch's total by what was emitted through that epoch, not by what the network emitted since (CumulativeExceedsEmitted)", () => {
      const { w, lives } = worldWithEpoch(1);
      closeEpoch(w);
      assert.equal(networkOf(w).totalEmitted, 2n * EMISSION);
      const c = commitment(0, [[lives[0], EMISSION + 1n]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], c), "CumulativeExceedsEmitted");
      const c1 = commitment(1, [[lives[0], EMISSION + 1n]]);
      activate(w, c1);
    });

    it("refuses a root whose total is below the active root's (CumulativeDecreased), and accepts an equal one", () => {
      const { w, lives, c } = twoLivesEpoch();
      activate(w, c);
      closeEpoch(w);
      const lower = commitment(1, [[lives[0], 300n], [lives[1], 699n]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], lower), "CumulativeDecreased", 1);
      const equal = commitment(1, [[lives[0], 200n], [lives[1], 800n]]);
      activate(w, equal);
    });

    it("refuses the quorum-th vote for a proposal whose total fell below a root activated since (CumulativeDecreased)", () => {
      const { w, lives } = worldWithEpoch(1);
      closeEpoch(w);
      const late = commitment(1, [[lives[0], 500n]]);
      expectOk(w.chain, [voteIx(w, w.oracles[0], late)], [w.cranker, w.oracles[0]]);
      activate(w, commitment(0, [[lives[0], 800n]]));
      rejects(w, w.oracles[1], voteIx(w, w.oracles[1], late), "CumulativeDecreased", 1);
      assert.equal(epochOf(w, 1).rootActive, false);
    });

    it("rejects any further vote on an epoch whose root is active, even for the same triple (EpochRootAlreadyActive)", () => {
      const { w, c } = twoLivesEpoch();
      activate(w, c);
      rejects(w, w.oracles[2], voteIx(w, w.oracles[2], c), "EpochRootAlreadyActive");
      rejects(w, w.oracles[2], voteIx(w, w.oracles[2], variant(c, { digest: digestOf("late") })), "EpochRootAlreadyActive");
      assert.equal(epochOf(w, 0).votedMask, 0b011);
    });

    it("rejects a vote on an older epoch once a newer epoch's root is active (EpochRootSuperseded)", () => {
      const { w, lives } = worldWithEpoch(1);
      closeEpoch(w);
      activate(w, commitment(1, [[lives[0], 500n]]));
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], commitment(0, [[lives[0], 600n]])), "EpochRootSuperseded", 0);
    });

    it("rejects the quorum-th vote on an older epoch whose first vote came before a newer root activated (EpochRootSuperseded)", () => {
      const { w, lives } = worldWithEpoch(1);
      closeEpoch(w);
      const old = commitment(0, [[lives[0], 600n]]);
      expectOk(w.chain, [voteIx(w, w.oracles[0], old)], [w.cranker, w.oracles[0]]);
      activate(w, commitment(1, [[lives[0], 700n]]));
      rejects(w, w.oracles[1], voteIx(w, w.oracles[1], old), "EpochRootSuperseded", 0);
      assert.equal(networkOf(w).activeRoot?.epoch, 1n);
    });

    it("activates forwards past an epoch that never got a root: epoch 2 after epoch 0, then epoch 1 is superseded", () => {
      const { w, lives } = worldWithEpoch(1);
      activate(w, commitment(0, [[lives[0], 100n]]));
      closeEpoch(w);
      closeEpoch(w);
      activate(w, commitment(2, [[lives[0], 2_000n]]));
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], commitment(1, [[lives[0], 2_000n]])), "EpochRootSuperseded", 1);
    });

    it("rejects a vote for an epoch that has not closed yet: its account does not exist (WrongAccountOwner)", () => {
      const { w, lives } = worldWithEpoch(1);
      const c1 = commitment(1, [[lives[0], 1n]]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], c1), "WrongAccountOwner", 1);
      assert.equal(w.chain.accountData(epochPda(w.network, 1)[0]), null);
    });
  });

  describe("accounts", () => {
    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { w, c } = twoLivesEpoch();
      rejects(w, w.oracles[0], truncateAccounts(voteIx(w, w.oracles[0], c), 2), "NotEnoughAccounts");
    });

    for (const [name, index] of [["network", NETWORK], ["epoch", EPOCH]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { w, c } = twoLivesEpoch();
        rejects(w, w.oracles[0], readOnly(voteIx(w, w.oracles[0], c), index), "AccountNotWritable");
      });
    }

    it("rejects another network's epoch account for the same epoch number (NetworkMismatch)", () => {
      const { w, c } = twoLivesEpoch();
      const other = rewardWorld({ chain: w.chain });
      onboardLife(other);
      closeEpoch(other);
      const foreign = epochPda(other.network, 0)[0];
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), EPOCH, foreign), "NetworkMismatch");
      assert.equal(epochOf(other, 0).proposals.length, 0);
    });

    it("rejects an epoch account of another epoch than the one voted on (EpochMismatch), both ways", () => {
      const { w, lives, c } = twoLivesEpoch();
      closeEpoch(w);
      const c1 = commitment(1, [[lives[0], 1n]]);
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c1), EPOCH, epochPda(w.network, 0)[0]), "EpochMismatch", 0);
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), EPOCH, epochPda(w.network, 1)[0]), "EpochMismatch", 1);
    });

    it("rejects a network account holding a real network's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, c } = twoLivesEpoch();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(w.network)!, owner: SystemProgram.programId });
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), NETWORK, forged), "WrongAccountOwner");
    });

    it("rejects an epoch account holding a real epoch's bytes but owned by another program (WrongAccountOwner)", () => {
      const { w, c } = twoLivesEpoch();
      const forged = Keypair.generate().publicKey;
      w.chain.setAccount(forged, { ...w.chain.account(epochPda(w.network, 0)[0])!, owner: SystemProgram.programId });
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), EPOCH, forged), "WrongAccountOwner");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { w, c } = twoLivesEpoch();
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), NETWORK, w.maker.maker), "AccountDiscriminatorMismatch");
    });

    it("rejects a Hotspot or the Network passed as the epoch (AccountDiscriminatorMismatch)", () => {
      const { w, lives, c } = twoLivesEpoch();
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), EPOCH, lives[0].hotspot), "AccountDiscriminatorMismatch");
      rejects(w, w.oracles[0], replaceAccount(voteIx(w, w.oracles[0], c), EPOCH, w.network), "AccountDiscriminatorMismatch");
    });

    it("rejects trailing or missing argument bytes (InvalidInstructionData)", () => {
      const { w, c } = twoLivesEpoch();
      const ix = voteIx(w, w.oracles[0], c);
      rejects(w, w.oracles[0], withData(ix, Buffer.concat([ix.data, Buffer.from([0])])), "InvalidInstructionData");
      rejects(w, w.oracles[0], withData(ix, ix.data.subarray(0, ix.data.length - 1)), "InvalidInstructionData");
    });
  });

  describe("quorum", () => {
    for (let n = 1; n <= 5; n++) {
      for (let k = 1; k <= n; k++) {
        const dissent = n > k && k > 1;
        it(`activates with exactly ${k} of ${n} identical votes${dissent ? ", a conflicting vote counting for nothing" : ""}`, () => {
          const { w, c } = twoLivesEpoch({ oracles: n, quorum: k });
          const rival = variant(c, { digest: digestOf("rival") });
          const order = w.oracles.map((_, i) => i);
          // With room beside k agreeing votes (and k > 1, else a dissent is itself a quorum), the last oracle dissents first.
          const dissenter = dissent ? n - 1 : -1;
          if (dissenter >= 0) {
            expectOk(w.chain, [voteIx(w, w.oracles[dissenter], rival)], [w.cranker, w.oracles[dissenter]]);
            assert.equal(epochOf(w, 0).rootActive, false);
          }
          const agreeing = order.filter((i) => i !== dissenter).slice(0, k);
          agreeing.forEach((i, j) => {
            const r = expectOk(w.chain, [voteIx(w, w.oracles[i], c)], [w.cranker, w.oracles[i]]);
            const active = epochOf(w, 0).rootActive;
            assert.equal(active, j === k - 1, `after ${j + 1} of ${k} votes`);
            assert.equal(r.events.some((e) => e.name === "EpochRootActivated"), j === k - 1);
          });
          const e = epochOf(w, 0);
          assert.ok(e.merkleRoot.equals(c.root) && e.inputDigest.equals(c.digest));
          for (const i of order.filter((i) => !agreeing.includes(i) && i !== dissenter)) {
            rejects(w, w.oracles[i], voteIx(w, w.oracles[i], c), "EpochRootAlreadyActive");
          }
        });
      }
    }

    it("discards votes cast before a rotation (set_oracles) mid-epoch: an oracle must vote again under the new config", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: w.oracles.map((o) => o.publicKey), oracleQuorum: 2 })], [w.creator]);
      expectOk(w.chain, [voteIx(w, w.oracles[1], c)], [w.cranker, w.oracles[1]]);
      let e = epochOf(w, 0);
      assert.equal(e.rootActive, false, "the vote from before the rotation does not count");
      assert.equal(e.voteConfigVersion, 1);
      assert.equal(e.votedMask, 0b010);
      assert.deepEqual(e.proposals.map((p) => [p.votes, p.voterMask]), [[1, 0b010]]);
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      e = epochOf(w, 0);
      assert.equal(e.rootActive, true);
      assert.deepEqual(e.proposals.map((p) => [p.votes, p.voterMask]), [[2, 0b011]]);
    });

    it("refuses a removed oracle after a rotation (NotAnOracle) and counts only the new set", () => {
      const { w, c } = twoLivesEpoch();
      const newcomer = Keypair.generate();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      const set = [w.oracles[1], w.oracles[2], newcomer];
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: set.map((o) => o.publicKey), oracleQuorum: 2 })], [w.creator]);
      rejects(w, w.oracles[0], voteIx(w, w.oracles[0], c), "NotAnOracle");
      expectOk(w.chain, [voteIx(w, newcomer, c)], [w.cranker, newcomer]);
      assert.equal(epochOf(w, 0).rootActive, false);
      expectOk(w.chain, [voteIx(w, w.oracles[2], c)], [w.cranker, w.oracles[2]]);
      assert.equal(epochOf(w, 0).rootActive, true);
      assert.equal(epochOf(w, 0).votedMask, 0b110, "indexes of the new set");
    });

    it("never activates old votes when a rotation lowers the quorum: the next vote counts alone", () => {
      const { w, c } = twoLivesEpoch();
      const rival = variant(c, { digest: digestOf("rival") });
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: w.oracles.map((o) => o.publicKey), oracleQuorum: 1 })], [w.creator]);
      assert.equal(epochOf(w, 0).rootActive, false, "a rotation alone activates nothing");
      expectOk(w.chain, [voteIx(w, w.oracles[1], rival)], [w.cranker, w.oracles[1]]);
      const e = epochOf(w, 0);
      assert.equal(e.rootActive, true);
      assert.ok(e.inputDigest.equals(rival.digest), "the old vote for the other triple was discarded");
      assert.deepEqual(e.proposals.map((p) => p.inputDigest.toString("hex")), [rival.digest.toString("hex")]);
    });

    it("discards votes when a rotation keeps the keys but moves them to other indexes", () => {
      const { w, c } = twoLivesEpoch();
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      const reversed = [...w.oracles].reverse();
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: reversed.map((o) => o.publicKey), oracleQuorum: 2 })], [w.creator]);
      expectOk(w.chain, [voteIx(w, w.oracles[2], c)], [w.cranker, w.oracles[2]]);
      assert.equal(epochOf(w, 0).rootActive, false);
      expectOk(w.chain, [voteIx(w, w.oracles[0], c)], [w.cranker, w.oracles[0]]);
      const e = epochOf(w, 0);
      assert.equal(e.rootActive, true);
      assert.equal(e.votedMask, 0b101, "oracle 0 is index 2 now, oracle 2 index 0");
    });

    it("leaves an active root in force across a rotation", () => {
      const { w, c } = twoLivesEpoch();
      activate(w, c);
      const fresh = [Keypair.generate(), Keypair.generate()];
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: fresh.map((o) => o.publicKey), oracleQuorum: 1 })], [w.creator]);
      assert.ok(networkOf(w).activeRoot?.merkleRoot.equals(c.root));
      rejects(w, fresh[0], voteIx(w, fresh[0], variant(c, { digest: digestOf("new set") })), "EpochRootAlreadyActive");
    });

    it("records the oracle config in force when an epoch closes and counts its votes under that config's quorum", () => {
      const w = rewardWorld();
      const life = onboardLife(w);
      expectOk(w.chain, [setOraclesIx({ authority: w.creator.publicKey, network: w.network, oracles: w.oracles.map((o) => o.publicKey), oracleQuorum: 3 })], [w.creator]);
      closeEpoch(w);
      assert.equal(epochOf(w, 0).voteConfigVersion, 1);
      const c = commitment(0, [[life, 10n]]);
      vote(w, w.oracles[0], c);
      vote(w, w.oracles[1], c);
      assert.equal(epochOf(w, 0).rootActive, false, "quorum 3");
      vote(w, w.oracles[2], c);
      assert.equal(epochOf(w, 0).rootActive, true);
    });
  });
});
