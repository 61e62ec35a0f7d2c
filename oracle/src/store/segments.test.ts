import { strict as assert } from "node:assert";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SeededRandom } from "../epoch/seeded-random";
import { ReportHashSet } from "./report-hash-set";
import { encodeRecord, manifestOf, ReportSegmentStore, reportHash, SegmentCorruptError, sealedReports, StoredReport } from "./segments";

describe("report segments", function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "hexpin-seg-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const report = (rng: SeededRandom, t: number): StoredReport => ({ receivedAtMs: t, bytes: rng.bytes(rng.int(0, 1) ? 200 : 178) });

  async function fill(store: ReportSegmentStore, epoch: number, reports: StoredReport[]) {
    for (const r of reports) await store.append(epoch, [r], [reportHash(r.bytes)]);
  }

  it("returns an epoch's reports in canonical order (receive time, then bytes) across segments", async () => {
    const rng = new SeededRandom(1);
    const reports = Array.from({ length: 300 }, (_, i) => report(rng, 1000 + Math.floor(i / 7)));
    let store = ReportSegmentStore.open(root, { isSealed: () => false, maxSegmentBytes: 4096 });
    await fill(store, 5, reports.slice(0, 150));
    await store.close();
    store = ReportSegmentStore.open(root, { isSealed: () => false, maxSegmentBytes: 4096 });
    await fill(store, 5, reports.slice(150));
    const manifest = await store.seal(5);
    assert.ok(manifest.length > 2, "small segments roll over");
    assert.equal(manifest.reduce((n, m) => n + m.records, 0), 300);
    const got = [...sealedReports(store.epochDir(5), 5, manifest)];
    const want = [...reports].sort((a, b) => a.receivedAtMs - b.receivedAtMs || Buffer.compare(a.bytes, b.bytes));
    assert.deepEqual(got.map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]), want.map((r) => [r.receivedAtMs, Buffer.from(r.bytes).toString("hex")]));
    await assert.rejects(store.append(5, [report(rng, 2000)], [Buffer.alloc(32, 1)]), /sealed/);
  });

  it("acknowledges concurrent appends and nothing-new waits only once the writes in flight are durable", async () => {
    const rng = new SeededRandom(7);
    const store = ReportSegmentStore.open(root, { isSealed: () => false });
    const reports = Array.from({ length: 400 }, (_, i) => report(rng, 100 + i));
    const acks: Promise<void>[] = [];
    for (let i = 0; i < reports.length; i += 4) {
      acks.push(store.append(6, reports.slice(i, i + 4), reports.slice(i, i + 4).map((r) => reportHash(r.bytes))));
      acks.push(store.append(6, [], [])); // a body of duplicates
    }
    await Promise.all(acks);
    assert.equal(store.count(6), 400);
    // the exact window: a write already in flight, nothing pending, then a body of duplicates
    const extra = report(rng, 1000);
    const inFlight = store.append(6, [extra], [reportHash(extra.bytes)]);
    const duplicates = store.append(6, [], []);
    const settled = await Promise.race([Promise.all([inFlight, duplicates]).then(() => "durable"), new Promise((r) => setTimeout(() => r("hung"), 5000))]);
    assert.equal(settled, "durable");
    const manifest = await store.seal(6);
    assert.equal([...sealedReports(store.epochDir(6), 6, manifest)].length, 401);
  });

  it("cuts a torn tail on recovery and keeps every complete record and its hash", async () => {
    const rng = new SeededRandom(2);
    const reports = Array.from({ length: 20 }, (_, i) => report(rng, 10 + i));
    let store = ReportSegmentStore.open(root, { isSealed: () => false });
    await fill(store, 1, reports);
    await store.close();
    const seg = join(root, "1", "00000001.seg");
    const whole = readFileSync(seg).length;
    appendFileSync(seg, encodeRecord(report(rng, 99)).subarray(0, 50)); // a write cut short by a crash
    const cut: unknown[] = [];
    store = ReportSegmentStore.open(root, { isSealed: () => false, onRecovered: (e) => cut.push(e) });
    assert.equal(cut.length, 1);
    assert.equal(readFileSync(seg).length, whole);
    assert.equal(store.count(1), 20);
    assert.ok(reports.every((r) => store.has(1, reportHash(r.bytes))));
    assert.equal(store.maxReceivedAtMs, 29);
    await assert.rejects(store.append(1, [report(rng, 5)], [Buffer.alloc(32, 2)]), /must not decrease/);
    await store.close();
  });

  it("recovers a segment that lost its header", async () => {
    const rng = new SeededRandom(3);
    let store = ReportSegmentStore.open(root, { isSealed: () => false });
    await fill(store, 2, [report(rng, 1)]);
    await store.close();
    truncateSync(join(root, "2", "00000001.seg"), 5);
    store = ReportSegmentStore.open(root, { isSealed: () => false });
    assert.equal(store.count(2), 0);
    await fill(store, 2, [report(rng, 2)]);
    const manifest = await store.seal(2);
    assert.equal([...sealedReports(store.epochDir(2), 2, manifest)].length, 1);
  });

  it("recovers a segment killed between its creation and its header (0 bytes), so the epoch still seals", async () => {
    const rng = new SeededRandom(4);
    let store = ReportSegmentStore.open(root, { isSealed: () => false });
    await fill(store, 3, [report(rng, 1)]);
    await store.close();
    writeFileSync(join(root, "3", "00000002.seg"), Buffer.alloc(0));
    store = ReportSegmentStore.open(root, { isSealed: () => false });
    assert.equal(store.count(3), 1);
    await fill(store, 3, [report(rng, 2)]);
    const manifest = await store.seal(3);
    assert.deepEqual(manifest.map((m) => m.records), [1, 0, 1]);
    assert.equal([...sealedReports(store.epochDir(3), 3, manifest)].length, 2);
  });

  it("refuses to read a sealed epoch whose bytes differ from its manifest", async () => {
    const rng = new SeededRandom(4);
    const store = ReportSegmentStore.open(root, { isSealed: () => false });
    await fill(store, 3, Array.from({ length: 5 }, (_, i) => report(rng, i)));
    const manifest = await store.seal(3);
    const seg = join(root, "3", manifest[0].name);
    const b = readFileSync(seg);
    b[40] ^= 1;
    writeFileSync(seg, b);
    assert.throws(() => [...sealedReports(store.epochDir(3), 3, manifest)], SegmentCorruptError);
    assert.throws(() => manifestOf(store.epochDir(3), 3), SegmentCorruptError);
    writeFileSync(join(root, "3", "00000009.seg"), Buffer.alloc(0));
    assert.throws(() => [...sealedReports(store.epochDir(3), 3, manifest)], /differ from the sealed manifest/);
  });

  it("leaves sealed epochs untouched on open", async () => {
    const rng = new SeededRandom(5);
    let store = ReportSegmentStore.open(root, { isSealed: () => false });
    await fill(store, 4, [report(rng, 1)]);
    await store.close();
    const seg = join(root, "4", "00000001.seg");
    appendFileSync(seg, Buffer.from([1, 2, 3]));
    const size = readFileSync(seg).length;
    store = ReportSegmentStore.open(root, { isSealed: (e) => e === 4 });
    assert.ok(store.isSealed(4));
    assert.equal(readFileSync(seg).length, size, "a sealed epoch's files are not rewritten (its manifest is the truth)");
    assert.equal(store.count(4), 0);
  });
});

describe("report hash set", function () {
  this.timeout(60_000);
  it("holds 200k random hashes, finds each, and no absent one", () => {
    const rng = new SeededRandom(6);
    const set = new ReportHashSet(16);
    const hashes = Array.from({ length: 200_000 }, () => rng.bytes(32));
    for (const h of hashes) assert.equal(set.add(h), true);
    assert.equal(set.size, 200_000);
    for (const h of hashes) assert.equal(set.has(h), true);
    assert.equal(set.add(hashes[7]), false);
    for (let i = 0; i < 10_000; i++) assert.equal(set.has(rng.bytes(32)), false);
  });
});
