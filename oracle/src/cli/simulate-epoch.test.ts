import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The CLI as an operator runs it: its own process, flags and HEXPIN_* variables, exit codes.
const BIN = join(__dirname, "../../bin/hexpin-oracle");

function oracle(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hexpin-oracle simulate-epoch → verify-epoch", function () {
  this.timeout(120_000);
  let dir: string;
  let bundle: string;
  let simulated: { merkleRoot: string; inputDigest: string; nextStateDigest: string; reports: number; emission?: string; reasonCounts: Record<string, number>; signedBy: string };
  let state: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "hexpin-sim-cli-"));
    bundle = join(dir, "epoch.bundle");
    state = join(dir, "epoch.state");
    // seed and city through the environment, the rest as flags
    const r = oracle(["simulate-epoch", "--hotspots", "40", "--beacons", "2", "--emission", "5000000000", "--out", bundle, "--state-out", state, "--json"], { HEXPIN_SEED: "cli-round-trip", HEXPIN_CITY: "san-francisco" });
    assert.equal(r.status, 0, r.stderr);
    simulated = JSON.parse(r.stdout);
    simulated.signedBy = JSON.parse(r.stdout).simulation.signedBy;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a signed bundle from the simulator, with its adversaries' reports rejected", () => {
    assert.match(simulated.merkleRoot, /^[0-9a-f]{64}$/);
    assert.ok(simulated.reports > 200, String(simulated.reports));
    assert.equal(simulated.reasonCounts.bad_signature, undefined, "every simulated report is signed by its hotspot");
    assert.ok(Object.keys(simulated.reasonCounts).some((k) => k !== "not_selected"), JSON.stringify(simulated.reasonCounts));
  });

  it("verify-epoch recomputes the same root from the file and exits 0", () => {
    const r = oracle(["verify-epoch", bundle, "--root", simulated.merkleRoot, "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const verified = JSON.parse(r.stdout);
    assert.equal(verified.merkleRoot, simulated.merkleRoot);
    assert.equal(verified.inputDigest, simulated.inputDigest);
    assert.equal(verified.matches, true);
  });

  it("chains a second epoch on the first one's published PoC state, which verify-epoch needs to recompute it", function () {
    this.timeout(360_000); // five CLI runs
    const next = join(dir, "epoch2.bundle");
    const nextState = join(dir, "epoch2.state");
    const env = { HEXPIN_SEED: "cli-round-trip", HEXPIN_CITY: "san-francisco" };
    const r = oracle(["simulate-epoch", "--hotspots", "40", "--beacons", "2", "--previous-state", state, "--out", next, "--json"], env);
    assert.equal(r.status, 0, r.stderr);
    const second = JSON.parse(r.stdout);
    assert.equal(second.epoch, 2);
    const v = oracle(["verify-epoch", next, "--previous-state", state, "--root", second.merkleRoot, "--next-state", nextState, "--json"]);
    assert.equal(v.status, 0, v.stderr);
    const verified = JSON.parse(v.stdout);
    assert.equal(verified.matches, true);
    assert.equal(verified.nextStateDigest, second.nextStateDigest);
    assert.match(readFileSync(nextState).subarray(0, 8).toString("latin1"), /^HEXPINS1$/);
    const without = oracle(["verify-epoch", next, "--root", second.merkleRoot]);
    assert.equal(without.status, 2, without.stdout + without.stderr);
    assert.match(without.stdout, /bundle names previous PoC state [0-9a-f]{64}, which was not given/);
    const wrong = oracle(["verify-epoch", bundle, "--previous-state", state]);
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout, /bundle names none/);
  });

  it("a bundle with a tampered emission recomputes to a different root and verify-epoch exits 1", () => {
    const original = readFileSync(bundle);
    const from = Buffer.from('"emission":"5000000000"');
    const at = original.indexOf(from);
    assert.ok(at > 0, "emission in the header");
    const tampered = Buffer.from(original);
    Buffer.from('"emission":"9000000000"').copy(tampered, at);
    const path = join(dir, "tampered.bundle");
    writeFileSync(path, tampered);
    const r = oracle(["verify-epoch", path, "--root", simulated.merkleRoot]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /MISMATCH:\n {2}root differs: recomputed [0-9a-f]{64}, expected [0-9a-f]{64}/);
  });

  it("a bundle with one report's signature altered has that report refused as bad_signature and a new input digest", () => {
    const original = readFileSync(bundle);
    const tampered = Buffer.from(original);
    tampered[original.length - 10] ^= 0x01; // inside the last report's signature
    const path = join(dir, "flipped.bundle");
    writeFileSync(path, tampered);
    const r = oracle(["verify-epoch", path, "--root", simulated.merkleRoot, "--json"]);
    const verified = JSON.parse(r.stdout);
    assert.equal(verified.reasonCounts.bad_signature, 1);
    assert.equal(verified.signatures.invalid, 1);
    assert.notEqual(verified.inputDigest, simulated.inputDigest);
    assert.ok([1, 4].includes(r.status!), `exit ${r.status}: 4 when only the signature is wrong, 1 when the root moved too`);
  });

  it("signing in the simulator (no native addon) and on native workers give the same bundle; .gz compresses without changing the digest", () => {
    const path = join(dir, "fallback.bundle.gz");
    const r = oracle(["simulate-epoch", "--hotspots", "40", "--beacons", "2", "--emission", "5000000000", "--out", path, "--json", "--no-recompute"], { HEXPIN_SEED: "cli-round-trip", HEXPIN_NATIVE: "0" });
    assert.equal(r.status, 0, r.stderr);
    const fallback = JSON.parse(r.stdout);
    assert.equal(fallback.simulation.signedBy, "simulator (node:crypto)");
    assert.equal(simulated.signedBy, "native workers");
    assert.equal(fallback.compression, "gzip");
    assert.ok(fallback.storedBytes < fallback.bundleBytes);
    assert.equal(fallback.inputDigest, simulated.inputDigest);
  });
});
