import assert from "node:assert/strict";
import { parseRewardId, rewardId, verifyClaim } from "@hexpin/sdk";
import { decodeBundle, encodeBundle } from "./bundle";
import { computeEpoch } from "./compute-epoch";
import { computeEpochFromBundle } from "./bundle-epoch";
import { memoryBundleSource as memorySource } from "./bundle-stream";
import { PreviousStateMismatchError, previousStateDigestOf, withPreviousStateDigest } from "./previous-state";
import { buildScenario } from "./epoch-scenario";
import { payloadMatchingStage } from "./payload-matching-stage";
import { SeededRandom } from "./seeded-random";
import { decodePocState, encodePocState, pocStateDigest } from "../state/encoding";

// settlement is specified against the stand-in stage; the real verifier has its own suite
const options = { pocStage: payloadMatchingStage };

describe("computeEpoch", () => {
  it("pays out exactly the emission (paid + unallocated) across many random epochs", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { inputs } = buildScenario({ seed, hotspots: 6 + seed, emission: BigInt(seed) * 999_999_937n });
      const r = computeEpoch(inputs, { ...options, coverageMap: false });
      const perEpoch = [...r.perEpochRewards.values()].reduce((s, x) => s + x.total, 0n);
      assert.equal(perEpoch, r.paid, `seed ${seed}`);
      assert.equal(r.paid + r.unallocated, inputs.emission, `seed ${seed}`);
      assert.ok(r.paid > 0n, `seed ${seed} paid somebody`);
    }
  });

  it("is independent of the order of hotspots, reports, entropy and previous amounts", () => {
    const prev = new Map([["11111111111111111111111111111112:9", 5n]]);
    const { inputs } = buildScenario({ seed: 42, hotspots: 14, previousCumulative: prev });
    const base = computeEpoch(inputs, options);
    const rng = new SeededRandom(9);
    for (let i = 0; i < 3; i++) {
      const shuffled = {
        ...inputs,
        hotspots: rng.shuffle(inputs.hotspots),
        reports: rng.shuffle(inputs.reports),
        entropy: rng.shuffle(inputs.entropy),
        previousCumulative: new Map(rng.shuffle([...inputs.previousCumulative.entries()])),
      };
      const again = computeEpoch(shuffled, options);
      assert.equal(again.inputDigest, base.inputDigest);
      assert.equal(again.merkleRoot, base.merkleRoot);
      assert.deepEqual([...again.cumulative], [...base.cumulative]);
      assert.equal(JSON.stringify(again.coverageMap), JSON.stringify(base.coverageMap));
    }
  });

  it("never decreases anyone's cumulative amount across consecutive epochs, and keeps unpaid lives", () => {
    let prev = new Map<string, bigint>([["So11111111111111111111111111111111111111112:3", 77n]]);
    for (let epoch = 1; epoch <= 4; epoch++) {
      const { inputs } = buildScenario({ seed: 100 + epoch, hotspots: 10, epoch, previousCumulative: prev });
      const r = computeEpoch(inputs, { ...options, coverageMap: false });
      const lifeOf = new Map(inputs.hotspots.map((h) => [rewardId(h.key, h.serial), h.key]));
      for (const [k, v] of prev) assert.ok((r.cumulative.get(k) ?? 0n) >= v, `epoch ${epoch} ${k}`);
      for (const [id, v] of r.cumulative) {
        const earned = lifeOf.has(id) ? (r.perEpochRewards.get(lifeOf.get(id)!)?.total ?? 0n) : 0n;
        assert.equal(v, (prev.get(id) ?? 0n) + earned);
      }
      assert.equal(r.totalCumulative, [...r.cumulative.values()].reduce((a, b) => a + b, 0n));
      prev = r.cumulative;
    }
  });

  it("pays a re-onboarded hardware key's new life from zero and keeps its earlier life's leaf apart", () => {
    const { inputs } = buildScenario({ seed: 11, hotspots: 8 });
    const first = computeEpoch(inputs, { ...options, coverageMap: false });
    const [paidKey] = first.perEpochRewards.keys();
    const h = inputs.hotspots.find((x) => x.key === paidKey)!;
    const oldId = rewardId(h.key, h.serial);
    // The key is decommissioned and onboarded again: same hardware key, a new serial.
    const reborn = { ...inputs, epoch: inputs.epoch + 1, previousCumulative: first.cumulative, hotspots: inputs.hotspots.map((x) => (x.key === paidKey ? { ...x, serial: 1_000 } : x)) };
    const second = computeEpoch(reborn, { ...options, coverageMap: false });
    assert.equal(second.cumulative.get(oldId), first.cumulative.get(oldId), "the earlier life keeps exactly what it had");
    const newId = rewardId(h.key, 1_000);
    assert.equal(second.cumulative.get(newId), second.perEpochRewards.get(paidKey)?.total, "the new life starts from zero");
    const root = Buffer.from(second.merkleRoot!, "hex");
    assert.ok(verifyClaim(h.key, 1_000, second.cumulative.get(newId)!, second.proofs.get(newId)!, root));
    assert.equal(verifyClaim(h.key, 1_000, second.cumulative.get(oldId)!, second.proofs.get(oldId)!, root), false);
  });

  it("commits every cumulative amount to the root with a verifying proof", () => {
    const { inputs } = buildScenario({ seed: 7, hotspots: 12 });
    const r = computeEpoch(inputs, options);
    const root = Buffer.from(r.merkleRoot!, "hex");
    assert.equal(r.proofs.size, r.cumulative.size);
    for (const [id, amount] of r.cumulative) {
      const { key, serial } = parseRewardId(id);
      assert.ok(verifyClaim(key, serial, amount, r.proofs.get(id)!, root));
      assert.equal(verifyClaim(key, serial, amount + 1n, r.proofs.get(id)!, root), false);
    }
  });

  it("counts admission rejections (bad signatures, malformed bytes) with the PoC reasons", () => {
    const { inputs } = buildScenario({ seed: 3, hotspots: 6 });
    const forged = Buffer.from(inputs.reports[0].bytes);
    forged[forged.length - 1] ^= 1;
    const tampered = { ...inputs, reports: [...inputs.reports, { bytes: forged, receivedAtMs: 1 }, { bytes: new Uint8Array([1, 2, 3]), receivedAtMs: 2 }] };
    const r = computeEpoch(tampered, options);
    assert.equal(r.reasonCounts.bad_signature, 1);
    assert.equal(r.reasonCounts.malformed, 1);
    assert.equal(computeEpoch(inputs, options).merkleRoot, r.merkleRoot, "rejected reports change nothing else");
  });

  it("changes the input digest, not just the root, when any input changes", () => {
    const { inputs } = buildScenario({ seed: 5, hotspots: 6 });
    const base = computeEpoch(inputs, options);
    const moreEmission = computeEpoch({ ...inputs, emission: inputs.emission + 1n }, options);
    assert.notEqual(moreEmission.inputDigest, base.inputDigest);
    const noReports = computeEpoch({ ...inputs, reports: inputs.reports.slice(1) }, options);
    assert.notEqual(noReports.inputDigest, base.inputDigest);
  });

  it("round-trips through the binary bundle with the same digest and root", () => {
    const { inputs } = buildScenario({ seed: 11, hotspots: 8 });
    const bytes = encodeBundle(inputs);
    const decoded = decodeBundle(bytes);
    const a = computeEpoch(inputs, options);
    const b = computeEpoch(decoded, options);
    assert.equal(b.inputDigest, a.inputDigest);
    assert.equal(b.merkleRoot, a.merkleRoot);
    assert.deepEqual(encodeBundle(decoded), bytes);
    assert.throws(() => decodeBundle(Buffer.concat([bytes, Buffer.from([0])])), /trailing/);
  });
});

describe("computeEpoch across epochs: the PoC state", () => {
  const chain = () => {
    const first = buildScenario({ seed: 33, hotspots: 14, epoch: 1 }).inputs;
    const r1 = computeEpoch(first);
    const second = { ...buildScenario({ seed: 33, hotspots: 14, epoch: 2, previousCumulative: r1.cumulative }).inputs, headerExtensions: withPreviousStateDigest(undefined, r1.nextStateDigest) };
    return { first, r1, second };
  };

  it("hands each epoch's state to the next, named in the next bundle by its digest (in memory and streamed)", async () => {
    const { r1, second } = chain();
    assert.match(r1.nextStateDigest!, /^[0-9a-f]{64}$/);
    assert.equal(r1.nextStateDigest, pocStateDigest(r1.nextState!));
    assert.equal(r1.nextState!.epoch, 1);
    const r2 = computeEpoch(second, { previousState: r1.nextState });
    assert.equal(r2.nextState!.epoch, 2);
    assert.ok(r2.paid > 0n);
    // trust climbs from the first epoch's (state carried) to the second's
    const k = Object.keys(r1.outcome.trustBps).find((key) => r1.outcome.trustBps[key] > 0)!;
    assert.ok(r2.outcome.trustBps[k] > r1.outcome.trustBps[k], `${r1.outcome.trustBps[k]} → ${r2.outcome.trustBps[k]}`);
    // the bundle carries the digest; decoding and recomputing from it and the published state gives the same root
    const decoded = decodeBundle(encodeBundle(second));
    assert.equal(previousStateDigestOf(decoded.headerExtensions), r1.nextStateDigest);
    // …and the streaming path (file bytes of the state) agrees bit for bit
    const streamed = await computeEpochFromBundle(memorySource(encodeBundle(second), 4096), { previousState: encodePocState(r1.nextState!), verifySignatures: false });
    assert.equal(streamed.result.merkleRoot, r2.merkleRoot);
    assert.equal(streamed.result.nextStateDigest, r2.nextStateDigest);
    const again = computeEpoch(decoded, { previousState: decodePocState(encodePocState(r1.nextState!)) });
    assert.equal(again.merkleRoot, r2.merkleRoot);
    assert.equal(again.nextStateDigest, r2.nextStateDigest);
  });

  it("commits to the previous state: another digest is another input digest", () => {
    const { second } = chain();
    const a = computeEpoch({ ...second, headerExtensions: undefined }, { skipInputDigest: false, pocStage: payloadMatchingStage });
    const b = computeEpoch(second, { pocStage: payloadMatchingStage, previousState: chain().r1.nextState });
    assert.notEqual(a.inputDigest, b.inputDigest);
  });

  it("refuses a previous state other than the one the inputs name, a missing one, or one from another epoch", () => {
    const { first, r1, second } = chain();
    const code = (c: string) => (e: unknown) => e instanceof PreviousStateMismatchError && e.code === c;
    assert.throws(() => computeEpoch(second), code("missing"));
    assert.throws(() => computeEpoch(second), /bundle names previous PoC state [0-9a-f]{64}, which was not given/);
    assert.throws(() => computeEpoch(first, { previousState: r1.nextState }), /bundle names none/);
    assert.throws(() => computeEpoch({ ...second, headerExtensions: { previousStateDigest: "ABC" } }, { previousState: r1.nextState }), code("malformed_digest"));
    const garbage = Buffer.from("not a state");
    assert.throws(() => computeEpoch({ ...second, headerExtensions: withPreviousStateDigest(undefined, pocStateDigest(garbage)) }, { previousState: garbage }), code("malformed_state"));
    const other = { ...r1.nextState!, hotspots: r1.nextState!.hotspots.map((h, i) => (i === 0 ? { ...h, trustBps: 10_000 } : h)) };
    assert.throws(() => computeEpoch(second, { previousState: other }), /previous PoC state differs: the bundle names [0-9a-f]{64}, the state given hashes to [0-9a-f]{64}/);
    const wrongEpoch = { ...second, epoch: 5 };
    assert.throws(() => computeEpoch(wrongEpoch, { previousState: r1.nextState }), /from epoch 1, expected 4/);
  });
});

describe("computeEpoch with the PoC verifier", () => {
  it("accepts the scenario's beacons, counts the verifier's rejections and still conserves the emission", () => {
    const { inputs } = buildScenario({ seed: 21, hotspots: 16 });
    const r = computeEpoch(inputs);
    assert.ok(r.outcome.beacons.length > 0, "some beacons pass the real rules");
    assert.equal(r.paid + r.unallocated, inputs.emission);
    const shuffled = computeEpoch({ ...inputs, reports: new SeededRandom(1).shuffle(inputs.reports) });
    assert.equal(shuffled.merkleRoot, r.merkleRoot);
    assert.deepEqual(shuffled.reasonCounts, r.reasonCounts);
  });
});
