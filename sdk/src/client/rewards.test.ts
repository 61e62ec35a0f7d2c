// Claim checks (pure) and the claim runner against a scripted host: which claims go
// together, what waits for what, what is retried, and what each claim's outcome says.
import assert from "node:assert/strict";
import { Keypair, PublicKey } from "@solana/web3.js";
import type { HotspotAccount, NetworkAccount } from "../accounts";
import { HexpinProgramError, errorCode } from "../errors";
import { MerkleTree } from "../merkle";
import { hotspotPda } from "../pdas";
import { ClusterUnreachableError, TransactionExpiredError } from "./errors";
import type { ProofLookup, RewardProof } from "./proof-sources";
import { checkClaim, runClaims, type ClaimCheck, type ClaimRunnerHost } from "./rewards";
import type { PlannedTransaction } from "./send";

const NETWORK = Keypair.generate().publicKey;
const PROGRAM = new PublicKey("11111111111111111111111111111112");
/** The hotspot account a claim instruction names (its second account). */
const pda = (c: ClaimCheck) => hotspotPda(NETWORK, c.hardwareKey, PROGRAM)[0].toBase58();
const ATA_PROGRAM = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";

interface Life {
  key: PublicKey;
  serial: bigint;
  cumulative: bigint;
}

function world(lives: Life[], epoch = 3n) {
  const tree = MerkleTree.build(lives.map((l) => ({ key: l.key.toBytes(), serial: l.serial, amount: l.cumulative })));
  const activeRoot: NetworkAccount["activeRoot"] = { epoch, merkleRoot: tree.root, inputDigest: Buffer.alloc(32, 7), totalCumulative: lives.reduce((s, l) => s + l.cumulative, 0n) };
  const proof = (l: Life, e = epoch, root = tree.root): ProofLookup => ({
    proof: { hardwareKey: l.key, serial: l.serial, cumulative: l.cumulative, proof: tree.proofFor(l.key.toBytes(), l.serial), epoch: e, merkleRoot: root, inputDigest: null } as RewardProof,
  });
  return { tree, activeRoot, proof };
}

function hotspot(key: PublicKey, serial: bigint, owner: PublicKey, claimed = 0n): HotspotAccount {
  return { network: NETWORK, maker: NETWORK, owner, ownerAtaBump: 255, hardwareKey: key, serial, location: 0n, gainDbi10: 0, elevationM: 0, onboardedAt: 0n, locationAssertedAt: 0n, locationAssertCount: 0, claimed };
}

const life = (cumulative: bigint, serial = 1n): Life => ({ key: Keypair.generate().publicKey, serial, cumulative });

describe("checkClaim: what a proof would pay, decided from the chain", () => {
  const a = life(500n, 4n);
  const b = life(900n, 2n);
  const w = world([a, b]);
  const owner = Keypair.generate().publicKey;
  const check = (h: HotspotAccount | null, lookup: ProofLookup | null, root: NetworkAccount["activeRoot"] = w.activeRoot) => checkClaim(root, a.key, PublicKey.default, h, lookup);

  it("is claimable for cumulative − claimed when the proof is for this life under the active root", () => {
    const c = check(hotspot(a.key, 4n, owner, 120n), w.proof(a));
    assert.equal(c.status, "claimable");
    assert.equal(c.amount, 380n);
    assert.ok(c.owner!.equals(owner));
  });

  it("names each reason nothing can be claimed", () => {
    const cases: [string, ClaimCheck][] = [
      ["claimed", check(hotspot(a.key, 4n, owner, 500n), w.proof(a))],
      ["not-onboarded", check(null, w.proof(a))],
      ["no-source", check(hotspot(a.key, 4n, owner), null)],
      ["no-rewards", check(hotspot(a.key, 4n, owner), { proof: null, reason: "no-rewards" })],
      ["source-has-no-root", check(hotspot(a.key, 4n, owner), { proof: null, reason: "source-has-no-root" })],
      ["no-active-root", check(hotspot(a.key, 4n, owner), w.proof(a), null)],
      ["other-life", check(hotspot(a.key, 9n, owner), w.proof(a))],
      ["stale-root", check(hotspot(a.key, 4n, owner), w.proof(a, 2n, Buffer.alloc(32, 1)))],
      ["root-not-active", check(hotspot(a.key, 4n, owner), w.proof(a, 4n, Buffer.alloc(32, 1)))],
      ["root-mismatch", check(hotspot(a.key, 4n, owner), w.proof(a, 3n, Buffer.alloc(32, 1)))],
      ["invalid-proof", check(hotspot(a.key, 4n, owner), { proof: { ...(w.proof(a).proof as RewardProof), cumulative: 501n } })],
    ];
    for (const [status, c] of cases) {
      assert.equal(c.status, status);
      assert.equal(c.amount, 0n, status);
      assert.ok(c.message.length > 20, status);
    }
  });

  it("says which life a proof of another life is for", () => {
    const earlier = check(hotspot(a.key, 9n, owner), w.proof(a));
    assert.match(earlier.message, /earlier life of this hardware key \(serial 4\) while the hotspot's current life is serial 9/);
    const later = check(hotspot(a.key, 2n, owner), w.proof(a));
    assert.match(later.message, /serial 4, not the hotspot's current life \(serial 2\)/);
  });
});

/** A scripted chain: records what is executed, fails what `fail` says, tracks payments. */
function scriptedHost(o: { missing?: string[]; fail?: (tx: PlannedTransaction, n: number) => Error | null; delayMs?: (tx: PlannedTransaction) => number; hotspots?: Map<string, HotspotAccount> } = {}) {
  const executed: { tx: PlannedTransaction; startedAt: number; endedAt: number; keys: string[] }[] = [];
  const created = new Set<string>();
  let n = 0;
  const claimKeys = (tx: PlannedTransaction) => tx.instructions.filter((ix) => ix.programId.toBase58() !== ATA_PROGRAM).map((ix) => ix.keys[1].pubkey.toBase58());
  const host: ClaimRunnerHost & { executed: typeof executed; created: Set<string> } = {
    wallet: Keypair.generate(),
    programId: PROGRAM,
    executed,
    created,
    async execute(tx) {
      const startedAt = n++;
      const keys = claimKeys(tx);
      await new Promise((r) => setTimeout(r, o.delayMs?.(tx) ?? 1));
      const error = o.fail?.(tx, startedAt) ?? null;
      executed.push({ tx, startedAt, endedAt: n++, keys });
      if (error) throw error;
      for (const ix of tx.instructions) if (ix.programId.toBase58() === ATA_PROGRAM) created.add(ix.keys[2].pubkey.toBase58());
      return { dryRun: false, signature: `sig-${startedAt}`, computeUnits: 10_000 * keys.length, feeLamports: 5_000, events: [] };
    },
    async missingRewardAccounts(owners) {
      return new Set(owners.map((w) => w.toBase58()).filter((w) => (o.missing ?? []).includes(w)));
    },
    async readHotspots(keys) {
      return keys.map((k) => o.hotspots?.get(k.toBase58()) ?? null);
    },
  };
  return host;
}

/** Claimable checks for `count` lives of the given owners (round robin), proofs of depth ~log2(count). */
function dueChecks(count: number, owners: PublicKey[]): ClaimCheck[] {
  const lives = Array.from({ length: count }, (_, i) => life(BigInt(1_000 + i)));
  const w = world(lives);
  return lives.map((l, i) => checkClaim(w.activeRoot, l.key, Keypair.generate().publicKey, hotspot(l.key, l.serial, owners[i % owners.length]), w.proof(l)));
}

describe("runClaims: packed claims with exact outcomes", () => {
  it("pays every due claim in as few transactions as fit and reports each", async () => {
    const owner = Keypair.generate().publicKey;
    const checks = dueChecks(12, [owner]);
    const host = scriptedHost();
    const run = await runClaims(host, checks, { network: NETWORK });
    assert.ok(run.transactions.length < 12 && run.transactions.length >= 2);
    assert.ok(run.outcomes.every((x) => x.status === "paid" && x.amountPaid === x.check.amount && x.signature !== null));
    assert.equal(run.paid, checks.reduce((s, c) => s + c.amount, 0n));
    assert.equal(host.executed.flatMap((e) => e.keys).length, 12, "each claim sent once");
  });

  it("sends a transaction that relies on an owner's new reward account only after the one creating it settled", async () => {
    const owner = Keypair.generate().publicKey;
    const checks = dueChecks(16, [owner]);
    const host = scriptedHost({ missing: [owner.toBase58()], delayMs: (tx) => (tx.instructions.some((ix) => ix.programId.toBase58() === ATA_PROGRAM) ? 30 : 1) });
    const run = await runClaims(host, checks, { network: NETWORK, concurrency: 4 });
    const creator = host.executed.find((e) => e.tx.instructions.some((ix) => ix.programId.toBase58() === ATA_PROGRAM))!;
    assert.ok(creator);
    assert.equal(host.executed.filter((e) => e.tx.instructions.some((ix) => ix.programId.toBase58() === ATA_PROGRAM)).length, 1, "created once");
    for (const e of host.executed) if (e !== creator) assert.ok(e.startedAt > creator.endedAt, "dependents start after the creator settled");
    assert.ok(run.outcomes.every((x) => x.status === "paid"));
  });

  it("in a dry run, every transaction that pays a missing account's owner creates it (each simulates alone)", async () => {
    const owner = Keypair.generate().publicKey;
    const checks = dueChecks(16, [owner]);
    const host = scriptedHost({ missing: [owner.toBase58()] });
    host.execute = async (tx) => ({ dryRun: true, computeUnits: 1, feeLamports: 5_000, signature: undefined, events: [], ...{ _: tx } });
    const run = await runClaims(host, checks, { network: NETWORK, dryRun: true });
    assert.ok(run.transactions.length >= 2);
    assert.ok(run.transactions.every((t) => t.createdAccounts === 1 && t.status === "simulated"));
    assert.ok(run.outcomes.every((x) => x.status === "simulated" && x.amountPaid === 0n));
  });

  it("retries a batch refused for one claim, claim by claim, so only that claim fails", async () => {
    const checks = dueChecks(8, [Keypair.generate().publicKey]);
    const bad = pda(checks[3]);
    const host = scriptedHost({ fail: (tx) => (tx.instructions.some((ix) => ix.keys[1]?.pubkey.toBase58() === bad) ? new HexpinProgramError(errorCode("NothingToClaim"), "NothingToClaim") : null) });
    const run = await runClaims(host, checks, { network: NETWORK });
    const failed = run.outcomes.filter((x) => x.status === "failed");
    assert.deepEqual(failed.map((x) => pda(x.check)), [bad]);
    assert.ok(failed[0].error instanceof HexpinProgramError);
    assert.equal(run.outcomes.filter((x) => x.status === "paid").length, 7);
  });

  it("stops at a network-wide refusal (claims paused): later transactions are not sent", async () => {
    const checks = dueChecks(12, [Keypair.generate().publicKey]);
    const host = scriptedHost({ fail: (_tx, n) => (n === 0 ? new HexpinProgramError(errorCode("ClaimsPaused"), "ClaimsPaused") : null) });
    const run = await runClaims(host, checks, { network: NETWORK, concurrency: 1 });
    assert.equal(host.executed.length, 1);
    assert.ok(run.outcomes.every((x) => x.status === "failed" || x.status === "not-sent"));
    assert.ok(run.outcomes.some((x) => x.status === "not-sent" && x.error instanceof HexpinProgramError));
    assert.equal(run.paid, 0n);
  });

  it("an expired transaction paid nothing; a lost confirmation is settled by reading the chain", async () => {
    const owner = Keypair.generate().publicKey;
    const checks = dueChecks(12, [owner]);
    const hotspots = new Map<string, HotspotAccount>();
    let batches = 0;
    const host = scriptedHost({
      hotspots,
      fail: (tx) => {
        batches++;
        if (batches === 1) return new TransactionExpiredError(1, ["x"]);
        if (batches === 2) {
          // it landed, but the connection dropped before the confirmation
          for (const k of tx.instructions.map((ix) => ix.keys[1].pubkey.toBase58())) {
            const c = checks.find((x) => pda(x) === k)!;
            hotspots.set(c.hardwareKey.toBase58(), hotspot(c.hardwareKey, c.serial!, owner, c.proof!.cumulative));
          }
          return new ClusterUnreachableError("http://x", "ECONNRESET");
        }
        return null;
      },
    });
    const run = await runClaims(host, checks, { network: NETWORK, concurrency: 1 });
    const [first, second] = [host.executed[0].keys, host.executed[1].keys];
    for (const x of run.outcomes) {
      const k = pda(x.check);
      if (first.includes(k)) assert.equal(x.status, "failed");
      else if (second.includes(k)) assert.deepEqual([x.status, x.amountPaid], ["paid", x.check.amount], "confirmed from the chain");
      else assert.equal(x.status, "not-sent", "the cluster was unreachable: the run stopped");
    }
  });

  it("sends nothing for checks that are not claimable and reports them with their reason", async () => {
    const w = world([life(10n)]);
    const l = life(5n);
    const c = checkClaim(w.activeRoot, l.key, PublicKey.default, hotspot(l.key, 1n, Keypair.generate().publicKey), { proof: null, reason: "no-rewards" });
    const host = scriptedHost();
    const run = await runClaims(host, [c], { network: NETWORK });
    assert.equal(host.executed.length, 0);
    assert.deepEqual(run.outcomes.map((x) => x.status), ["not-sent"]);
    assert.equal(run.transactions.length, 0);
  });
});
