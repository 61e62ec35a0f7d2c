// A simulated epoch (oracle/src/sim) computed under the `helium` profile: the root
// is a function of the bundle (same root twice, from any permutation of the
// reports, and after the bundle's round trip, which is what verify-epoch reads),
// the next epoch's state carries Helium's timestamps, and the outcome differs from
// the default `hexpin` profile where docs/helium-profile.md §5 says it must.

import assert from "node:assert/strict";
import { computeEpoch, EpochResult } from "./compute-epoch";
import { decodeBundle, encodeBundle, EpochInputs } from "./bundle";
import { epochConfig } from "./verifier-stage";
import { PREVIOUS_STATE_FIELD } from "./previous-state";
import { simulateWorld } from "../sim";
import { defaultPocConfig } from "../verify/config";
import type { ProfileName } from "../verify/profile";
import { decodePocState, encodePocState, pocStateDigest } from "../state/encoding";
import { createHash } from "node:crypto";
import { decodeReport, keyToBase58, reportBody } from "@hexpin/sdk";
import type { PocState } from "../state/poc-state";

const HOTSPOTS = 80;

function epochInputs(profile: ProfileName, index = 0, previous: PocState | null = null): EpochInputs {
  const config = defaultPocConfig("US915", profile);
  const sim = simulateWorld({ seed: "helium-profile", hotspots: HOTSPOTS, beaconsPerHotspot: 4, sign: false, config }).epoch(index);
  const reports = [...sim.reports()].map((r) => ({ bytes: r.bytes, receivedAtMs: r.receivedAtMs }));
  return {
    epoch: index + 1, window: sim.window, emission: 10_000_000_000n, config: epochConfig({ rules: config }), hotspots: sim.registry, entropy: sim.entropy,
    reports, previousCumulative: new Map(), headerExtensions: previous ? { [PREVIOUS_STATE_FIELD]: pocStateDigest(previous) } : undefined,
  };
}

const run = (inputs: EpochInputs, previousState: PocState | null = null): EpochResult => computeEpoch(inputs, { verifySignatures: false, coverageMap: false, previousState });

describe("helium profile: a simulated epoch", function () {
  this.timeout(300_000);
  let inputs: EpochInputs;
  let helium: EpochResult;
  let hexpin: EpochResult;

  before(() => {
    inputs = epochInputs("helium");
    helium = run(inputs);
    hexpin = run(epochInputs("hexpin"));
  });

  it("is a function of the bundle: same root twice, from reversed and shuffled reports, and from the decoded bundle", () => {
    assert.match(helium.merkleRoot ?? "", /^[0-9a-f]{64}$/);
    assert.ok(helium.outcome.beacons.length > HOTSPOTS, `${helium.outcome.beacons.length} valid beacons`);
    assert.equal(run(inputs).merkleRoot, helium.merkleRoot);
    assert.equal(run({ ...inputs, reports: [...inputs.reports].reverse() }).merkleRoot, helium.merkleRoot);
    const shuffled = [...inputs.reports];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = (i * 7919 + 13) % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const again = run({ ...inputs, reports: shuffled });
    assert.equal(again.merkleRoot, helium.merkleRoot);
    assert.equal(again.nextStateDigest, helium.nextStateDigest);
    const decoded = decodeBundle(encodeBundle(inputs));
    assert.equal((decoded.config.poc as { rules: { profile: string } }).rules.profile, "helium", "the bundle names its profile");
    assert.equal(run(decoded).merkleRoot, helium.merkleRoot);
  });

  it("hands Helium's last_beacon, last_beacon_recip and last_witness to the next epoch, which reads them back", () => {
    const state = helium.nextState!;
    assert.ok(state.hotspots.length > 0);
    assert.ok(state.hotspots.some((r) => (r.lastBeaconRecipMs ?? 0) > 0) && state.hotspots.some((r) => (r.lastWitnessMs ?? 0) > 0));
    assert.deepEqual(decodePocState(encodePocState(state)), state);
    // genesis: a beaconer has no last witness before its first beacon, so early beacons fail beacon reciprocity ...
    const recipFirst = helium.reasonCounts.no_reciprocity ?? 0;
    assert.ok(recipFirst > 0);
    // ... and the next epoch, with this state, fails far fewer
    const next = epochInputs("helium", 1, state);
    const second = run(next, state);
    assert.ok((second.reasonCounts.no_reciprocity ?? 0) < recipFirst, `${second.reasonCounts.no_reciprocity} vs ${recipFirst}`);
    assert.equal(run(decodeBundle(encodeBundle(next)), decodePocState(encodePocState(state))).merkleRoot, second.merkleRoot);
  });

  it("differs from hexpin where the doc says it must", () => {
    assert.notEqual(helium.merkleRoot, hexpin.merkleRoot);
    // hexpin-only defences never fire under helium (§5 row 40) ...
    for (const r of ["below_sensitivity", "snr_inconsistent", "stronger_than_model", "radio_contradicts_claims", "witness_not_independent", "witness_unverified", "nonstandard_tx_power", "geometry_inconsistent"] as const) {
      assert.equal(helium.reasonCounts[r], undefined, r);
    }
    // ... Helium has no trust (row 40): every participant is at 10000 bps, while hexpin's is earned from zero
    assert.ok(Object.values(helium.outcome.trustBps).every((t) => t === 10_000));
    assert.ok(Object.values(hexpin.outcome.trustBps).some((t) => t < 10_000));
    // witness lag (row 6): 4 s / 1.5 s instead of 20 s / 10 s rejects more witnesses as late
    assert.ok((helium.reasonCounts.witness_too_late ?? 0) > (hexpin.reasonCounts.witness_too_late ?? 0), `${helium.reasonCounts.witness_too_late} vs ${hexpin.reasonCounts.witness_too_late}`);
  });

  it("selects by first arrival (row 10): with the cap at 4, a capped beacon keeps its 4 earliest valid witnesses; hexpin's draw does not", () => {
    const earliestKept = (profile: ProfileName): { capped: number; earliest: number } => {
      const config = { ...defaultPocConfig("US915", profile), maxWitnessesPerBeacon: 4 };
      const base = epochInputs(profile);
      const res = run({ ...base, config: epochConfig({ rules: config }) });
      // receive time of each (beaconer, payload, witness) report, from the bundle's own bytes
      const recv = new Map<string, number>();
      const beaconKey = new Map<string, string>();
      for (const r of base.reports) {
        const rep = decodeReport(r.bytes);
        if (rep.kind === "beacon") {
          beaconKey.set(createHash("sha256").update(reportBody(r.bytes)).digest("hex"), keyToBase58(rep.hotspotKey) + Buffer.from(rep.payload).toString("hex"));
        } else {
          const k = keyToBase58(rep.beaconerKey) + Buffer.from(rep.payload).toString("hex") + keyToBase58(rep.witnessKey);
          recv.set(k, Math.min(recv.get(k) ?? Infinity, r.receivedAtMs));
        }
      }
      let capped = 0;
      let earliest = 0;
      for (const b of res.outcome.beacons) {
        if (b.validWitnesses.length <= 4) continue;
        capped++;
        const prefix = beaconKey.get(b.beaconId)!;
        const byArrival = [...b.validWitnesses].sort((x, y) => recv.get(prefix + x)! - recv.get(prefix + y)! || (x < y ? -1 : 1));
        if (JSON.stringify(byArrival.slice(0, 4).sort()) === JSON.stringify(b.selectedWitnesses)) earliest++;
      }
      return { capped, earliest };
    };
    const h = earliestKept("helium");
    assert.ok(h.capped >= 10, `${h.capped} capped beacons`);
    assert.equal(h.earliest, h.capped);
    const x = earliestKept("hexpin");
    assert.ok(x.capped > 0 && x.earliest < x.capped, `hexpin: ${x.earliest} of ${x.capped} capped beacons kept their earliest`);
  });
});
