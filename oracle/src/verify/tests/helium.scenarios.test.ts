// Helium's proof-of-coverage scenarios (the `poc_scenario` vectors: Helium's runner
// integration tests and derived sequences) through the VERIFIER under the `helium`
// profile: every beacon and witness decision, reason and selection must be the one
// Helium's runner produced (see helium-vectors.ts for how a vector becomes epochs).

import assert from "node:assert/strict";
import { heliumReasonCode } from "../stages/helium-checks";
import { HELIUM_VECTORS, HeliumScenario, Json } from "./helium-vectors";
import type { ReasonCode } from "../../types";

const scenarios = HELIUM_VECTORS.filter((v) => v.rule === "poc_scenario");

/** What the verifier must say about each report of a step, from Helium's expected outcome. */
function expectedVerdicts(step: Json, exp: Json): { beacon: ReasonCode | null; witnesses: (ReasonCode | null)[] } {
  const beacon = exp.beacon === "Valid" ? null : heliumReasonCode(exp.beacon, "beacon", "beaconer");
  // Helium lists a proof's witnesses selected first, then unselected in list (receive) order;
  // a gateway's reports appear in that order, so they pair with its reports by receive time.
  const outcomes = new Map<string, (ReasonCode | null)[]>();
  const push = (k: string, r: ReasonCode | null) => outcomes.set(k, [...(outcomes.get(k) ?? []), r]);
  for (const k of exp.selected as string[]) push(k, null);
  for (const u of exp.unselected as Json[]) push(u.key, heliumReasonCode(u.reason, "witness", u.side === "beaconer" ? "beaconer" : "witness"));
  const order = (step.witnesses as Json[]).map((w, i) => ({ w, i })).sort((a, b) => a.w.receivedMs - b.w.receivedMs || a.i - b.i);
  const witnesses: (ReasonCode | null)[] = new Array(step.witnesses.length);
  for (const { w, i } of order) {
    const queue = outcomes.get(w.key);
    // a report Helium lists nowhere is a self-witness, dropped from the proof
    witnesses[i] = queue && queue.length > 0 ? queue.shift()! : w.key === step.beacon.key ? "self_witness" : ("missing from Helium's output" as ReasonCode);
  }
  return { beacon, witnesses };
}

describe("helium profile: Helium's PoC scenarios through the verifier", () => {
  it("has the scenario vectors (14 from Helium's runner tests, 15 derived)", () => {
    assert.equal(scenarios.filter((v) => v.kind === "extracted").length, 14);
    assert.equal(scenarios.filter((v) => v.kind === "derived").length, 15);
  });

  for (const v of scenarios) {
    it(v.id, () => {
      const sc = new HeliumScenario(v);
      const got = sc.run();
      assert.equal(got.length, v.expected.steps.length);
      v.inputs.steps.forEach((step: Json, s: number) => {
        const exp = v.expected.steps[s];
        const want = expectedVerdicts(step, exp);
        assert.equal(got[s].beacon, want.beacon, `step ${s}: beacon`);
        assert.deepEqual(got[s].witnesses, want.witnesses, `step ${s}: witnesses`);
        assert.deepEqual(got[s].selected, [...exp.selected].sort(), `step ${s}: selection`);
        if ("beaconRewardUnit" in exp) {
          const unit = (x: string) => Math.round(Number(x) * 10_000);
          assert.equal(got[s].units!.beaconer, unit(exp.beaconRewardUnit), `step ${s}: beaconer units`);
          for (const u of Object.values(exp.witnessRewardUnits as Record<string, string>)) assert.equal(got[s].units!.perWitness, unit(u), `step ${s}: witness units`);
        }
      });
    });
  }
});
