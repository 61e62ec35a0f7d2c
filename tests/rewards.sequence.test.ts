// A seeded random walk over the whole reward path on the real binary: epochs close and
// mint, an in-test oracle allocates each epoch's emission to the live hotspot lives and
// commits a tree with the SDK, oracles vote (some of them faulty), anyone claims, owners
// transfer and decommission, keys are re-onboarded, the oracle set rotates and the network
// pauses. A model predicts every outcome, error names included, and after every step the
// money is checked: vault + claimed = minted, no life paid beyond its committed
// cumulative, `claimed` never decreasing.
//
// HEXPIN_SEQUENCE_SEED and HEXPIN_SEQUENCE_OPS replay another walk.
import { strict as assert } from "node:assert";
import { Keypair, PublicKey } from "@solana/web3.js";
import { sign } from "node:crypto";
import {
  claimRewardsIx,
  decommissionHotspotIx,
  hotspotPda,
  keypairFromSeed,
  onboardHotspotIxs,
  rewardId,
  setOraclesIx,
  setPausedIx,
  transferHotspotIx,
  type HardwareKeypair,
} from "../sdk/src";
import type { TxResult } from "../sdk/src/testing/local-chain";
import { asBigInt, theEvent } from "./helpers/events";
import { SF_CELL } from "./helpers/fixtures";
import { Rng } from "./helpers/random";
import {
  ataOf,
  closeEpoch,
  commitment,
  digestOf,
  ensureAta,
  epochOf,
  hotspotOf,
  mintSupply,
  networkOf,
  rewardWorld,
  tokenBalance,
  vaultBalance,
  voteIx,
  type Commitment,
  type RewardWorld,
} from "./helpers/rewards";

const SEED = Number(process.env.HEXPIN_SEQUENCE_SEED ?? 20_261_202);
const OPS = Number(process.env.HEXPIN_SEQUENCE_OPS ?? 1_500);
const EMISSION = 1_000_000n;
const LATER_EMISSION = 400_000n;
const MAX_SUPPLY = 60n * EMISSION;

interface LifeRec {
  id: string;
  device: HardwareKeypair;
  hardwareKey: PublicKey;
  hotspot: PublicKey;
  serial: bigint;
  owner: Keypair;
  alive: boolean;
  /** what the program should hold as `claimed`. */
  claimed: bigint;
  /** sum of RewardsClaimed amounts seen for this life. */
  paid: bigint;
  /** the last `claimed` read from the chain (never allowed to go down). */
  seen: bigint;
}

interface EpochRec {
  n: bigint;
  emittedThrough: bigint;
  /** oracle config the recorded votes were cast under. */
  version: number;
  voters: Set<string>;
  /** triple → voters. */
  proposals: Map<string, Set<string>>;
  active: boolean;
  commitment: Commitment | null;
}

type Triple = { root: Buffer; digest: Buffer; total: bigint };
const tripleKey = (t: Triple) => `${t.root.toString("hex")}:${t.digest.toString("hex")}:${t.total}`;

class Walk {
  readonly w: RewardWorld;
  readonly owners: Keypair[];
  readonly oraclePool: Keypair[];
  oracleSet: Keypair[];
  quorum: number;
  configVersion = 0;
  readonly lives: LifeRec[] = [];
  /** the in-test oracle's cumulative amount per reward id (every life ever). */
  readonly cumulative = new Map<string, bigint>();
  readonly epochs: EpochRec[] = [];
  active: EpochRec | null = null;
  paused = 0;
  hotspotCount = 0n;
  totalClaimed = 0n;
  readonly atas = new Set<string>();
  readonly stats = new Map<string, number>();
  step = 0;
  op = "";
  private readonly ataCache = new Map<string, PublicKey>();

  constructor(readonly rng: Rng) {
    this.w = rewardWorld({
      oracles: 3,
      quorum: 2,
      tweak: {
        emissionSchedule: [
          { startEpoch: 0, amountPerEpoch: EMISSION },
          { startEpoch: 40, amountPerEpoch: LATER_EMISSION },
        ],
        maxSupply: MAX_SUPPLY,
        onboardFeeLamports: 1_000,
        locationFeeLamports: 0,
      },
    });
    this.owners = Array.from({ length: 10 }, () => {
      const k = Keypair.fromSeed(rng.bytes(32));
      this.w.chain.fund(k.publicKey, 1_000_000_000_000n);
      return k;
    });
    this.oraclePool = [...this.w.oracles, ...Array.from({ length: 5 }, () => Keypair.fromSeed(rng.bytes(32)))];
    this.oracleSet = [...this.w.oracles];
    this.quorum = 2;
  }

  count(what: string) {
    this.stats.set(what, (this.stats.get(what) ?? 0) + 1);
  }

  where(): string {
    return `seed ${SEED}, step ${this.step} (${this.op})`;
  }

  /** Asserts the transaction's outcome is `expected` (an error name, or "ok"). */
  outcome(r: TxResult, expected: string): void {
    const got = r.ok ? "ok" : (r.error?.errorName ?? `runtime: ${r.rawError}`);
    assert.equal(got, expected, `${this.where()}: expected ${expected}, got ${got}\n${r.ok ? "" : r.logs.join("\n")}`);
    this.count(`${this.op} → ${got}`);
  }

  /** The owner's reward account address (derivations are slow in JS: cached). */
  ata(owner: PublicKey): PublicKey {
    const k = owner.toBase58();
    let a = this.ataCache.get(k);
    if (!a) this.ataCache.set(k, (a = ataOf(this.w, owner)));
    return a;
  }

  alive(): LifeRec[] {
    return this.lives.filter((l) => l.alive);
  }

  // ---- operations -------------------------------------------------------------------

  advance(): void {
    const n = closeEpoch(this.w);
    const e = epochOf(this.w, n);
    // The oracle allocates (all or most of) the epoch's emission to the live lives.
    const live = this.alive();
    const budget = this.rng.chance(0.2) ? (e.emission * 9n) / 10n : e.emission;
    if (live.length > 0 && budget > 0n) {
      const weights = live.map(() => BigInt(this.rng.range(1, 100)));
      const sum = weights.reduce((a, b) => a + b, 0n);
      const shares = weights.map((x) => (budget * x) / sum);
      let rest = budget - shares.reduce((a, b) => a + b, 0n);
      for (let i = 0; rest > 0n; i = (i + 1) % shares.length, rest--) shares[i] += 1n;
      live.forEach((l, i) => this.cumulative.set(l.id, (this.cumulative.get(l.id) ?? 0n) + shares[i]));
    }
    const leaves = this.lives.map((l): [LifeRec, bigint] => [l, this.cumulative.get(l.id) ?? 0n]);
    const c = leaves.length > 0 ? commitment(n, leaves, digestOf(`walk ${SEED} epoch ${n}`)) : null;
    if (c) assert.ok(c.total <= e.emittedThrough, `${this.where()}: the oracle never commits more than was emitted`);
    this.epochs.push({ n, emittedThrough: e.emittedThrough, version: this.configVersion, voters: new Set(), proposals: new Map(), active: false, commitment: c });
    this.count("advance");
  }

  expectedVote(ep: EpochRec, oracle: Keypair, t: Triple): string {
    if (!this.oracleSet.some((o) => o.publicKey.equals(oracle.publicKey))) return "NotAnOracle";
    if (ep.active) return "EpochRootAlreadyActive";
    if (this.active && ep.n <= this.active.n) return "EpochRootSuperseded";
    if (t.total > ep.emittedThrough) return "CumulativeExceedsEmitted";
    if (t.total < (this.active?.commitment?.total ?? 0n)) return "CumulativeDecreased";
    if (ep.version === this.configVersion && ep.voters.has(oracle.publicKey.toBase58())) return "OracleAlreadyVoted";
    return "ok";
  }

  vote(): void {
    const committed = this.epochs.filter((e) => e.commitment);
    if (committed.length === 0) return this.advance();
    const ep = this.rng.chance(0.75) ? committed[committed.length - 1] : this.rng.pick(committed);
    const c = ep.commitment!;
    const outsiders = this.oraclePool.filter((o) => !this.oracleSet.includes(o));
    const oracle = outsiders.length > 0 && this.rng.chance(0.08) ? this.rng.pick(outsiders) : this.rng.pick(this.oracleSet);
    const kind = this.rng.weighted<"honest" | "conflicting" | "inflated">([["honest", 85], ["conflicting", this.quorum >= 2 ? 10 : 0], ["inflated", 5]]);
    const t: Triple =
      kind === "honest" ? c
      : kind === "conflicting" ? { ...c, digest: digestOf(`faulty ${SEED} ${this.step}`) }
      : { ...c, total: ep.emittedThrough + 1n };
    this.op = `vote ${kind}${ep === committed[committed.length - 1] ? "" : " on an older epoch"}`;
    const expected = this.expectedVote(ep, oracle, t);
    const r = this.w.chain.send([voteIx(this.w, oracle, { epoch: ep.n, ...t })], [this.w.cranker, oracle]);
    this.outcome(r, expected);
    if (!r.ok) return;
    if (ep.version !== this.configVersion) {
      ep.version = this.configVersion;
      ep.voters.clear();
      ep.proposals.clear();
    }
    const key = oracle.publicKey.toBase58();
    ep.voters.add(key);
    const voters = ep.proposals.get(tripleKey(t)) ?? new Set<string>();
    voters.add(key);
    ep.proposals.set(tripleKey(t), voters);
    const activates = voters.size >= this.quorum;
    assert.equal(r.events.some((e) => e.name === "EpochRootActivated"), activates, `${this.where()}: activation`);
    if (activates) {
      assert.equal(kind, "honest", `${this.where()}: only the honest triple can gather a quorum`);
      ep.active = true;
      this.active = ep;
      this.count("activation");
    }
  }

  expectedClaim(l: LifeRec, cumulative: bigint, proofOk: boolean): string {
    if (this.paused & 2) return "ClaimsPaused";
    if (!l.alive) return "WrongAccountOwner";
    if (!this.atas.has(l.owner.publicKey.toBase58())) return "WrongTokenAccount";
    if (!this.active) return "NoActiveRoot";
    if (!proofOk) return "InvalidMerkleProof";
    if (cumulative <= l.claimed) return "NothingToClaim";
    if (this.totalClaimed + cumulative - l.claimed > this.active.commitment!.total) return "ClaimExceedsCommittedTotal";
    return "ok";
  }

  claim(): void {
    const live = this.alive();
    // A dead life whose key has no new life: its address is closed.
    const dead = this.lives.filter((l) => !l.alive && !this.lives.some((m) => m.alive && m.hardwareKey.equals(l.hardwareKey)));
    const l = dead.length > 0 && (live.length === 0 || this.rng.chance(0.05)) ? this.rng.pick(dead) : live.length > 0 ? this.rng.pick(live) : null;
    if (!l) return this.onboard();
    const owner = l.owner.publicKey;
    if (!this.atas.has(owner.toBase58()) && this.rng.chance(0.85)) {
      ensureAta(this.w, owner);
      this.atas.add(owner.toBase58());
    }
    const tree = this.active?.commitment?.tree;
    const index = tree ? tree.indexOf(l.hardwareKey.toBytes(), l.serial) : -1;
    const earlier = this.lives.filter((m) => m !== l && m.hardwareKey.equals(l.hardwareKey) && tree && tree.indexOf(m.hardwareKey.toBytes(), m.serial) >= 0);
    const kind = this.rng.weighted<"honest" | "inflated" | "earlier life">([["honest", 85], ["inflated", index >= 0 ? 10 : 0], ["earlier life", earlier.length > 0 ? 5 : 0]]);
    let cumulative = 1n;
    let proof: Buffer[] = [];
    let proofOk = false;
    if (kind === "honest" && index >= 0) {
      [cumulative, proof, proofOk] = [tree!.amounts[index], tree!.proof(index), true];
    } else if (kind === "inflated") {
      [cumulative, proof] = [tree!.amounts[index] + 1n, tree!.proof(index)];
    } else if (kind === "earlier life") {
      const m = this.rng.pick(earlier);
      const i = tree!.indexOf(m.hardwareKey.toBytes(), m.serial);
      [cumulative, proof] = [tree!.amounts[i], tree!.proof(i)];
    }
    this.op = `claim ${kind}${l.alive ? "" : " (decommissioned)"}`;
    const expected = this.expectedClaim(l, cumulative, proofOk);
    const r = this.w.chain.send([claimRewardsIx({ network: this.w.network, hardwareKey: l.hardwareKey, owner, cumulative, proof })], [this.w.cranker]);
    this.outcome(r, expected);
    if (!r.ok) return;
    const amount = cumulative - l.claimed;
    const d = theEvent(r, "RewardsClaimed");
    assert.equal(asBigInt(d.amount), amount, `${this.where()}: event amount`);
    assert.equal(asBigInt(d.serial), l.serial);
    l.claimed = cumulative;
    l.paid += amount;
    this.totalClaimed += amount;
  }

  onboard(device?: HardwareKeypair): void {
    const dev = device ?? keypairFromSeed(this.rng.bytes(32));
    const owner = this.rng.pick(this.owners);
    const hardwareKey = new PublicKey(dev.publicKey);
    this.op = device ? "re-onboard" : "onboard";
    const ixs = onboardHotspotIxs({
      payer: owner.publicKey,
      issuingKey: this.w.maker.issuingKey.publicKey,
      owner: owner.publicKey,
      network: this.w.network,
      feeRecipient: this.w.feeRecipient,
      hardwareKey,
      signWithHardwareKey: (m) => sign(null, m, dev.privateKey),
      location: SF_CELL,
      gainDbi10: 12,
      elevationM: 5,
    });
    const r = this.w.chain.send(ixs, [owner, this.w.maker.issuingKey]);
    this.outcome(r, this.paused & 1 ? "OnboardingPaused" : "ok");
    if (!r.ok) return;
    const serial = ++this.hotspotCount;
    const hotspot = hotspotPda(this.w.network, hardwareKey)[0];
    assert.equal(hotspotOf(this.w.chain, hotspot).serial, serial, `${this.where()}: serial`);
    this.lives.push({ id: rewardId(dev.address, serial), device: dev, hardwareKey, hotspot, serial, owner, alive: true, claimed: 0n, paid: 0n, seen: 0n });
  }

  reonboard(): void {
    const candidates = this.lives.filter((l) => !l.alive && !this.lives.some((m) => m.alive && m.hardwareKey.equals(l.hardwareKey)));
    if (candidates.length === 0) return this.decommission();
    this.onboard(this.rng.pick(candidates).device);
  }

  transfer(): void {
    const live = this.alive();
    if (live.length === 0) return this.onboard();
    const l = this.rng.pick(live);
    const to = this.rng.pick(this.owners.filter((o) => !o.publicKey.equals(l.owner.publicKey)));
    this.op = "transfer";
    const r = this.w.chain.send([transferHotspotIx({ owner: l.owner.publicKey, newOwner: to.publicKey, network: this.w.network, hardwareKey: l.hardwareKey })], [l.owner]);
    this.outcome(r, "ok");
    l.owner = to;
  }

  decommission(): void {
    const live = this.alive();
    if (live.length < 3) return this.onboard();
    const l = this.rng.pick(live);
    this.op = "decommission";
    const r = this.w.chain.send([decommissionHotspotIx({ owner: l.owner.publicKey, network: this.w.network, hardwareKey: l.hardwareKey })], [l.owner]);
    this.outcome(r, "ok");
    assert.equal(asBigInt(theEvent(r, "HotspotDecommissioned").claimed), l.claimed, `${this.where()}: claimed at decommission`);
    l.alive = false;
  }

  rotate(): void {
    const n = this.rng.range(1, 5);
    const set = this.rng.shuffle(this.oraclePool).slice(0, n);
    const quorum = this.rng.chance(0.8) ? this.rng.range(Math.min(2, n), n) : this.rng.range(1, n);
    this.op = `rotate to ${quorum} of ${n}`;
    const r = this.w.chain.send([setOraclesIx({ authority: this.w.creator.publicKey, network: this.w.network, oracles: set.map((o) => o.publicKey), oracleQuorum: quorum })], [this.w.creator]);
    this.outcome(r, "ok");
    this.oracleSet = set;
    this.quorum = quorum;
    this.configVersion++;
  }

  pause(): void {
    const flags = this.rng.chance(0.5) ? 0 : this.rng.range(1, 3);
    this.op = `pause ${flags}`;
    const r = this.w.chain.send([setPausedIx({ authority: this.w.creator.publicKey, network: this.w.network, paused: flags })], [this.w.creator]);
    this.outcome(r, "ok");
    this.paused = flags;
  }

  // ---- invariants ----------------------------------------------------------------------

  check(): void {
    const at = this.where();
    const n = networkOf(this.w);
    const supply = mintSupply(this.w);
    assert.equal(vaultBalance(this.w) + n.totalClaimed, supply, `${at}: vault + claimed = minted`);
    assert.equal(supply, n.totalEmitted, `${at}: minted = emitted`);
    assert.ok(n.totalEmitted <= MAX_SUPPLY, `${at}: never beyond the cap`);
    assert.equal(n.totalClaimed, this.totalClaimed, `${at}: total claimed`);
    const held = this.owners.reduce((s, o) => s + tokenBalance(this.w.chain, this.ata(o.publicKey)), 0n);
    assert.equal(held, n.totalClaimed, `${at}: every claimed token sits in an owner's account`);
    assert.equal(n.paused, this.paused);
    assert.deepEqual([n.hotspotCount, n.activeHotspotCount], [this.hotspotCount, BigInt(this.alive().length)], `${at}: counts`);
    assert.equal(n.activeRoot?.epoch ?? null, this.active?.n ?? null, `${at}: active root epoch`);
    const tree = this.active?.commitment?.tree;
    for (const l of this.lives) {
      if (l.alive) {
        const claimed = hotspotOf(this.w.chain, l.hotspot).claimed;
        assert.equal(claimed, l.claimed, `${at}: ${l.id} claimed`);
        assert.ok(claimed >= l.seen, `${at}: ${l.id} claimed decreased from ${l.seen} to ${claimed}`);
        l.seen = claimed;
      }
      const i = tree ? tree.indexOf(l.hardwareKey.toBytes(), l.serial) : -1;
      const committed = i >= 0 ? tree!.amounts[i] : 0n;
      assert.equal(l.paid, l.claimed, `${at}: ${l.id} paid exactly what it claimed`);
      assert.ok(l.paid <= committed, `${at}: ${l.id} paid ${l.paid}, more than its committed cumulative ${committed}`);
    }
  }
}

describe("rewards: a seeded random walk over the whole reward path", () => {
  it(`keeps vault + claimed = minted, pays no life beyond its committed cumulative and never lowers claimed over ${OPS} operations (seed ${SEED})`, () => {
    const walk = new Walk(new Rng(SEED));
    for (let i = 0; i < 6; i++) walk.onboard();
    const ops: [() => void, number][] = [
      [() => walk.advance(), 10],
      [() => walk.vote(), 30],
      [() => walk.claim(), 30],
      [() => walk.transfer(), 5],
      [() => walk.decommission(), 4],
      [() => walk.reonboard(), 4],
      [() => walk.onboard(), 6],
      [() => walk.rotate(), 3],
      [() => walk.pause(), 3],
    ];
    for (walk.step = 1; walk.step <= OPS; walk.step++) {
      walk.op = "";
      walk.rng.weighted(ops)();
      walk.check();
    }
    const stat = (prefix: string) => [...walk.stats].filter(([k]) => k.startsWith(prefix)).reduce((s, [, v]) => s + v, 0);
    const byOutcome = new Map<string, number>();
    for (const [k, v] of walk.stats) {
      const outcome = k.includes(" → ") ? k.split(" → ")[1] : k;
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + v);
    }
    console.log(`      seed ${SEED}, ${OPS} operations; outcomes: ${[...byOutcome].sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    // The walk must have exercised what it claims to test.
    assert.ok(stat("activation") >= 10, "roots activated");
    assert.ok(walk.stats.get("claim honest → ok")! >= 50, "claims paid");
    assert.ok(stat("claim inflated → InvalidMerkleProof") >= 5 && stat("claim earlier life → InvalidMerkleProof") >= 1, "attacks tried and refused");
    assert.ok(stat("decommission → ok") >= 5 && stat("re-onboard → ok") >= 3 && stat("transfer → ok") >= 10, "lifecycle exercised");
    assert.ok(stat("rotate") >= 5 && stat("pause") >= 5, "administration exercised");
    for (const refused of ["NotAnOracle", "OracleAlreadyVoted", "EpochRootAlreadyActive", "CumulativeExceedsEmitted", "NothingToClaim", "ClaimsPaused", "OnboardingPaused"]) {
      assert.ok([...walk.stats.keys()].some((k) => k.endsWith(`→ ${refused}`)), `some operation was refused with ${refused}`);
    }
    assert.equal(networkOf(walk.w).totalEmitted, MAX_SUPPLY, "the walk ran into the supply cap");
  });
});
