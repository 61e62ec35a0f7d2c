import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { bundleHeader, canonicalReports, decodeBundle, encodeBundle, EpochInputs, ReceivedReportBytes } from "./bundle";
import { BundleFormatError, BundleHeaderInfo, BundleParser, BundleSource, memoryBundleSource, openBundleSource } from "./bundle-stream";
import { BundleFileWriter, writeBundleFile } from "./bundle-file";
import { computeEpochFromBundle, PreviousStateMismatchError } from "./bundle-epoch";
import { computeEpoch, PocStageContext } from "./compute-epoch";
import { ReportSorter } from "./report-sorter";
import { pocVerifierStage } from "./verifier-stage";
import { createHash } from "node:crypto";
import { decodePocState, encodePocState } from "../state/encoding";
import { emptyEdges, POC_STATE_VERSION, PocState } from "../state/poc-state";

const FIXTURES = join(__dirname, "../../../tests/fixtures");
const golden = readFileSync(join(FIXTURES, "golden-epoch.bundle"));
const expected = JSON.parse(readFileSync(join(FIXTURES, "golden-epoch.expected.json"), "utf8"));

const memorySource = memoryBundleSource;

/** Parses synchronously; returns the header, every report and the digest, or throws. */
function parseAll(bytes: Uint8Array, chunk: number) {
  let header: BundleHeaderInfo | null = null;
  const reports: ReceivedReportBytes[] = [];
  const p = new BundleParser({
    batchReports: 5,
    onHeader: (h) => (header = h),
    onBatch: (b) => {
      for (let i = 0; i < b.offsets.length; i++) reports.push({ receivedAtMs: b.receivedAtMs[i], bytes: b.data.slice(b.offsets[i], b.offsets[i] + b.lengths[i]) });
    },
  });
  for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
  const digest = p.end().toString("hex");
  return { header: header!, reports, digest };
}

function formatError(fn: () => unknown): BundleFormatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BundleFormatError) return e;
    throw e;
  }
  assert.fail("expected a BundleFormatError");
}

describe("streaming bundles", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "hexpin-bundle-stream-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the golden bundle in chunks of any size: the blessed digest, and the same inputs as decodeBundle", () => {
    const whole = decodeBundle(golden);
    for (const size of [1, 7, 4096, golden.length]) {
      const { header, reports, digest } = parseAll(golden, size);
      assert.equal(digest, expected.inputDigest, `chunks of ${size}`);
      assert.equal(header.epoch, whole.epoch);
      assert.equal(header.reportCount, whole.reports.length);
      assert.deepEqual(reports.map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]), whole.reports.map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]));
    }
  });

  it("recomputes the golden epoch's root from a stream, signatures checked on worker threads", async () => {
    const r = await computeEpochFromBundle(memorySource(golden, 1000));
    assert.equal(r.result.inputDigest, expected.inputDigest);
    assert.equal(r.result.merkleRoot, expected.merkleRoot);
    assert.deepEqual(r.result.reasonCounts, expected.reasonCounts);
    assert.equal(r.invalidSignatures.count, 0);
  });

  it("writes the golden bundle back byte for byte through BundleFileWriter, raw, zstd and gzip, with the same digest", async () => {
    const inputs = decodeBundle(golden);
    for (const name of ["g.bundle", "g.bundle.zst", "g.bundle.gz"]) {
      const path = join(dir, name);
      const w = writeBundleFile(path, bundleHeader(inputs), inputs.reports.length, canonicalReports(inputs.reports));
      assert.equal(w.digest.toString("hex"), expected.inputDigest, name);
      assert.equal(w.bytes, golden.length);
      const source = await openBundleSource(path);
      assert.equal(source.compression, name.endsWith(".zst") ? "zstd" : name.endsWith(".gz") ? "gzip" : "none");
      const chunks: Buffer[] = [];
      for await (const c of source.chunks) chunks.push(Buffer.from(c));
      assert.ok(Buffer.concat(chunks).equals(golden), name);
    }
  });

  it("carries unknown header fields (e.g. previousStateDigest) to the epoch function and re-encodes them byte for byte", async () => {
    const decodedGolden = decodeBundle(golden);
    const previous: PocState = { version: POC_STATE_VERSION, epoch: decodedGolden.epoch - 1, calibration: null, hotspots: [], edges: emptyEdges() };
    const state = encodePocState(previous);
    const inputs: EpochInputs = { ...decodedGolden, headerExtensions: { previousStateDigest: createHash("sha256").update(state).digest("hex"), zNote: [1, "two"] } };
    const bytes = encodeBundle(inputs);
    assert.ok(bytes.equals(encodeBundle(decodeBundle(bytes))), "decode → encode is the identity");
    let seen: PocStageContext | null = null;
    const r = await computeEpochFromBundle(memorySource(bytes, 333), { previousState: state, pocStage: (ctx) => ((seen = ctx), pocVerifierStage(ctx)) });
    assert.deepEqual(seen!.headerExtensions, inputs.headerExtensions);
    assert.deepEqual(seen!.previousState, decodePocState(state));
    const inMemory = computeEpoch(decodeBundle(bytes), { previousState: previous });
    assert.equal(r.result.merkleRoot, inMemory.merkleRoot, "streamed and in-memory epochs agree, with the unknown zNote ignored");
    assert.equal(r.result.nextStateDigest, inMemory.nextStateDigest);
    assert.equal(r.result.inputDigest, createHash("sha256").update(bytes).digest("hex"));
    await assert.rejects(computeEpochFromBundle(memorySource(bytes, 333), { previousState: Buffer.from("another state") }), PreviousStateMismatchError);
    await assert.rejects(computeEpochFromBundle(memorySource(golden, 333), { previousState: state }), /names none/);
  });

  describe("refuses malformed bundles with the byte offset", () => {
    const headerLen = golden.readUInt32LE(8);
    const firstFrame = 12 + headerLen + 8;

    it("bad magic at 0", () => {
      const b = Buffer.from(golden);
      b[0] = 0x58;
      assert.equal(formatError(() => parseAll(b, 64)).offset, 0);
    });
    it("truncation at the end of what arrived", () => {
      for (const cut of [5, 20, firstFrame + 3, golden.length - 1]) {
        const e = formatError(() => parseAll(golden.subarray(0, cut), 50));
        assert.equal(e.offset, cut);
        assert.match(e.message, /truncated/);
      }
    });
    it("trailing bytes after the last report", () => {
      const e = formatError(() => parseAll(Buffer.concat([golden, Buffer.from([0])]), 100));
      assert.equal(e.offset, golden.length);
    });
    it("a header that is JSON but not canonical (whitespace) at 12", () => {
      const text = golden.subarray(12, 12 + headerLen).toString("utf8").replace('{"config"', '{ "config"');
      const h = Buffer.from(text);
      const len = Buffer.alloc(4);
      len.writeUInt32LE(h.length);
      const b = Buffer.concat([golden.subarray(0, 8), len, h, golden.subarray(12 + headerLen)]);
      const e = formatError(() => parseAll(b, 100));
      assert.equal(e.offset, 12);
      assert.match(e.message, /canonical/);
    });
    it("reports out of canonical order, at the offending frame", () => {
      const inputs = decodeBundle(golden);
      const sorted = canonicalReports(inputs.reports);
      const swapped = [sorted[1], sorted[0], ...sorted.slice(2)];
      // write the frames by hand: the writer itself refuses this order
      const frames = swapped.map((r) => {
        const f = Buffer.alloc(12);
        f.writeBigUInt64LE(BigInt(r.receivedAtMs));
        f.writeUInt32LE(r.bytes.length, 8);
        return Buffer.concat([f, r.bytes]);
      });
      const b = Buffer.concat([golden.subarray(0, firstFrame), ...frames]);
      const e = formatError(() => parseAll(b, 100));
      assert.equal(e.offset, firstFrame + 12 + swapped[0].bytes.length);
      assert.match(e.message, /report 1 is out of canonical order/);
    });
    it("a report length beyond the limit, without waiting for the bytes", () => {
      const b = Buffer.from(golden);
      b.writeUInt32LE(0xffff_fff0, firstFrame + 8);
      const e = formatError(() => parseAll(b.subarray(0, firstFrame + 12), 100));
      assert.equal(e.offset, firstFrame + 8);
    });
    it("a bundle announcing more reports than it holds", () => {
      const b = Buffer.from(golden);
      b.writeBigUInt64LE(b.readBigUInt64LE(12 + headerLen) + 1n, 12 + headerLen);
      assert.match(formatError(() => parseAll(b, 100)).message, /truncated after \d+ of \d+ reports/);
    });
  });

  it("BundleFileWriter leaves no file behind when the reports are out of order", () => {
    const inputs = decodeBundle(golden);
    const sorted = canonicalReports(inputs.reports);
    const path = join(dir, "broken.bundle");
    const w = new BundleFileWriter(path, bundleHeader(inputs), sorted.length);
    w.append(sorted[1]);
    assert.throws(() => w.append(sorted[0]), /canonical order/);
    assert.ok(!existsSync(path) && !existsSync(`${path}.partial`));
  });

  it("ReportSorter spills runs and merges them into exactly canonical order, ties broken by bytes", () => {
    const reports: ReceivedReportBytes[] = [];
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
    for (let i = 0; i < 5000; i++) {
      const len = 1 + (rnd() % 40);
      reports.push({ receivedAtMs: 1_750_000_000_000 + (rnd() % 300), bytes: Uint8Array.from({ length: len }, () => rnd() & 3) });
    }
    const tmp = join(dir, "sort");
    mkdirSync(tmp);
    const sorter = new ReportSorter({ runBytes: 1 << 20, tmpDir: tmp }); // one run, in memory
    for (const r of reports) sorter.add(r.bytes, r.receivedAtMs);
    const inMemory = [...sorter.sorted()].map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]);
    const want = canonicalReports(reports).map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]);
    assert.deepEqual(inMemory, want);

    const small = new ReportSorter({ runBytes: 0, tmpDir: tmp }); // the minimum, ~1 MiB: ~10 runs spilled
    const big = reports.flatMap((r) => Array.from({ length: 60 }, (_, j) => ({ receivedAtMs: r.receivedAtMs + j, bytes: r.bytes })));
    for (const r of big) small.add(r.bytes, r.receivedAtMs);
    const merged = [...small.sorted()].map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]);
    assert.deepEqual(merged, canonicalReports(big).map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]));
    assert.deepEqual(readdirSync(tmp), [], "runs removed");
  });

  it("computeEpochFromBundle on a gzip file equals computeEpoch in memory", async () => {
    const path = join(dir, "golden.bundle.gz");
    writeFileSync(path, gzipSync(golden));
    const r = await computeEpochFromBundle(await openBundleSource(path));
    const m = computeEpoch(decodeBundle(golden));
    assert.equal(r.result.merkleRoot, m.merkleRoot);
    assert.equal(r.result.inputDigest, m.inputDigest);
    assert.equal(r.compression, "gzip");
  });
});
