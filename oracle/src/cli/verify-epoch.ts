// `hexpin-oracle verify-epoch [bundle] [-u cluster --network addr --epoch n] [--root hex]
// [--digest hex] [--previous-state path] [--next-state path] [--json]`: recomputes an
// epoch from its canonical input bundle and the previous epoch's published PoC state
// (whose digest the bundle's header names; none at genesis) — a path, an http(s) URL (streamed) or "-" for stdin, raw or
// zstd/gzip-compressed — checking every report's signature on all cores, and compares
// the input digest and Merkle root with what the chain holds (`-u` + `--network` +
// `--epoch`: the Epoch account's active root and digest) or with `--root`/`--digest`.
//
// Exit codes:
//   0  verified: the recomputed digest and root equal the expected ones (or none were
//      given and the bundle recomputes cleanly), every signature valid
//   1  mismatch: digest differs, root differs, the bundle is for another epoch, or the
//      previous state given is not the one the bundle names
//   2  error: bad flags, bundle or cluster unreachable, no such epoch, no active root
//   3  malformed bundle (the byte offset where it went wrong is printed)
//   4  the bundle holds reports whose signature is invalid (rejected as bad_signature
//      by the epoch function, so the root can still match): an honest oracle's intake
//      refuses them, so their presence is reported, with each report's index
// Progress goes to stderr; the verdict (or `--json`) to stdout.

import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { BundleFormatError, openBundleSource } from "../epoch/bundle-stream";
import { BundleEpochResult, computeEpochFromBundle, PreviousStateMismatchError } from "../epoch/bundle-epoch";
import { SignatureBackend, SignatureVerifierPool } from "../ingest/signature-pool";
import { EpochCommitment, fetchEpochCommitment } from "../publish/epoch-commitment";
import { epochSummary, processResources } from "./epoch-report";
import { encodePocState } from "../state/encoding";
import { note, progressBar } from "./progress";

export const VERIFY_EXIT = { verified: 0, mismatch: 1, error: 2, malformed: 3, invalidSignatures: 4 } as const;

interface VerifyEpochOptions {
  url?: string;
  network?: string;
  epoch?: number;
  root?: string;
  digest?: string;
  previousState?: string;
  nextState?: string;
  threads?: number;
  signatureBackend?: SignatureBackend;
  verifySignatures: boolean;
  coverageMap?: string;
  json?: boolean;
}

function wholeNumber(v: string): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a whole number");
  return n;
}

function hex32(v: string): string {
  const h = v.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(h)) throw new InvalidArgumentError("expected 32 bytes of hex");
  return h;
}

async function readLocation(location: string): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(location)) return readFileSync(location);
  const res = await fetch(location);
  if (!res.ok) throw new Error(`cannot fetch ${location}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export interface Verdict {
  status: "verified" | "mismatch" | "invalid-signatures" | "malformed" | "error";
  reasons: string[];
  exitCode: number;
}

export function verifyEpochCommand(): Command {
  return new Command("verify-epoch")
    .description("recompute an epoch from its input bundle (every signature checked) and compare digest and root with the chain's or the ones given")
    .argument("[bundle]", "bundle path, http(s) URL or - (stdin); {epoch} and {digest} are filled in from --epoch and the chain")
    .addOption(new Option("-u, --url <cluster>", "cluster to read the epoch's root and digest from: localnet, devnet, mainnet-beta or a URL").env("HEXPIN_URL"))
    .addOption(new Option("--network <address>", "the hexpin network's address (with -u and --epoch)").env("HEXPIN_NETWORK"))
    .addOption(new Option("--epoch <n>", "epoch number (with -u: read its account; always: the bundle must be for it)").env("HEXPIN_EPOCH").argParser(wholeNumber))
    .addOption(new Option("--root <hex>", "expected Merkle root (instead of, or besides, the chain's)").env("HEXPIN_EXPECTED_ROOT").argParser(hex32))
    .addOption(new Option("--digest <hex>", "expected input digest").env("HEXPIN_EXPECTED_DIGEST").argParser(hex32))
    .addOption(new Option("--previous-state <path>", "the previous epoch's published PoC state file (path or URL), checked against the bundle's previousStateDigest; required unless the bundle is a genesis epoch").env("HEXPIN_PREVIOUS_STATE"))
    .addOption(new Option("--next-state <path>", "write the PoC state this epoch produces (the next epoch's --previous-state) here").env("HEXPIN_NEXT_STATE"))
    .addOption(new Option("--threads <n>", "signature worker threads (default: all cores)").env("HEXPIN_THREADS").argParser(wholeNumber))
    .addOption(new Option("--signature-backend <name>", "native (batch, default when built) or node").env("HEXPIN_SIGNATURE_BACKEND").choices(["native", "node"]))
    .addOption(new Option("--no-verify-signatures", "skip ed25519 checks (bundles from unsigned simulations only)"))
    .addOption(new Option("--coverage-map <path>", "also write the GeoJSON coverage map here").env("HEXPIN_COVERAGE_MAP"))
    .addOption(new Option("--json", "print the verdict as JSON").env("HEXPIN_JSON"))
    .action(async (bundleArg: string | undefined, opts: VerifyEpochOptions) => {
      const out = await verifyEpoch(bundleArg, opts);
      if (opts.json) console.log(JSON.stringify(out.report, null, 2));
      else for (const line of out.lines) console.log(line);
      process.exitCode = out.verdict.exitCode;
    });
}

async function verifyEpoch(bundleArg: string | undefined, opts: VerifyEpochOptions): Promise<{ verdict: Verdict; report: object; lines: string[] }> {
  const fail = (status: Verdict["status"], exitCode: number, reason: string, extra: object = {}) => {
    const verdict: Verdict = { status, reasons: [reason], exitCode };
    return { verdict, report: { status, reasons: verdict.reasons, exitCode, ...extra }, lines: [`${status.toUpperCase()}: ${reason}`] };
  };

  // 1. what to compare with
  let chain: EpochCommitment | null = null;
  if (opts.url !== undefined || opts.network !== undefined) {
    if (opts.url === undefined || opts.network === undefined || opts.epoch === undefined) return fail("error", VERIFY_EXIT.error, "reading the chain needs -u/--url, --network and --epoch together");
    try {
      chain = await fetchEpochCommitment(opts.url, opts.network, opts.epoch);
    } catch (e) {
      return fail("error", VERIFY_EXIT.error, e instanceof Error ? e.message : String(e));
    }
    if (!chain.rootActive && opts.root === undefined) return fail("error", VERIFY_EXIT.error, `epoch ${opts.epoch} has no active root on chain yet (${chain.address})`, { chain: commitmentJson(chain) });
    note(`chain: epoch ${chain.epoch} (${chain.address}) root ${chain.rootActive ? chain.merkleRoot : "(not active)"}, input digest ${chain.rootActive ? chain.inputDigest : "-"}`);
  }
  const expectedRoot = opts.root ?? (chain?.rootActive ? chain.merkleRoot : undefined);
  const expectedDigest = opts.digest ?? (chain?.rootActive ? chain.inputDigest : undefined);

  // 2. the bundle
  if (bundleArg === undefined) return fail("error", VERIFY_EXIT.error, "no bundle given: a path, an http(s) URL or - (stdin)");
  const location = bundleArg.replace(/\{epoch\}/g, opts.epoch !== undefined ? String(opts.epoch) : "{epoch}").replace(/\{digest\}/g, expectedDigest ?? "{digest}");
  if (/\{(epoch|digest)\}/.test(location)) return fail("error", VERIFY_EXIT.error, `${bundleArg}: {epoch} needs --epoch and {digest} needs the chain or --digest`);
  let previousState: Uint8Array | undefined;
  let result: BundleEpochResult;
  let pool: SignatureVerifierPool | undefined;
  let bar: ReturnType<typeof progressBar> | undefined;
  try {
    if (opts.previousState !== undefined) previousState = await readLocation(opts.previousState);
    const source = await openBundleSource(location);
    if (opts.verifySignatures) pool = new SignatureVerifierPool({ threads: opts.threads, backend: opts.signatureBackend });
    note(`verifying ${location}${source.compression !== "none" ? ` (${source.compression})` : ""}: signatures on ${pool ? `${pool.backend}, ${pool.threads} threads` : "(not checked)"}`);
    bar = progressBar("read + verify", " bytes");
    const shown = bar;
    bar.start(source.storedBytes ?? 0, 0);
    result = await computeEpochFromBundle(source, {
      pool,
      closePoolAfterStream: true,
      verifySignatures: opts.verifySignatures,
      previousState,
      coverageMap: opts.coverageMap !== undefined,
      onProgress: (phase, done) => {
        if (phase === "read") shown.update(done);
        else if (phase === "finish" && done === 0) {
          shown.stop();
          note("PoC rules, then scores, allocation and Merkle tree…");
        }
      },
    });
  } catch (e) {
    if (e instanceof BundleFormatError) return fail("malformed", VERIFY_EXIT.malformed, e.message, { byteOffset: e.offset });
    if (e instanceof PreviousStateMismatchError) {
      return e.code === "missing" ? fail("error", VERIFY_EXIT.error, `${e.message} (--previous-state)`) : fail("mismatch", VERIFY_EXIT.mismatch, e.message);
    }
    return fail("error", VERIFY_EXIT.error, e instanceof Error ? e.message : String(e));
  } finally {
    bar?.stop(); // its redraw timer would keep the process alive after a refusal
    await pool?.close();
  }
  if (opts.coverageMap && result.result.coverageMap) writeFileSync(opts.coverageMap, JSON.stringify(result.result.coverageMap));
  if (opts.nextState && result.result.nextState) writeFileSync(opts.nextState, encodePocState(result.result.nextState));

  // 3. the verdict
  const r = result.result;
  const mismatches: string[] = [];
  if (opts.epoch !== undefined && r.epoch !== opts.epoch) mismatches.push(`bundle is for epoch ${r.epoch}, not ${opts.epoch}`);
  if (expectedDigest !== undefined && r.inputDigest !== expectedDigest) mismatches.push(`digest differs: bundle hashes to ${r.inputDigest}, expected ${expectedDigest}`);
  if (expectedRoot !== undefined && r.merkleRoot !== expectedRoot) mismatches.push(`root differs: recomputed ${r.merkleRoot ?? "(none: nobody paid)"}, expected ${expectedRoot}`);
  const bad = result.invalidSignatures;
  const sigReasons = bad.first.map((s) => `signature invalid at report ${s.index} (byte offset ${s.byteOffset})`);
  if (bad.count > bad.first.length) sigReasons.push(`… ${bad.count - bad.first.length} more reports with invalid signatures`);
  const verdict: Verdict =
    mismatches.length > 0
      ? { status: "mismatch", reasons: [...mismatches, ...sigReasons], exitCode: VERIFY_EXIT.mismatch }
      : bad.count > 0
        ? { status: "invalid-signatures", reasons: sigReasons, exitCode: VERIFY_EXIT.invalidSignatures }
        : { status: "verified", reasons: [], exitCode: VERIFY_EXIT.verified };
  const report = {
    status: verdict.status,
    reasons: verdict.reasons,
    exitCode: verdict.exitCode,
    ...epochSummary(r),
    expectedRoot: expectedRoot ?? null,
    expectedDigest: expectedDigest ?? null,
    matches: expectedRoot === undefined && expectedDigest === undefined ? null : mismatches.length === 0,
    chain: chain ? commitmentJson(chain) : null,
    bundle: { location, reports: result.reports, bytes: result.bytes, storedBytes: result.storedBytes, compression: result.compression, headerExtensions: result.header.headerExtensions ?? {} },
    signatures: { checked: opts.verifySignatures ? result.reports : 0, invalid: bad.count, firstInvalid: bad.first, backend: result.signatureBackend },
    seconds: result.seconds,
    stages: result.stages.map((s) => ({ ...s, seconds: Math.round(s.seconds * 1000) / 1000 })),
    resources: processResources(),
  };
  const lines = [
    `epoch ${r.epoch}: root ${r.merkleRoot ?? "(none)"}, input digest ${r.inputDigest}`,
    `${result.reports.toLocaleString("en-US")} reports (${result.bytes.toLocaleString("en-US")} bytes), signatures: ${opts.verifySignatures ? `${(result.reports - bad.count).toLocaleString("en-US")} valid, ${bad.count} invalid` : "not checked"}`,
    `paid ${r.paid}, unallocated ${r.unallocated}, ${r.perEpochRewards.size} hotspots rewarded, ${r.outcome.beacons.length} valid beacons`,
    verdict.status === "verified"
      ? expectedRoot !== undefined || expectedDigest !== undefined
        ? `VERIFIED: ${[expectedDigest !== undefined ? "digest" : "", expectedRoot !== undefined ? "root" : ""].filter(Boolean).join(" and ")} match${chain ? " the chain" : ""}`
        : "recomputed (nothing to compare with: give -u/--network/--epoch or --root)"
      : `${verdict.status.toUpperCase()}:`,
    ...verdict.reasons.map((x) => `  ${x}`),
  ];
  return { verdict, report, lines };
}

function commitmentJson(c: EpochCommitment) {
  return { address: c.address, network: c.network, epoch: Number(c.epoch), rootActive: c.rootActive, merkleRoot: c.merkleRoot, inputDigest: c.inputDigest, totalCumulative: c.totalCumulative.toString() };
}
