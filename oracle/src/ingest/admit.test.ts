import assert from "node:assert/strict";
import { ReportAdmitter } from "./admit";
import { PocTestWorld, WINDOW } from "../verify/tests/poc-test-world";
import { encodeReport } from "@hexpin/sdk";
import { PocVerifier } from "../verify/verifier";
import { testConfig } from "../verify/tests/poc-test-world";

describe("report admission", () => {
  const world = new PocTestWorld(2, "admit");
  const ent = world.publishEntropy(WINDOW.startMs + 1000);
  const beacon = world.beacon(world.hotspots[0], ent, ent.publishedAtMs + 500);
  const bytes = encodeReport(beacon.report);

  it("admits a well-formed, correctly signed report with the oracle's receive time", () => {
    const r = new ReportAdmitter().admit(bytes, 42);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.received.receivedAtMs, 42);
  });
  it("refuses a flipped byte as bad_signature and truncated bytes as malformed", () => {
    const flipped = new Uint8Array(bytes);
    flipped[60] ^= 1;
    const a = new ReportAdmitter();
    assert.deepEqual([a.admit(flipped, 1).ok, (a.admit(flipped, 1) as { reason: string }).reason], [false, "bad_signature"]);
    assert.equal((a.admit(bytes.subarray(0, 50), 1) as { reason: string }).reason, "malformed");
  });
  it("skips the signature check only when told to", () => {
    const flipped = new Uint8Array(bytes);
    flipped[60] ^= 1;
    assert.ok(new ReportAdmitter({ verifySignatures: false }).admit(flipped, 1).ok);
  });
  it("refusals are counted in the verifier's outcome", () => {
    const v = new PocVerifier(world.inputs(), testConfig());
    v.reject("malformed");
    v.reject("bad_signature");
    v.reject("bad_signature");
    assert.deepEqual(v.finish().reasonCounts, { malformed: 1, bad_signature: 2 });
  });
});
