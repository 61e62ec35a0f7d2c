import assert from "node:assert/strict";
import { latLngToCell } from "h3-js";
import { keyFromLabel } from "../score/hotspot-factory";
import { decodePocState, encodePocState, pocStateDigest, PocStateError } from "./encoding";
import { HotspotRecord, PocState, POC_STATE_VERSION, emptyEdges } from "./poc-state";

function record(label: string, over: Partial<HotspotRecord> = {}): HotspotRecord {
  return {
    key: keyFromLabel(label), location: latLngToCell(37.77, -122.42, 12), trustBps: 5_000, txOffsetDb10: -31, txWeight10: 120,
    rxOffsetDb10: 12, rxWeight10: 80, reachM: 2_345, lastBeaconMs: 1_750_000_000_123, ...over,
  };
}

function sample(): PocState {
  const hotspots = ["a", "b", "c", "d"].map((l) => record(l)).sort((x, y) => (x.key < y.key ? -1 : 1));
  hotspots[2] = { ...hotspots[2], location: null, trustBps: 0, txOffsetDb10: 0, txWeight10: 0 };
  return {
    version: POC_STATE_VERSION,
    epoch: 41,
    calibration: { interceptDb100: 3512, exponent1000: 3587, sigmaDb100: 712 },
    hotspots,
    edges: { a: Uint32Array.from([0, 0, 2]), b: Uint32Array.from([1, 3, 3]), aHeardB: Uint16Array.from([16, 0, 65535]), bHeardA: Uint16Array.from([8, 4, 16]) },
  };
}

describe("PoC state encoding", () => {
  it("round-trips every field and re-encodes to the same bytes", () => {
    const s = sample();
    const bytes = encodePocState(s);
    const back = decodePocState(bytes);
    assert.deepEqual(back, s);
    assert.deepEqual(encodePocState(back), bytes);
    assert.equal(bytes.length, 8 + 1 + 8 + 1 + 12 + 4 + 4 * 62 + 4 + 3 * 12);
  });

  it("names a state by the sha256 of its encoding, and any change changes it", () => {
    const s = sample();
    const d = pocStateDigest(s);
    assert.match(d, /^[0-9a-f]{64}$/);
    assert.equal(pocStateDigest(encodePocState(s)), d);
    const t = sample();
    t.hotspots[1] = { ...t.hotspots[1], reachM: t.hotspots[1].reachM + 1 };
    assert.notEqual(pocStateDigest(t), d);
    const u = sample();
    u.edges.bHeardA[0]++;
    assert.notEqual(pocStateDigest(u), d);
  });

  it("encodes an empty genesis-like state", () => {
    const s: PocState = { version: POC_STATE_VERSION, epoch: 0, calibration: null, hotspots: [], edges: emptyEdges() };
    assert.deepEqual(decodePocState(encodePocState(s)), s);
  });

  it("refuses states that are not canonical: unsorted or duplicate keys, unsorted edges, bad indices", () => {
    const unsorted = sample();
    unsorted.hotspots.reverse();
    assert.throws(() => encodePocState(unsorted), (e: unknown) => e instanceof PocStateError && e.code === "not_canonical");
    const dup = sample();
    dup.hotspots[1] = { ...dup.hotspots[0] };
    assert.throws(() => encodePocState(dup), /sorted by key and unique/);
    const edges = sample();
    edges.edges.a.set([2, 0, 0]);
    edges.edges.b.set([3, 1, 3]);
    assert.throws(() => encodePocState(edges), /edges must be sorted/);
    const self = sample();
    self.edges.b[0] = 0;
    assert.throws(() => encodePocState(self), /a < b/);
    const range = sample();
    range.hotspots[0] = { ...range.hotspots[0], trustBps: 10_001 };
    assert.throws(() => encodePocState(range), (e: unknown) => e instanceof PocStateError && e.code === "out_of_range");
    const cell = sample();
    cell.hotspots[0] = { ...cell.hotspots[0], location: latLngToCell(37.77, -122.42, 8) };
    assert.throws(() => encodePocState(cell), /res-12/);
  });

  it("decodes only exact, canonical bytes, with a typed error for each refusal", () => {
    const bytes = encodePocState(sample());
    const code = (b: Uint8Array) => {
      try {
        decodePocState(b);
        return "ok";
      } catch (e) {
        assert.ok(e instanceof PocStateError, String(e));
        return e.code;
      }
    };
    assert.equal(code(bytes), "ok");
    assert.equal(code(bytes.subarray(0, 10)), "truncated");
    assert.equal(code(bytes.subarray(0, bytes.length - 1)), "truncated");
    assert.equal(code(Buffer.concat([bytes, Buffer.from([0])])), "trailing_bytes");
    const magic = Buffer.from(bytes);
    magic[0] ^= 1;
    assert.equal(code(magic), "bad_magic");
    const version = Buffer.from(bytes);
    version[8] = 2;
    assert.equal(code(version), "bad_version");
    // swap the first two records' keys: no longer sorted
    const swapped = Buffer.from(bytes);
    const rec0 = 8 + 1 + 8 + 1 + 12 + 4;
    const k0 = Buffer.from(swapped.subarray(rec0, rec0 + 32));
    swapped.copy(swapped, rec0, rec0 + 62, rec0 + 62 + 32);
    k0.copy(swapped, rec0 + 62);
    assert.equal(code(swapped), "not_canonical");
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.from(bytes);
      junk[(i * 7919) % junk.length] ^= 1 + (i % 255);
      const c = code(junk);
      assert.ok(["ok", "truncated", "trailing_bytes", "bad_magic", "bad_version", "not_canonical", "out_of_range"].includes(c), c);
    }
  });

  it("carries the helium profile's reciprocity times in a trailing section only when some record has them", () => {
    const plain = encodePocState(sample());
    const s = sample();
    s.hotspots[1] = { ...s.hotspots[1], lastBeaconRecipMs: 1_750_000_100_000 };
    s.hotspots[3] = { ...s.hotspots[3], lastBeaconRecipMs: 1_750_000_200_000, lastWitnessMs: 1_750_000_300_000 };
    const bytes = encodePocState(s);
    assert.equal(bytes.length, plain.length + 4 + 2 * 20);
    assert.deepEqual(bytes.subarray(0, plain.length), plain, "the rest of the layout is unchanged");
    assert.deepEqual(decodePocState(bytes), s);
    assert.notEqual(pocStateDigest(bytes), pocStateDigest(plain));
    const code = (b: Uint8Array) => {
      try {
        decodePocState(b);
        return "ok";
      } catch (e) {
        assert.ok(e instanceof PocStateError, String(e));
        return e.code;
      }
    };
    const empty = Buffer.concat([plain, Buffer.alloc(4)]);
    assert.equal(code(empty), "not_canonical", "an empty section is omitted, never written");
    const swapped = Buffer.from(bytes);
    swapped.writeUInt32LE(3, plain.length + 4);
    swapped.writeUInt32LE(1, plain.length + 24);
    assert.equal(code(swapped), "not_canonical");
    const beyond = Buffer.from(bytes);
    beyond.writeUInt32LE(4, plain.length + 24);
    assert.equal(code(beyond), "not_canonical");
    const zero = Buffer.from(bytes);
    zero.fill(0, plain.length + 8, plain.length + 24);
    assert.equal(code(zero), "not_canonical");
    assert.equal(code(bytes.subarray(0, bytes.length - 1)), "truncated");
    const negative = sample();
    negative.hotspots[0] = { ...negative.hotspots[0], lastWitnessMs: -5 };
    assert.throws(() => encodePocState(negative), (e: unknown) => e instanceof PocStateError && e.code === "out_of_range");
  });
});
