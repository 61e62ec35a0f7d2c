// Where a hotspot life's Merkle proof comes from: the oracle service's API
// (`GET /v1/rewards/:hotspot`) or an epoch bundle recomputed here with the oracle library.
// Either way a source only *proposes* a proof; rewards.ts checks it against the chain
// before anything is sent.
import { PublicKey } from "@solana/web3.js";
import { parseRewardId, U64_MAX } from "../merkle";
import { BundleError, OracleApiError } from "./errors";

/** One hotspot life's cumulative amount and its proof against one epoch's root. */
export interface RewardProof {
  hardwareKey: PublicKey;
  /** the life (`Hotspot.serial`) the leaf names. */
  serial: bigint;
  /** base units committed to this life through `epoch`. */
  cumulative: bigint;
  /** sibling hashes, leaf to root. */
  proof: Buffer[];
  /** the epoch whose root the proof is against. */
  epoch: bigint;
  merkleRoot: Buffer;
  inputDigest: Buffer | null;
}

/** A source's answer: a proof, or why it has none. */
export type ProofLookup = { proof: RewardProof } | { proof: null; reason: "no-rewards" | "source-has-no-root" };

export interface ProofSource {
  readonly kind: "oracle" | "bundle";
  /** the URL or path, for messages. */
  readonly location: string;
  /**
   * The proof of this life of the hotspot when the source has it; otherwise the proof of
   * another life of the same hardware key it knows (so the caller can say so), or none.
   */
  lookup(hardwareKey: PublicKey, serial: bigint): Promise<ProofLookup>;
}

const HEX32 = /^(0x)?[0-9a-fA-F]{64}$/;
/** More than the program accepts (32), so an oversized proof is reported, not silently cut. */
const MAX_PROOF_ELEMENTS = 64;

function hex32(v: unknown, what: string, fail: (reason: string) => Error): Buffer {
  if (typeof v !== "string" || !HEX32.test(v)) throw fail(`${what} is not 32 bytes of hex`);
  return Buffer.from(v.replace(/^0x/, ""), "hex");
}

function u64(v: unknown, what: string, fail: (reason: string) => Error): bigint {
  const text = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof text !== "string" || !/^[0-9]{1,20}$/.test(text) || BigInt(text) > U64_MAX) throw fail(`${what} is not a u64 decimal`);
  return BigInt(text);
}

export interface OracleSourceOptions {
  /** per-request timeout (default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The oracle service's proof API: `GET <url>/v1/rewards/<hardware key>` answers
 * `{ hotspot, rewardId: "<key>:<serial>", epoch, merkleRoot, inputDigest, cumulative, proof }`,
 * or 404 `{ error: { code: "no_rewards" | "no_active_root" } }`. Every field is validated;
 * anything else is an `OracleApiError`.
 */
export class OracleProofSource implements ProofSource {
  readonly kind = "oracle" as const;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(
    readonly location: string,
    o: OracleSourceOptions = {},
  ) {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      throw new OracleApiError(location, "not an http(s) URL", "oracle-unreachable");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OracleApiError(location, "not an http(s) URL", "oracle-unreachable");
    if (!url.pathname.endsWith("/")) url.pathname += "/";
    this.base = url;
    this.timeoutMs = o.timeoutMs ?? 15_000;
    this.fetchFn = o.fetch ?? fetch;
  }

  async lookup(hardwareKey: PublicKey): Promise<ProofLookup> {
    const key = hardwareKey.toBase58();
    const url = new URL(`v1/rewards/${key}`, this.base);
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new OracleApiError(this.location, cause?.code ?? cause?.message ?? (e as Error).message, "oracle-unreachable");
    }
    const fail = (reason: string) => new OracleApiError(this.location, `GET ${url.pathname}: ${reason}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw fail(`HTTP ${res.status}, not JSON`);
    }
    if (res.status === 404) {
      const code = (body as { error?: { code?: unknown } })?.error?.code;
      if (code === "no_rewards") return { proof: null, reason: "no-rewards" };
      if (code === "no_active_root") return { proof: null, reason: "source-has-no-root" };
      throw fail(`HTTP 404 with error code ${JSON.stringify(code)}`);
    }
    if (res.status !== 200) throw fail(`HTTP ${res.status}`);
    return { proof: parseOracleProof(body, key, fail) };
  }
}

/** Validates the oracle's 200 answer for `key` into a `RewardProof`. */
export function parseOracleProof(body: unknown, key: string, fail: (reason: string) => Error): RewardProof {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw fail("not a JSON object");
  const b = body as Record<string, unknown>;
  if (b.hotspot !== key) throw fail(`it names hotspot ${JSON.stringify(b.hotspot)}, not ${key}`);
  let id: { key: string; serial: bigint };
  try {
    id = parseRewardId(String(b.rewardId));
  } catch {
    throw fail(`rewardId ${JSON.stringify(b.rewardId)} is not "<key>:<serial>"`);
  }
  if (id.key !== key) throw fail(`rewardId ${String(b.rewardId)} is another hotspot's`);
  if (!Array.isArray(b.proof) || b.proof.length > MAX_PROOF_ELEMENTS) throw fail("proof is not a list of at most 64 hashes");
  return {
    hardwareKey: new PublicKey(key),
    serial: id.serial,
    cumulative: u64(b.cumulative, "cumulative", fail),
    proof: b.proof.map((h, i) => hex32(h, `proof[${i}]`, fail)),
    epoch: u64(b.epoch, "epoch", fail),
    merkleRoot: hex32(b.merkleRoot, "merkleRoot", fail),
    inputDigest: b.inputDigest === null || b.inputDigest === undefined ? null : hex32(b.inputDigest, "inputDigest", fail),
  };
}

/** What a recomputed bundle commits: the values an oracle votes. */
export interface BundleCommitment {
  epoch: bigint;
  /** null when the epoch pays nobody (no tree). */
  merkleRoot: Buffer | null;
  inputDigest: Buffer;
  totalCumulative: bigint;
  /** the emission the bundle distributes (must equal the epoch account's). */
  emission: bigint;
  /** reward ids with a positive cumulative amount. */
  lives: number;
  reports: number;
}

export interface BundleSourceOptions {
  /** the previous epoch's state file, when the bundle names one (`previousStateDigest`). */
  previousState?: Uint8Array;
  /** phases of the recomputation, for a progress line. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** The oracle library's entry points, loaded on first use: the SDK does not depend on the oracle package at load time. */
async function oracleLibrary() {
  try {
    const [epoch, stream] = await Promise.all([import("@hexpin/oracle/src/epoch/bundle-epoch"), import("@hexpin/oracle/src/epoch/bundle-stream")]);
    return { computeEpochFromBundle: epoch.computeEpochFromBundle, openBundleSource: stream.openBundleSource };
  } catch (e) {
    throw new BundleError("(any)", `--bundle needs the @hexpin/oracle package beside @hexpin/sdk: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * An epoch bundle (path or URL) recomputed with the oracle library, exactly as
 * `hexpin-oracle verify-epoch` does: every signature checked, the same root on any machine.
 */
export class BundleProofSource implements ProofSource {
  readonly kind = "bundle" as const;

  private constructor(
    readonly location: string,
    readonly commitment: BundleCommitment,
    private readonly lives: Map<string, { serial: bigint; cumulative: bigint; proof: Buffer[] }[]>,
  ) {}

  static async open(location: string, o: BundleSourceOptions = {}): Promise<BundleProofSource> {
    const lib = await oracleLibrary();
    let out: Awaited<ReturnType<typeof lib.computeEpochFromBundle>>;
    try {
      const source = await lib.openBundleSource(location);
      out = await lib.computeEpochFromBundle(source, { previousState: o.previousState, coverageMap: false, onProgress: o.onProgress });
    } catch (e) {
      throw new BundleError(location, (e as Error).message.split("\n")[0]);
    }
    const r = out.result;
    const lives = new Map<string, { serial: bigint; cumulative: bigint; proof: Buffer[] }[]>();
    for (const [id, cumulative] of r.cumulative) {
      const { key, serial } = parseRewardId(id);
      const list = lives.get(key) ?? lives.set(key, []).get(key)!;
      list.push({ serial, cumulative, proof: r.proofs.get(id) ?? [] });
    }
    const commitment: BundleCommitment = {
      epoch: BigInt(r.epoch),
      merkleRoot: r.merkleRoot === null ? null : Buffer.from(r.merkleRoot, "hex"),
      inputDigest: Buffer.from(r.inputDigest!, "hex"),
      totalCumulative: r.totalCumulative,
      emission: out.header.emission,
      lives: r.cumulative.size,
      reports: out.reports,
    };
    return new BundleProofSource(location, commitment, lives);
  }

  async lookup(hardwareKey: PublicKey, serial: bigint): Promise<ProofLookup> {
    const c = this.commitment;
    if (!c.merkleRoot) return { proof: null, reason: "no-rewards" };
    const lives = this.lives.get(hardwareKey.toBase58());
    if (!lives?.length) return { proof: null, reason: "no-rewards" };
    // This life if the bundle pays it, else the latest life it knows (reported as another life).
    const life = lives.find((l) => l.serial === serial) ?? lives.reduce((a, b) => (b.serial > a.serial ? b : a));
    return { proof: { hardwareKey, serial: life.serial, cumulative: life.cumulative, proof: life.proof, epoch: c.epoch, merkleRoot: c.merkleRoot, inputDigest: c.inputDigest } };
  }
}
