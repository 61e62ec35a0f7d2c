// The whole hexpin network on one machine, the way users run its pieces:
//
//   chain      Surfpool (sdk/src/localnet) on random ports, hexpin deployed over
//              JSON-RPC through the upgradeable loader, a network initialized with
//              an oracle set of 3 keys and quorum 2;
//   oracles    the leader (OracleService: intake, PGlite, epoch pipeline) and two
//              followers (FollowerService) with their own keys and data dirs, on
//              random ports, each voting post_epoch_root with its own key
//              (ChainRootPublisher);
//   fleet      a seeded simulated city (simulated-fleet.ts, the one door to the
//              simulator) onboarded by a maker through the SDK; devices post their
//              signed reports to the leader's POST /v1/reports in batches, in
//              accelerated time (demo-clock.ts; the chain follows by time travel);
//   epochs     each one ends on schedule, advance_epoch mints the emission, the
//              leader computes and votes, the followers recompute the leader's
//              bundle and vote, 2-of-3 activates the root on-chain, and every
//              rewarded owner claims through the `hexpin` CLI
//              (`rewards claim --all --oracle <leader>`).
//
// `NetworkInABox.start()` brings everything up; `runEpoch()` plays one epoch and
// returns what happened, checked: every owner's token balance equals the
// oracle's allocation to the base unit, and paid + unallocated = emitted.

import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { HexpinClient, parseRewardId, rewardsVaultPda, type OnboardRequest } from "@hexpin/sdk";
import { startLocalnet, type Localnet } from "@hexpin/sdk/src/localnet/localnet";
import { runCli, spawnCli, type CliRun } from "@hexpin/sdk/src/cli/run";
import type { EpochConfig } from "../epoch/bundle";
import { epochConfig } from "../epoch/verifier-stage";
import { REPORT_CONTENT_TYPE } from "../api/reports-route";
import { inlineEpochJobRunner } from "../pipeline/compute-runner";
import { httpLeaderClient } from "../pipeline/follower";
import { ChainSources } from "../publish/chain-sources";
import type { ChainConfig } from "../service/chain-config";
import { EpochSchedule } from "../service/clock";
import { FollowerService } from "../service/follower-service";
import { OracleService } from "../service/oracle-service";
import { publishEntropy } from "../store/entropy";
import { cumulativeOf, getEpoch, type EpochRow } from "../store/epochs";
import { openDatabase, type Database } from "../store/database";
import { DemoClock } from "./demo-clock";
import { simulatedFleet, SIM_EPOCH_LENGTH_SECS, type DemoDevice, type DemoFleet } from "./simulated-fleet";

export interface NetworkInABoxOptions {
  hotspots: number;
  seed: string;
  city: string;
  /** where keys, oracle data and logs go (default: a fresh temporary directory, removed at stop). */
  workDir?: string;
  /** Surfpool slot time (ms). */
  slotTimeMs?: number;
  /** claim runs done as real `hexpin` processes (the rest run the same command tree in-process). */
  subprocessClaims?: number;
  /** one line per step. */
  progress?: (line: string) => void;
}

/** base units per epoch: 1,000,000 tokens of 6 decimals. */
export const DEMO_EMISSION = 1_000_000_000_000n;
const HONEST_PER_OPERATOR = 6;
const MAX_REPORTS_PER_POST = 1000;

export interface Owner {
  name: string;
  /** "honest", or the adversary kind all its hotspots share. */
  behaviour: string;
  keypair: Keypair;
  keyFile: string;
  devices: DemoDevice[];
}

export interface ClaimSummary {
  owner: string;
  behaviour: string;
  runner: "subprocess" | "in-process";
  paid: number;
  amountPaid: bigint;
  transactions: number;
  computeUnitsPerClaim: number | null;
}

export interface OwnerBalance {
  owner: string;
  behaviour: string;
  hotspots: number;
  /** Σ cumulative amounts of the owner's hotspots in the oracle's latest root. */
  allocated: bigint;
  balance: bigint;
}

export interface BehaviourRewards {
  behaviour: string;
  hotspots: number;
  rewarded: number;
  amount: bigint;
}

export interface EpochReport {
  epoch: number;
  emission: bigint;
  paid: bigint;
  unallocated: bigint;
  merkleRoot: string | null;
  inputDigest: string;
  reportsPosted: number;
  reportsStored: number;
  /** byte-identical resends the intake acknowledged without storing again. */
  reportsDuplicate: number;
  postRequests: number;
  /** refusals at the leader's intake, by API error code. */
  intakeRefusals: Record<string, number>;
  /** reports the epoch function rejected, by reason. */
  rejections: Record<string, number>;
  /** which oracles' votes landed (leader, follower-1, follower-2) and what each one did. */
  votes: { oracle: string; role: string; outcome: string; computeUnits: number | null }[];
  rewardsByBehaviour: BehaviourRewards[];
  claims: ClaimSummary[];
  balances: OwnerBalance[];
  computeUnits: Record<string, { min: number; max: number; count: number }>;
  /** chain-wide: Σ emitted, Σ claimed, vault balance. */
  chain: { totalEmitted: bigint; totalClaimed: bigint; vault: bigint };
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function addCu(cu: Record<string, number[]>, name: string, units: number | null | undefined): void {
  if (typeof units === "number" && units > 0) (cu[name] ??= []).push(units);
}

export class NetworkInABox {
  readonly t0 = Date.now();
  net!: Localnet;
  connection!: Connection;
  network!: PublicKey;
  authority!: HexpinClient;
  schedule!: EpochSchedule;
  clock!: DemoClock;
  fleet!: DemoFleet;
  owners: Owner[] = [];
  ownerOf = new Map<string, Owner>();
  /** devices the chain refused to onboard, with the program's error. */
  refused: { device: DemoDevice; error: string }[] = [];
  oracleKeys: Keypair[] = [];
  leader!: OracleService;
  followers: FollowerService[] = [];
  readonly config: EpochConfig = epochConfig({});
  nextEpoch = 0;
  private workDir!: string;
  private ownsWorkDir = false;
  private cranker!: HexpinClient;
  private subprocessClaimsLeft: number;
  /** compute units of the set-up transactions, reported with epoch 0. */
  private cuBoot: Record<string, number[]> = {};
  private stopped = false;

  private constructor(readonly o: NetworkInABoxOptions) {
    this.subprocessClaimsLeft = o.subprocessClaims ?? 1;
  }

  private step(line: string): void {
    const s = ((Date.now() - this.t0) / 1000).toFixed(1).padStart(6);
    this.o.progress?.(`[${s}s] ${line}`);
  }

  /** Brings the chain, network, fleet and oracles up; on failure everything started is stopped. */
  static async start(o: NetworkInABoxOptions): Promise<NetworkInABox> {
    const box = NetworkInABox.create(o);
    await box.boot();
    return box;
  }

  /** A box not started yet (so a caller can stop it while `boot()` runs). */
  static create(o: NetworkInABoxOptions): NetworkInABox {
    return new NetworkInABox(o);
  }

  async boot(): Promise<void> {
    try {
      await this.bootSteps();
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  get urls() {
    return {
      rpc: this.net.rpcUrl,
      websocket: this.net.wsUrl,
      leader: this.leader.url!,
      followers: this.followers.map((f) => f.url),
      map: `${this.leader.url}/map/`,
    };
  }

  private keyFile(name: string, kp: Keypair): string {
    const path = join(this.workDir, "keys", `${name}.json`);
    writeFileSync(path, JSON.stringify(Array.from(kp.secretKey)), { mode: 0o600 });
    return path;
  }

  private async bootSteps(): Promise<void> {
    const o = this.o;
    this.ownsWorkDir = !o.workDir;
    this.workDir = o.workDir ?? mkdtempSync(join(tmpdir(), "hexpin-box-"));
    mkdirSync(join(this.workDir, "keys"), { recursive: true });

    // 1. The chain.
    this.step("chain: starting Surfpool (offline) and deploying target/deploy/hexpin.so over JSON-RPC…");
    let shown = -1;
    this.net = await startLocalnet({
      onDeployProgress: (p) => {
        const tenth = p.total ? Math.floor((10 * p.done) / p.total) : 0;
        if (p.phase === "write" && tenth !== shown && tenth % 5 === 0) {
          shown = tenth;
          this.step(`chain: program bytes written ${p.done}/${p.total} transactions`);
        }
      },
      rpcPort: 0,
      slotTimeMs: o.slotTimeMs ?? 100,
      walletPath: join(this.workDir, "keys", "authority.json"),
      txLogPath: join(this.workDir, "transactions.log"),
      migration: null,
    });
    this.connection = this.net.connection();
    this.step(`chain: Surfpool at ${this.net.rpcUrl}; program ${this.net.programId.toBase58()} ${this.net.deploy?.action ?? "deployed"} over RPC (${this.net.deploy?.transactions ?? "?"} transactions)`);

    // 2. The network: 1-day epochs, 1,000,000 tokens each, 3 oracles, quorum 2.
    const fund = (kp: Keypair, sol: number) => this.net.fund(kp.publicKey, sol * 1e9);
    this.authority = new HexpinClient(this.connection, this.net.wallet, { commitment: "confirmed" });
    this.oracleKeys = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
    for (const k of this.oracleKeys) fund(k, 10);
    const init = await this.authority.initializeNetwork({
      epochLengthSecs: BigInt(SIM_EPOCH_LENGTH_SECS),
      decimals: 6,
      emissionSchedule: [{ startEpoch: 0n, amountPerEpoch: DEMO_EMISSION }],
      oracles: this.oracleKeys.map((k) => k.publicKey),
      oracleQuorum: 2,
      onboardFeeLamports: 1_000_000n,
      locationFeeLamports: 500_000n,
      feeRecipient: this.net.wallet.publicKey,
    });
    this.network = init.network;
    const n = await this.authority.network(this.network);
    this.schedule = new EpochSchedule(Number(n.genesisTs) * 1000, Number(n.epochLengthSecs) * 1000);
    this.clock = new DemoClock(this.schedule.genesisMs, this.net.rpcUrl, this.connection);
    addCu(this.cuBoot, "initialize_network", init.computeUnits);
    this.step(`network ${this.network.toBase58()}: 1-day epochs, 1,000,000 tokens per epoch, oracles ${this.oracleKeys.map((k) => k.publicKey.toBase58().slice(0, 6) + "…").join(", ")}, quorum 2`);

    // 3. A maker, approved by the network's authority.
    const vendorKp = Keypair.generate();
    fund(vendorKp, 100);
    const vendor = new HexpinClient(this.connection, vendorKp, { commitment: "confirmed" });
    const issuing = Keypair.generate();
    const reg = await vendor.registerMaker(this.network, "Acme Radios", issuing);
    await this.authority.setMakerApproval(this.network, reg.maker, true);
    this.step(`maker "Acme Radios" ${reg.maker.toBase58().slice(0, 8)}… registered and approved`);

    // 4. The fleet and its owners: honest operators own a few hotspots each, each adversary kind is one owner.
    this.fleet = simulatedFleet({ seed: o.seed, hotspots: o.hotspots, city: o.city });
    const byBehaviour = new Map<string, DemoDevice[]>();
    for (const d of this.fleet.devices) (byBehaviour.get(d.behaviour) ?? byBehaviour.set(d.behaviour, []).get(d.behaviour)!).push(d);
    for (const b of this.fleet.behaviours) {
      const ds = byBehaviour.get(b) ?? [];
      const groups = b === "honest" ? Math.max(1, Math.ceil(ds.length / HONEST_PER_OPERATOR)) : 1;
      for (let g = 0; g < groups; g++) {
        const keypair = Keypair.generate();
        fund(keypair, 2);
        const name = b === "honest" ? `operator-${g + 1}` : b.replace(/_/g, "-");
        const owner: Owner = { name, behaviour: b, keypair, keyFile: this.keyFile(name, keypair), devices: ds.filter((_, i) => i % groups === g) };
        this.owners.push(owner);
        for (const d of owner.devices) this.ownerOf.set(d.address, owner);
      }
    }
    const kinds = this.fleet.behaviours.filter((b) => b !== "honest").map((b) => `${byBehaviour.get(b)!.length} ${b}`);
    this.step(`fleet: ${this.fleet.devices.length} simulated hotspots in ${this.fleet.city} (seed "${o.seed}"): ${byBehaviour.get("honest")?.length ?? 0} honest, ${kinds.join(", ")}; ${this.owners.length} owners`);

    const requests: OnboardRequest[] = this.fleet.devices.map((d) => ({
      network: this.network,
      issuingKey: issuing,
      owner: this.ownerOf.get(d.address)!.keypair.publicKey,
      hardwareKey: new PublicKey(d.keypair.publicKey),
      consent: d.keypair,
      location: d.location,
      gainDbi10: d.gainDbi10,
      elevationM: d.elevationM,
    }));
    let done = 0;
    const results = await vendor.onboardHotspots(requests, {
      concurrency: 8,
      onProgress: () => {
        done++;
        if (done % 20 === 0 || done === requests.length) this.step(`onboarding ${done}/${requests.length} (the maker signs, each device's consent is verified on-chain)`);
      },
    });
    for (const r of results) {
      if (r.ok) addCu(this.cuBoot, "onboard_hotspot", r.value?.computeUnits);
      else this.refused.push({ device: this.fleet.devices[r.index], error: (r.error as { errorName?: string })?.errorName ?? r.error?.message ?? "failed" });
    }
    this.step(`${results.length - this.refused.length}/${results.length} hotspots onboarded` + (this.refused.length ? `; refused by the program: ${this.refused.map((x) => `${x.error} (${x.device.behaviour})`).join(", ")}` : ""));

    // 5. The oracles: a leader and two followers, each with its own key, data dir and port.
    const sources = new ChainSources(this.connection, this.net.programId, this.network);
    const chain = (i: number): ChainConfig => ({ connection: this.connection, oracle: this.oracleKeys[i], network: this.network, programId: this.net.programId });
    this.step("oracles: preparing three embedded PostgreSQL (PGlite) databases…");
    // One migrated PGlite directory copied for each oracle (creating a database takes seconds). Not made
    // while transactions are in flight: PGlite runs on this event loop, which also forwards the chain's RPC.
    const template = join(this.workDir, "pglite-template");
    await (await openDatabase({ pgliteDir: template })).close();
    for (const d of ["leader", "follower-1", "follower-2"]) cpSync(template, join(this.workDir, d, "pglite"), { recursive: true });
    rmSync(template, { recursive: true, force: true });
    this.leader = await OracleService.start({
      dataDir: join(this.workDir, "leader"),
      schedule: this.schedule,
      epochConfig: this.config,
      emission: sources,
      registrySource: sources,
      clock: this.clock,
      chain: chain(0),
      firstEpoch: 0,
      tickIntervalMs: 0,
      registrySyncIntervalMs: 0,
      runJob: inlineEpochJobRunner,
      logger: false,
    });
    await this.leader.syncRegistry();
    this.step(`leader oracle ${this.oracleKeys[0].publicKey.toBase58().slice(0, 8)}… at ${this.leader.url} (PGlite in ${join(this.workDir, "leader")}); registry synced from the chain: ${this.leader.registryIndex.size} hotspots`);
    for (const i of [1, 2]) {
      const f = await FollowerService.start({
        dataDir: join(this.workDir, `follower-${i}`),
        leader: httpLeaderClient(this.leader.url!),
        schedule: this.schedule,
        epochConfig: this.config,
        emission: sources,
        chain: chain(i),
        firstEpoch: 0,
        clock: this.clock,
        tickIntervalMs: 0,
        runJob: inlineEpochJobRunner,
      });
      this.followers.push(f);
      this.step(`follower oracle ${i} ${this.oracleKeys[i].publicKey.toBase58().slice(0, 8)}… at ${f.url} (own key, own PGlite)`);
    }

    this.cranker = new HexpinClient(this.connection, this.net.wallet, { commitment: "confirmed" });
  }

  /** Plays the next epoch end to end; throws when anything does not check out. */
  async runEpoch(): Promise<EpochReport> {
    const epoch = this.nextEpoch++;
    const started = Date.now();
    const window = this.schedule.window(epoch);
    const cu: Record<string, number[]> = epoch === 0 ? { ...this.cuBoot } : {};
    const traffic = this.fleet.epoch(epoch, window);
    await this.leader.database.db.transaction().execute(async (tx) => {
      for (const e of traffic.entropy) await publishEntropy(tx, e);
    });
    this.step(`epoch ${epoch}: ${traffic.reports.length} signed reports from the devices over the next 24 simulated hours; entropy feed of ${traffic.entropy.length} records published`);

    // 1. Devices post their reports as they happen, batched per second of simulated time.
    const refusals: Record<string, number> = {};
    let stored = 0;
    let duplicates = 0;
    let posts = 0;
    let hour = Math.floor((window.startMs - this.schedule.genesisMs) / 3_600_000);
    const reports = traffic.reports;
    for (let i = 0; i < reports.length; ) {
      const second = Math.floor(reports[i].receivedAtMs / 1000);
      let j = i;
      while (j < reports.length && Math.floor(reports[j].receivedAtMs / 1000) === second && j - i < MAX_REPORTS_PER_POST) j++;
      const batch = reports.slice(i, j);
      i = j;
      this.clock.set(batch[batch.length - 1].receivedAtMs);
      const r = await this.post(batch.map((x) => x.bytes), refusals);
      stored += r.stored;
      duplicates += r.duplicates;
      posts += r.posts;
      const h = Math.floor((this.clock.now() - this.schedule.genesisMs) / 3_600_000);
      if (h > hour) {
        hour = h;
        await this.clock.syncChain();
        if (h % 6 === 0) this.step(`epoch ${epoch}: ${String(h % 24).padStart(2, "0")}:00 simulated, ${stored} reports stored by the leader (chain clock moved along)`);
      }
    }
    this.step(`epoch ${epoch}: ${stored}/${reports.length} reports stored in ${posts} POST /v1/reports` + (duplicates ? `; ${duplicates} byte-identical resends acknowledged as duplicates (a replayer's copies)` : "") + (Object.keys(refusals).length ? `; refused at intake: ${Object.entries(refusals).map(([k, v]) => `${v} ${k}`).join(", ")}` : ""));

    // 2. The epoch ends; the chain's clock passes its end and advance_epoch mints its emission.
    this.clock.set(window.endMs + 1_000);
    await this.clock.syncChain();
    const adv = await this.cranker.advanceEpoch(this.network);
    addCu(cu, "advance_epoch", adv.computeUnits);
    const minted = (await this.authority.epoch(this.network, BigInt(epoch))).emission;
    this.step(`epoch ${epoch} ended: advance_epoch cranked, ${minted} base units minted into the rewards vault`);

    // 3. The leader freezes, computes and votes.
    const leaderRow = await this.until(`the leader's vote on epoch ${epoch}`, async () => {
      await this.leader.tick();
      const row = await getEpoch(this.leader.database.db, epoch);
      return row && ["voted", "active", "served"].includes(row.state) ? row : null;
    });
    this.step(`leader: epoch ${epoch} computed (${leaderRow.report_count ?? stored} reports, root ${leaderRow.merkle_root?.slice(0, 16)}…, bundle ${leaderRow.input_digest!.slice(0, 12)}…) and voted on-chain`);

    // 4. The followers fetch the leader's bundle, recompute it and vote what they reproduced.
    for (const [k, f] of this.followers.entries()) {
      const row = await this.until(`follower ${k + 1}'s verdict on epoch ${epoch}`, async () => {
        await f.tick();
        const mine = await getEpoch(f.database.db, epoch);
        if (mine && ["voted", "active", "served"].includes(mine.state)) return mine;
        const bad = await f.database.db.selectFrom("follower_checks").selectAll().where("epoch", "=", BigInt(epoch)).where("verdict", "=", "mismatch").executeTakeFirst();
        if (bad) throw new Error(`follower ${k + 1} did not reproduce epoch ${epoch}: ${bad.reason}`);
        return null;
      });
      if (row.merkle_root !== leaderRow.merkle_root) throw new Error(`follower ${k + 1} holds root ${row.merkle_root} for epoch ${epoch}, the leader ${leaderRow.merkle_root}`);
      const voted = row.vote_signature !== null;
      this.step(`follower ${k + 1}: recomputed the leader's bundle, same root; ${voted ? "voted it on-chain" : "the root was already active on-chain, no vote needed"}`);
    }

    // 5. 2-of-3 activated the root; the leader checks it and serves proofs.
    await this.until(`epoch ${epoch}'s root to activate and be served`, async () => {
      await this.leader.tick();
      const row = await getEpoch(this.leader.database.db, epoch);
      return row?.state === "served" ? row : null;
    });
    const chainEpoch = await this.authority.epoch(this.network, BigInt(epoch));
    if (!chainEpoch.rootActive || Buffer.from(chainEpoch.merkleRoot).toString("hex") !== leaderRow.merkle_root) throw new Error(`epoch ${epoch}: the chain's active root is not the leader's`);
    const votes = await this.voteFigures(epoch, cu);
    this.step(`epoch ${epoch}: root active on-chain (${votes.filter((v) => v.outcome === "landed").length} votes landed, quorum 2); the leader serves proofs at ${this.leader.url}/v1/rewards/<hotspot>`);

    // 6. Every rewarded owner claims through the CLI, with proofs from the leader.
    const cumulative = await cumulativeOf(this.leader.database.db, epoch);
    const perEpoch = await this.leader.database.db.selectFrom("epoch_rewards").select(["hotspot_key", "amount"]).where("epoch", "=", BigInt(epoch)).execute();
    const allocatedTo = new Map<Owner, bigint>();
    for (const [id, amount] of cumulative) {
      const owner = this.ownerOf.get(parseRewardId(id).key);
      if (!owner) throw new Error(`the oracle allocated to ${id}, a hotspot outside the fleet`);
      allocatedTo.set(owner, (allocatedTo.get(owner) ?? 0n) + amount);
    }
    const claims: ClaimSummary[] = [];
    const claimants = this.owners.filter((ow) => (allocatedTo.get(ow) ?? 0n) > 0n);
    for (const [k, owner] of claimants.entries()) {
      const c = await this.claim(owner);
      claims.push(c);
      addCu(cu, "claim_rewards (per claim)", c.computeUnitsPerClaim);
      if ((k + 1) % 5 === 0 || k + 1 === claimants.length) this.step(`epoch ${epoch}: ${k + 1}/${claimants.length} owners claimed with \`hexpin rewards claim --all --oracle ${this.leader.url}\``);
    }

    await this.leader.syncRegistry(); // the map shows what each hotspot has claimed on-chain
    await this.leader.tick();

    // 7. Check: every owner's balance is what the oracle allocated, to the base unit; conservation.
    const balances: OwnerBalance[] = [];
    for (const owner of this.owners) {
      const balance = await this.authority.rewardBalance(this.network, owner.keypair.publicKey);
      const allocated = allocatedTo.get(owner) ?? 0n;
      if (balance !== allocated) throw new Error(`${owner.name} holds ${balance} base units; the oracle allocated ${allocated}`);
      balances.push({ owner: owner.name, behaviour: owner.behaviour, hotspots: owner.devices.length, allocated, balance });
    }
    const row = (await getEpoch(this.leader.database.db, epoch)) as EpochRow;
    const paid = BigInt(row.paid!);
    const unallocated = BigInt(row.unallocated!);
    if (paid + unallocated !== minted || BigInt(row.emission!) !== minted) throw new Error(`epoch ${epoch}: paid ${paid} + unallocated ${unallocated} ≠ minted ${minted}`);
    const sumPerEpoch = perEpoch.reduce((s, r) => s + BigInt(r.amount), 0n);
    if (sumPerEpoch !== paid) throw new Error(`epoch ${epoch}: per-hotspot rewards sum to ${sumPerEpoch}, the epoch paid ${paid}`);
    const net = await this.authority.network(this.network);
    const vault = await this.vaultBalance();
    if (net.totalEmitted - net.totalClaimed !== vault) throw new Error(`the vault holds ${vault}; emitted ${net.totalEmitted} − claimed ${net.totalClaimed}`);
    this.step(`epoch ${epoch}: every owner's balance equals the oracle's allocation to the base unit; ${paid} paid + ${unallocated} unallocated = ${minted} emitted`);

    const amountOf = new Map(perEpoch.map((r) => [r.hotspot_key, BigInt(r.amount)]));
    const rewardsByBehaviour: BehaviourRewards[] = this.fleet.behaviours.map((b) => {
      const ds = this.fleet.devices.filter((d) => d.behaviour === b);
      const amounts = ds.map((d) => amountOf.get(d.address) ?? 0n);
      return { behaviour: b, hotspots: ds.length, rewarded: amounts.filter((a) => a > 0n).length, amount: amounts.reduce((s, a) => s + a, 0n) };
    });
    const summary = row.summary ? (JSON.parse(row.summary) as { reasonCounts?: Record<string, number> }) : {};
    return {
      epoch,
      emission: minted,
      paid,
      unallocated,
      merkleRoot: row.merkle_root,
      inputDigest: row.input_digest!,
      reportsPosted: reports.length,
      reportsStored: stored,
      reportsDuplicate: duplicates,
      postRequests: posts,
      intakeRefusals: refusals,
      rejections: summary.reasonCounts ?? {},
      votes,
      rewardsByBehaviour,
      claims,
      balances,
      computeUnits: Object.fromEntries(Object.entries(cu).filter(([, v]) => v.length).map(([k, v]) => [k, { min: Math.min(...v), max: Math.max(...v), count: v.length }])),
      chain: { totalEmitted: net.totalEmitted, totalClaimed: net.totalClaimed, vault },
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  }

  /** Posts one batch; a report the leader refuses (its index named) is dropped and counted, the rest sent again. */
  private async post(batch: Uint8Array[], refusals: Record<string, number>): Promise<{ stored: number; duplicates: number; posts: number }> {
    let posts = 0;
    let pending = batch;
    while (pending.length) {
      posts++;
      const res = await fetch(`${this.leader.url}/v1/reports`, { method: "POST", headers: { "content-type": REPORT_CONTENT_TYPE }, body: Buffer.concat(pending) });
      const body = (await res.json()) as { stored?: number; duplicates?: number; error?: { code: string; message: string; index?: number } };
      if (res.ok) return { stored: body.stored ?? 0, duplicates: body.duplicates ?? 0, posts };
      const code = body.error?.code ?? `http_${res.status}`;
      const index = body.error?.index;
      if (index === undefined || index < 0 || index >= pending.length) {
        refusals[code] = (refusals[code] ?? 0) + pending.length;
        return { stored: 0, duplicates: 0, posts };
      }
      refusals[code] = (refusals[code] ?? 0) + 1;
      pending = pending.filter((_, k) => k !== index);
    }
    return { stored: 0, duplicates: 0, posts };
  }

  private async claim(owner: Owner): Promise<ClaimSummary> {
    const args = ["rewards", "claim", "--all", "--oracle", this.leader.url!, "-u", this.net.rpcUrl, "-k", owner.keyFile, "--network", this.network.toBase58(), "--json"];
    const env = { SOLANA_CONFIG: join(this.workDir, "no-solana-config.yml") };
    const subprocess = this.subprocessClaimsLeft > 0;
    if (subprocess) this.subprocessClaimsLeft--;
    const run: CliRun = subprocess ? await spawnCli(args, env) : await runCli(args, env);
    if (run.code !== 0) throw new Error(`hexpin rewards claim for ${owner.name} exited ${run.code}:\n${run.stderr || run.stdout}`);
    const j = run.json() as { paid: number; amountPaid: string; transactions: number; computeUnitsPerClaim: number | null };
    return { owner: owner.name, behaviour: owner.behaviour, runner: subprocess ? "subprocess" : "in-process", paid: j.paid, amountPaid: BigInt(j.amountPaid), transactions: j.transactions, computeUnitsPerClaim: j.computeUnitsPerClaim };
  }

  /** Each oracle's landed vote (the signature its pipeline stored) and its compute units. */
  private async voteFigures(epoch: number, cu: Record<string, number[]>): Promise<EpochReport["votes"]> {
    const dbs: Database[] = [this.leader.database, ...this.followers.map((f) => f.database)];
    const out: EpochReport["votes"] = [];
    for (const [i, db] of dbs.entries()) {
      const signature = (await getEpoch(db.db, epoch))?.vote_signature ?? null;
      let units: number | null = null;
      if (signature) {
        const tx = await this.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        units = tx?.meta?.computeUnitsConsumed ?? null;
        addCu(cu, "post_epoch_root", units);
      }
      out.push({ oracle: this.oracleKeys[i].publicKey.toBase58(), role: i === 0 ? "leader" : `follower-${i}`, outcome: signature ? "landed" : "not needed (root already active)", computeUnits: units });
    }
    return out;
  }

  private async vaultBalance(): Promise<bigint> {
    const info = await this.connection.getAccountInfo(rewardsVaultPda(this.network, this.net.programId)[0]);
    return info ? info.data.readBigUInt64LE(64) : 0n;
  }

  private async until<T>(what: string, poll: () => Promise<T | null | undefined>, timeoutMs = 180_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.stopped) throw new Error(`stopped while waiting for ${what}`);
      const v = await poll();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(300);
    }
  }

  /** Stops the oracles and the chain; removes the work directory unless it was given. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const f of this.followers) await f.stop().catch(() => {});
    await this.leader?.stop().catch(() => {});
    await this.net?.stop().catch(() => {});
    if (this.ownsWorkDir && this.workDir) rmSync(this.workDir, { recursive: true, force: true });
  }
}
