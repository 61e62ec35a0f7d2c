// Claims, checked then sent. A proof from any source is first checked against the chain
// (the network's active root, the hotspot's current life and what it has been paid), so an
// operator hears "this proof is for an older root" instead of a failed transaction. What is
// due is packed with `packClaims` (owners' reward accounts created where missing) and each
// transaction goes through the sender, which never sends one twice. Every claim ends with
// an exact outcome: paid (with the amount from the program's RewardsClaimed event), failed,
// skipped, not sent, or — only when the cluster stopped answering mid-confirmation and a
// re-read of the chain failed too — unknown.
import type { PublicKey, Signer } from "@solana/web3.js";
import type { HotspotAccount, NetworkAccount } from "../accounts";
import { packClaims, type ClaimBatch } from "../claims";
import type { ClaimParams } from "../instructions";
import { HexpinProgramError } from "../errors";
import { verifyClaim } from "../merkle";
import type { DecodedEvent } from "../program";
import { ClusterUnreachableError, InsufficientFundsError, TransactionExpiredError, TransactionFailedError } from "./errors";
import type { ProofLookup, RewardProof } from "./proof-sources";
import type { PlannedTransaction } from "./send";

/** Why a hotspot life can or cannot be claimed now (stable strings, docs/cli.md). */
export type ClaimStatus =
  | "claimable"
  | "claimed"
  | "no-source"
  | "no-rewards"
  | "source-has-no-root"
  | "no-active-root"
  | "other-life"
  | "stale-root"
  | "root-not-active"
  | "root-mismatch"
  | "invalid-proof"
  | "not-onboarded";

export interface ClaimCheck {
  hardwareKey: PublicKey;
  /** the hotspot account's address. */
  hotspot: PublicKey;
  /** the chain's current life of the hotspot, or null when no account exists. */
  serial: bigint | null;
  /** the current owner, who is paid. */
  owner: PublicKey | null;
  /** base units paid to this life so far. */
  claimed: bigint | null;
  proof: RewardProof | null;
  status: ClaimStatus;
  /** `cumulative − claimed` when claimable, else 0. */
  amount: bigint;
  /** one clause saying why, for people. */
  message: string;
}

type ActiveRoot = NetworkAccount["activeRoot"];

/** Decides, from the chain's state, what a proof would pay. Pure. */
export function checkClaim(activeRoot: ActiveRoot, hardwareKey: PublicKey, hotspotAddress: PublicKey, hotspot: HotspotAccount | null, lookup: ProofLookup | null): ClaimCheck {
  const base = {
    hardwareKey,
    hotspot: hotspotAddress,
    serial: hotspot?.serial ?? null,
    owner: hotspot?.owner ?? null,
    claimed: hotspot?.claimed ?? null,
    proof: lookup?.proof ?? null,
    amount: 0n,
  };
  const out = (status: ClaimStatus, message: string, amount = 0n): ClaimCheck => ({ ...base, status, message, amount });
  if (!hotspot) return out("not-onboarded", "no hotspot with this hardware key is on the network (never onboarded, or decommissioned)");
  if (!lookup) return out("no-source", "no proof source was given (--oracle or --bundle)");
  if (!lookup.proof) {
    return lookup.reason === "no-rewards"
      ? out("no-rewards", "the proof source holds no rewards for it")
      : out("source-has-no-root", "the oracle has no active root yet");
  }
  const p = lookup.proof;
  if (!activeRoot) return out("no-active-root", "no epoch root has activated on the chain yet (oracles have not reached quorum)");
  if (p.serial !== hotspot.serial) {
    return p.serial < hotspot.serial
      ? out("other-life", `the proof is for an earlier life of this hardware key (serial ${p.serial}) while the hotspot's current life is serial ${hotspot.serial}; rewards of a decommissioned life can never be claimed again`)
      : out("other-life", `the proof is for serial ${p.serial}, not the hotspot's current life (serial ${hotspot.serial})`);
  }
  if (!p.merkleRoot.equals(activeRoot.merkleRoot)) {
    if (p.epoch < activeRoot.epoch) return out("stale-root", `the proof is for epoch ${p.epoch}'s root, older than the active root of epoch ${activeRoot.epoch}: get a fresh proof`);
    if (p.epoch > activeRoot.epoch) return out("root-not-active", `the proof is for epoch ${p.epoch}'s root, which has not activated yet (the active root is epoch ${activeRoot.epoch}'s): wait for the oracles' quorum`);
    return out("root-mismatch", `the proof's root for epoch ${p.epoch} is not the root the chain activated for it`);
  }
  if (!verifyClaim(hardwareKey.toBytes(), p.serial, p.cumulative, p.proof, activeRoot.merkleRoot)) {
    return out("invalid-proof", `the proof of ${p.cumulative} base units does not verify against the active root`);
  }
  if (p.cumulative <= hotspot.claimed) return out("claimed", `already claimed: the ${hotspot.claimed} base units the active root (epoch ${activeRoot.epoch}) commits to this life were paid`);
  return out("claimable", `${p.cumulative - hotspot.claimed} base units are due (${p.cumulative} committed, ${hotspot.claimed} paid)`, p.cumulative - hotspot.claimed);
}

export type ClaimOutcomeStatus = "paid" | "simulated" | "failed" | "not-sent" | "unknown";

export interface ClaimOutcome {
  check: ClaimCheck;
  status: ClaimOutcomeStatus;
  /** base units this run paid (from the RewardsClaimed event). */
  amountPaid: bigint;
  signature: string | null;
  error: Error | null;
  /** the transaction (index into `ClaimRun.transactions`) that carried it last. */
  transaction: number | null;
}

export interface ClaimTransaction {
  claims: number;
  /** owner reward accounts it creates. */
  createdAccounts: number;
  bytes: number;
  status: "landed" | "simulated" | "failed" | "not-sent" | "unknown";
  signature: string | null;
  computeUnits: number | null;
  feeLamports: number | null;
  error: Error | null;
}

export interface ClaimRun {
  outcomes: ClaimOutcome[];
  transactions: ClaimTransaction[];
  /** base units paid by this run. */
  paid: bigint;
  seconds: number;
}

/** What the claim runner needs from the client (kept narrow so it can be tested alone). */
export interface ClaimRunnerHost {
  wallet: Signer;
  programId: PublicKey;
  /** sends (or, dry, simulates) a planned transaction. */
  execute(tx: PlannedTransaction): Promise<{ dryRun: boolean; signature?: string; computeUnits: number; feeLamports: number; events?: DecodedEvent[] }>;
  /** owners (base58) among these whose reward token account does not exist. */
  missingRewardAccounts(owners: PublicKey[]): Promise<Set<string>>;
  /** the hotspots' current accounts (null when gone), for reconciling after a failure. */
  readHotspots(hardwareKeys: PublicKey[]): Promise<(HotspotAccount | null)[]>;
}

export interface ClaimRunOptions {
  network: PublicKey;
  dryRun?: boolean;
  priorityFeeMicroLamports?: number;
  /** transactions in flight (default 4). */
  concurrency?: number;
  /** called as claims settle (counts of claims). */
  onProgress?: (settled: number, total: number, failed: number) => void;
  /** stop sending new transactions; those in flight finish. */
  signal?: AbortSignal;
}

/** Failures that concern the whole network or the payer: sending more would fail the same way. */
function stopsTheRun(e: unknown): boolean {
  if (e instanceof HexpinProgramError) return e.errorName === "ClaimsPaused" || e.errorName === "NoActiveRoot";
  return e instanceof InsufficientFundsError || e instanceof ClusterUnreachableError;
}

/** Failures after which the transaction provably paid nothing (refused in simulation, failed atomically, or expired unlanded). */
function paidNothing(e: unknown): boolean {
  return e instanceof HexpinProgramError || e instanceof TransactionFailedError || e instanceof TransactionExpiredError || e instanceof InsufficientFundsError;
}

/** Errors of one claim in a batch (another claim in the same transaction may be fine). */
function claimSpecific(e: unknown): boolean {
  return e instanceof HexpinProgramError && ["NothingToClaim", "InvalidMerkleProof", "WrongTokenAccount", "ClaimExceedsCommittedTotal", "ProofTooLong", "AccountNotInitialized", "NetworkMismatch"].includes(e.errorName);
}

function eventKey(e: DecodedEvent): string | null {
  const k = e.data.hardware_key ?? e.data.hardwareKey;
  return k && typeof (k as PublicKey).toBase58 === "function" ? (k as PublicKey).toBase58() : null;
}

/**
 * Sends every claimable check's claim, packed; returns one outcome per check given
 * (checks that are not claimable come back `not-sent` with their reason).
 */
export async function runClaims(host: ClaimRunnerHost, checks: readonly ClaimCheck[], o: ClaimRunOptions): Promise<ClaimRun> {
  const t0 = Date.now();
  const outcomes: ClaimOutcome[] = checks.map((check) => ({ check, status: "not-sent", amountPaid: 0n, signature: null, error: null, transaction: null }));
  const due = outcomes.filter((x) => x.check.status === "claimable" && x.check.amount > 0n);
  const transactions: ClaimTransaction[] = [];
  const total = due.length;
  let settled = 0;
  let failedCount = 0;
  let stopped: unknown = null;
  const progress = (n: number, failed: number) => {
    settled += n;
    failedCount += failed;
    o.onProgress?.(settled, total, failedCount);
  };

  const params = (x: ClaimOutcome): ClaimParams => ({
    network: o.network,
    hardwareKey: x.check.hardwareKey,
    owner: x.check.owner!,
    cumulative: x.check.proof!.cumulative,
    proof: x.check.proof!.proof,
    programId: host.programId,
  });
  const owners = [...new Map(due.map((x) => [x.check.owner!.toBase58(), x.check.owner!])).values()];
  const missing = owners.length ? await host.missingRewardAccounts(owners) : new Set<string>();
  const pack = (list: ClaimOutcome[], missingOwners: ReadonlySet<string>): { batch: ClaimBatch; members: ClaimOutcome[] }[] => {
    const byKey = new Map(list.map((x) => [x.check.hardwareKey.toBase58(), x]));
    return packClaims(list.map(params), {
      payer: host.wallet.publicKey,
      missingAtaOwners: missingOwners,
      computeUnitLimit: () => 1, // sized like the sender's own limit instruction
      priorityFeeMicroLamports: o.priorityFeeMicroLamports,
      messageVersion: 0,
      // A dry run lands nothing, so a later transaction cannot rely on an earlier one's account.
      selfContained: !!o.dryRun,
    }).map((batch) => ({ batch, members: batch.claims.map((c) => byKey.get(c.hardwareKey.toBase58())!) }));
  };

  const send = async (batch: ClaimBatch, members: ClaimOutcome[], splitOnFailure: boolean): Promise<void> => {
    const index = transactions.length;
    const createdAccounts = batch.body.length - batch.claims.length;
    const record: ClaimTransaction = { claims: members.length, createdAccounts, bytes: batch.bytes, status: "not-sent", signature: null, computeUnits: null, feeLamports: null, error: null };
    transactions.push(record);
    for (const m of members) m.transaction = index;
    if (stopped || o.signal?.aborted) {
      record.error = stopped instanceof Error ? stopped : new Error("interrupted before this transaction was sent");
      for (const m of members) m.error = record.error;
      return progress(members.length, 0);
    }
    try {
      const out = await host.execute({
        description: `claim rewards of ${members.length} hotspot(s)`,
        instructions: batch.body,
        signers: [host.wallet],
        computeUnitLabels: members.map(() => "claim_rewards"),
      });
      record.computeUnits = out.computeUnits;
      record.feeLamports = out.feeLamports;
      if (out.dryRun) {
        record.status = "simulated";
        for (const m of members) m.status = "simulated";
        return progress(members.length, 0);
      }
      record.status = "landed";
      record.signature = out.signature ?? null;
      const paid = new Map<string, bigint>();
      for (const e of out.events ?? []) {
        const k = e.name === "RewardsClaimed" ? eventKey(e) : null;
        if (k) paid.set(k, BigInt(String(e.data.amount)));
      }
      for (const m of members) {
        m.status = "paid";
        m.signature = record.signature;
        // The event is the program's own statement of the amount; without the logs, the checked amount is what it paid.
        m.amountPaid = paid.get(m.check.hardwareKey.toBase58()) ?? m.check.amount;
      }
      return progress(members.length, 0);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      record.error = error;
      if (stopsTheRun(error)) stopped = error;
      if (!paidNothing(error)) {
        record.status = "unknown";
        for (const m of members) Object.assign(m, { status: "unknown", error });
        return progress(members.length, 0);
      }
      record.status = "failed";
      if (splitOnFailure && members.length > 1 && claimSpecific(error) && !o.dryRun) {
        // Nothing was paid: retry each claim alone so one bad claim does not hold back the others.
        for (const m of members) {
          const [single] = pack([m], missing);
          await send(single.batch, single.members, false);
        }
        return;
      }
      for (const m of members) Object.assign(m, { status: "failed", error });
      return progress(members.length, members.length);
    }
  };

  // A batch whose claims pay an owner whose reward account an earlier batch creates waits for
  // that batch (packClaims creates each missing account once, in the first batch that needs it).
  const work = pack(due, missing).map(({ batch, members }) => ({ batch, members, creates: [] as string[], needs: [] as string[], settled: null as Promise<void> | null }));
  const creator = new Map<string, (typeof work)[number]>();
  for (const w of o.dryRun ? [] : work) {
    for (const m of w.members) {
      const owner = m.check.owner!.toBase58();
      if (!missing.has(owner)) continue;
      const first = creator.get(owner);
      if (!first) {
        creator.set(owner, w);
        w.creates.push(owner);
      } else if (first !== w && !w.needs.includes(owner)) w.needs.push(owner);
    }
  }
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < work.length; i = next++) {
      const w = work[i];
      let release!: () => void;
      w.settled = new Promise<void>((r) => (release = r));
      try {
        for (const owner of w.needs) await creator.get(owner)!.settled;
        await send(w.batch, w.members, true);
      } finally {
        release();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 4, work.length)) }, worker));

  // A lost confirmation: the chain says whether the claim was paid.
  const unknown = outcomes.filter((x) => x.status === "unknown");
  if (unknown.length) {
    const now = await host.readHotspots(unknown.map((x) => x.check.hardwareKey)).catch(() => null);
    unknown.forEach((x, i) => {
      const h = now?.[i];
      if (h === undefined) return;
      if (h && h.serial === x.check.serial && h.claimed >= x.check.proof!.cumulative) {
        x.status = "paid";
        x.amountPaid = x.check.amount;
      } else {
        x.status = "failed";
      }
    });
  }
  return { outcomes, transactions, paid: outcomes.reduce((s, x) => s + x.amountPaid, 0n), seconds: (Date.now() - t0) / 1000 };
}
