import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeBundle } from "../epoch/bundle";
import { decodePocState } from "../state/encoding";

// simulate-epoch --profile helium: the bundle names the profile, verify-epoch reproduces
// the root from the file (and, for the next epoch, the published state holding Helium's
// timestamps); an unknown profile is refused.
const BIN = join(__dirname, "../../bin/hexpin-oracle");

function oracle(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("hexpin-oracle simulate-epoch --profile helium → verify-epoch", function () {
  this.timeout(180_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "hexpin-sim-helium-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a bundle under the helium rules that verify-epoch recomputes, chained over the state", () => {
    const env = { HEXPIN_SEED: "cli-helium", HEXPIN_HOTSPOTS: "30" };
    const b1 = join(dir, "e1.bundle");
    const s1 = join(dir, "e1.state");
    const r1 = oracle(["simulate-epoch", "--beacons", "2", "--profile", "helium", "--out", b1, "--state-out", s1, "--json"], env);
    assert.equal(r1.status, 0, r1.stderr);
    const first = JSON.parse(r1.stdout);
    assert.equal(first.simulation.profile, "helium");
    assert.equal((decodeBundle(readFileSync(b1)).config.poc as { rules: { profile: string } }).rules.profile, "helium");
    assert.ok(decodePocState(readFileSync(s1)).hotspots.some((r) => (r.lastWitnessMs ?? 0) > 0), "the state holds Helium's last_witness times");
    const v1 = oracle(["verify-epoch", b1, "--root", first.merkleRoot, "--json"]);
    assert.equal(v1.status, 0, v1.stderr);
    assert.equal(JSON.parse(v1.stdout).matches, true);

    const b2 = join(dir, "e2.bundle");
    const r2 = oracle(["simulate-epoch", "--beacons", "2", "--previous-state", s1, "--out", b2, "--json"], { ...env, HEXPIN_PROFILE: "helium" });
    assert.equal(r2.status, 0, r2.stderr);
    const second = JSON.parse(r2.stdout);
    const v2 = oracle(["verify-epoch", b2, "--previous-state", s1, "--root", second.merkleRoot, "--json"]);
    assert.equal(v2.status, 0, v2.stderr);
    assert.equal(JSON.parse(v2.stdout).matches, true);

    const bad = oracle(["simulate-epoch", "--profile", "helium-ish", "--out", join(dir, "x.bundle")], env);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /helium-ish/);
  });
});
