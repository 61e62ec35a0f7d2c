// `npm run demo`'s orchestration at a small size, end to end on a real Surfpool chain:
// a leader and two follower oracles, a simulated fleet onboarded by a maker and reporting
// over HTTP, two epochs closed, voted 2-of-3 and claimed through the `hexpin` CLI. The
// checks here read the chain and the leader's public API themselves, independently of the
// checks the orchestration makes as it goes.
import { strict as assert } from "node:assert";
import { PublicKey } from "@solana/web3.js";
import { rewardsVaultPda } from "../../sdk/src";
import { NetworkInABox, type EpochReport } from "../../oracle/src/demo/network-in-a-box";

describe("npm run demo: the network in a box on a real local chain", function () {
  this.timeout(600_000);
  let box: NetworkInABox;
  const reports: EpochReport[] = [];
  const lines: string[] = [];

  before(async () => {
    box = await NetworkInABox.start({ hotspots: 32, seed: "demo-test", city: "san-francisco", slotTimeMs: 50, progress: (l) => lines.push(l) });
    reports.push(await box.runEpoch());
    reports.push(await box.runEpoch());
  });
  after(async () => box?.stop());

  /** The leader's proof route for every device: its cumulative allocation under the latest active root (0 when none). */
  async function allocations(): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const d of box.fleet.devices) {
      const res = await fetch(`${box.urls.leader}/v1/rewards/${d.address}`);
      if (res.status === 404) {
        const body = (await res.json()) as { error: { code: string } };
        assert.ok(["no_rewards", "not_found", "unknown_hotspot"].includes(body.error.code), `404 for ${d.address}: ${body.error.code}`);
        out.set(d.address, 0n);
        continue;
      }
      assert.equal(res.status, 200, `GET /v1/rewards/${d.address}`);
      const body = (await res.json()) as { cumulative: string; epoch: number };
      assert.equal(body.epoch, 1, "proofs come from the latest active root");
      out.set(d.address, BigInt(body.cumulative));
    }
    return out;
  }

  it("every owner's token balance equals the oracle's allocation to the base unit", async () => {
    const alloc = await allocations();
    let owners = 0;
    for (const owner of box.owners) {
      const expected = owner.devices.reduce((s, d) => s + (alloc.get(d.address) ?? 0n), 0n);
      const balance = await box.authority.rewardBalance(box.network, owner.keypair.publicKey);
      assert.equal(balance, expected, `${owner.name} (${owner.behaviour})`);
      if (expected > 0n) owners++;
    }
    assert.ok(owners >= 3, "several owners were paid");
  });

  it("adversaries' keys were paid exactly what the allocation says, and every kind the simulator placed is accounted for", async () => {
    const alloc = await allocations();
    const adversaries = box.owners.filter((o) => o.behaviour !== "honest");
    assert.ok(adversaries.length >= 2, `adversary kinds in the fleet: ${adversaries.map((o) => o.behaviour).join(", ")}`);
    for (const o of adversaries) {
      const expected = o.devices.reduce((s, d) => s + (alloc.get(d.address) ?? 0n), 0n);
      assert.equal(await box.authority.rewardBalance(box.network, o.keypair.publicKey), expected, o.name);
    }
    // the per-behaviour table covers the whole fleet and the whole payout of each epoch
    for (const r of reports) {
      assert.equal(r.rewardsByBehaviour.reduce((s, b) => s + b.hotspots, 0), box.fleet.devices.length);
      assert.equal(r.rewardsByBehaviour.reduce((s, b) => s + b.amount, 0n), r.paid, `epoch ${r.epoch}`);
      assert.ok(Object.values(r.rejections).reduce((s, n) => s + n, 0) > 0, `epoch ${r.epoch} rejected some adversarial reports`);
    }
  });

  it("conserves: paid + unallocated = emitted per epoch, as minted on-chain; claimed + vault = emitted", async () => {
    let paidTotal = 0n;
    for (const e of [0, 1]) {
      const res = await fetch(`${box.urls.leader}/v1/epochs/${e}`);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { emission: string; paid: string; unallocated: string; state: string };
      const minted = (await box.authority.epoch(box.network, BigInt(e))).emission;
      assert.equal(BigInt(body.emission), minted);
      assert.equal(BigInt(body.paid) + BigInt(body.unallocated), minted, `epoch ${e}`);
      assert.equal(body.state, "served");
      paidTotal += BigInt(body.paid);
    }
    const net = await box.authority.network(box.network);
    const vault = await box.connection.getAccountInfo(rewardsVaultPda(box.network, box.net.programId)[0]);
    assert.equal(net.totalEmitted, reports[0].emission + reports[1].emission);
    assert.equal(net.totalClaimed, paidTotal, "every allocated base unit was claimed");
    assert.equal(net.totalEmitted - net.totalClaimed, vault!.data.readBigUInt64LE(64));
  });

  it("roots activate by 2-of-3 votes from distinct oracle keys; both followers reproduced the leader's root", async () => {
    const oracles = new Set(box.oracleKeys.map((k) => k.publicKey.toBase58()));
    for (const r of reports) {
      const chainEpoch = await box.authority.epoch(box.network, BigInt(r.epoch));
      assert.ok(chainEpoch.rootActive, `epoch ${r.epoch} root active`);
      assert.equal(Buffer.from(chainEpoch.merkleRoot).toString("hex"), r.merkleRoot);
      const landed = r.votes.filter((v) => v.outcome === "landed");
      assert.ok(landed.length >= 2 && new Set(landed.map((v) => v.oracle)).size === landed.length, JSON.stringify(r.votes));
      for (const v of landed) assert.ok(oracles.has(v.oracle));
      assert.ok(landed.some((v) => v.role !== "leader"), "a follower's vote counted");
      for (const f of box.followers) {
        const res = await fetch(`${f.url}/v1/epochs/${r.epoch}`);
        const body = (await res.json()) as { merkleRoot: string };
        assert.equal(body.merkleRoot, r.merkleRoot, `follower at ${f.url}`);
      }
    }
  });

  it("claims ran through the hexpin CLI, one of them as a real process, and report compute units", () => {
    const claims = reports.flatMap((r) => r.claims);
    assert.ok(claims.length > 0);
    assert.ok(claims.some((c) => c.runner === "subprocess"));
    for (const c of claims) assert.ok(c.paid > 0 && c.computeUnitsPerClaim! > 0, JSON.stringify({ ...c, amountPaid: c.amountPaid.toString() }));
    for (const name of ["onboard_hotspot", "advance_epoch", "post_epoch_root", "claim_rewards (per claim)"]) assert.ok(reports[0].computeUnits[name]?.min > 0, name);
  });

  it("shows progress throughout: one line per step with elapsed time", () => {
    assert.ok(lines.length >= 20);
    for (const l of lines) assert.match(l, /^\[ *\d+\.\d+s\] /);
    assert.ok(lines.some((l) => /root active on-chain/.test(l)));
    assert.ok(lines.some((l) => /hotspots onboarded/.test(l)));
  });

  it("a device the program refused to onboard is unknown to the oracles: its reports are refused at intake and it is paid nothing", async () => {
    assert.ok(box.refused.length > 0, "this seed's fleet holds a gain inflater beyond the program's limit");
    for (const { device, error } of box.refused) {
      assert.equal(error, "InvalidGain");
      assert.equal(await box.authority.fetchHotspot(box.network, new PublicKey(device.keypair.publicKey)), null);
      const res = await fetch(`${box.urls.leader}/v1/rewards/${device.address}`);
      assert.equal(res.status, 404);
    }
    for (const r of reports) assert.ok((r.intakeRefusals.unknown_hotspot ?? 0) > 0, `epoch ${r.epoch}: ${JSON.stringify(r.intakeRefusals)}`);
  });

  it("serves the network's state to anyone: hotspots are on-chain under their owners", async () => {
    const d = box.fleet.devices.find((x) => !box.refused.some((r) => r.device === x))!;
    const h = await box.authority.hotspot(box.network, new PublicKey(d.keypair.publicKey));
    assert.ok(h.owner.equals(box.ownerOf.get(d.address)!.keypair.publicKey));
  });
});
