import { strict as assert } from "node:assert";
import { PublicKey } from "@solana/web3.js";
import { AccountLayout, MintLayout } from "@solana/spl-token";
import {
  advanceEpochIx,
  decodeEpoch,
  decodeHotspot,
  decodeMaker,
  decodeNetwork,
  epochPda,
  hotspotPda,
} from "../sdk/src";
import { createNetwork, DAY, EMISSION, onboard, registerMaker, SF_CELL } from "./helpers/fixtures";

describe("program: the onboarding-to-emission flow on the real binary", () => {
  it("initializes a network whose PDA is mint authority and vault owner", () => {
    const net = createNetwork();
    const n = decodeNetwork(net.chain.accountData(net.network)!);
    assert.ok(n.authority.equals(net.creator.publicKey));
    assert.ok(n.rewardMint.equals(net.mint));
    assert.ok(n.rewardsVault.equals(net.vault));
    assert.equal(n.epochLengthSecs, BigInt(DAY));
    assert.equal(n.currentEpoch, 0n);
    assert.equal(n.genesisTs, net.chain.now());
    assert.deepEqual(n.emissionSchedule.map((s) => s.amountPerEpoch), [EMISSION, EMISSION / 2n]);
    assert.equal(n.oracles.length, 3);
    assert.equal(n.oracleQuorum, 2);

    const mint = MintLayout.decode(net.chain.accountData(net.mint)!);
    assert.ok(new PublicKey(mint.mintAuthority).equals(net.network));
    assert.equal(mint.freezeAuthorityOption, 0);
    assert.equal(mint.decimals, 6);
    const vault = AccountLayout.decode(net.chain.accountData(net.vault)!);
    assert.ok(new PublicKey(vault.owner).equals(net.network));
    assert.ok(new PublicKey(vault.mint).equals(net.mint));
  });

  it("registers a maker unapproved, then the authority approves it", () => {
    const net = createNetwork();
    const mk = registerMaker(net, "Acme Radios", false);
    let m = decodeMaker(net.chain.accountData(mk.maker)!);
    assert.equal(m.name, "Acme Radios");
    assert.equal(m.approved, false);
    assert.ok(m.issuingKey.equals(mk.issuingKey.publicKey));
    assert.equal(decodeNetwork(net.chain.accountData(net.network)!).makerCount, 1);
    registerMaker(net, "Second Maker", true);
    const approved = registerMaker(net, "Third", true);
    m = decodeMaker(net.chain.accountData(approved.maker)!);
    assert.equal(m.approved, true);
  });

  it("onboards a hotspot with the maker's and the device's consent, charging the fee", () => {
    const net = createNetwork();
    const mk = registerMaker(net);
    const feeBefore = net.chain.lamports(net.feeRecipient);
    const { result, hardwareKey, owner } = onboard(net, mk);
    assert.ok(result.ok, result.logs.join("\n"));
    const [hotspot] = hotspotPda(net.network, hardwareKey);
    const h = decodeHotspot(net.chain.accountData(hotspot)!);
    assert.ok(h.hardwareKey.equals(hardwareKey));
    assert.ok(h.owner.equals(owner));
    assert.ok(h.maker.equals(mk.maker));
    assert.equal(h.location, BigInt("0x" + SF_CELL));
    assert.equal(h.gainDbi10, 12);
    assert.equal(h.elevationM, 5);
    assert.equal(h.locationAssertCount, 1);
    assert.equal(net.chain.lamports(net.feeRecipient) - feeBefore, 1_500_000n, "onboarding fee + location fee");
    assert.equal(decodeMaker(net.chain.accountData(mk.maker)!).hotspotCount, 1n);
    assert.equal(decodeNetwork(net.chain.accountData(net.network)!).hotspotCount, 1n);
    const ev = result.events.find((e) => e.name === "HotspotOnboarded");
    assert.ok(ev, "HotspotOnboarded event");
    assert.ok((ev!.data.hardware_key as PublicKey).equals(hardwareKey));
  });

  it("onboards an unasserted hotspot with location 0", () => {
    const net = createNetwork();
    const mk = registerMaker(net);
    const { result, hardwareKey } = onboard(net, mk, { location: 0n });
    assert.ok(result.ok, result.logs.join("\n"));
    const h = decodeHotspot(net.chain.accountData(hotspotPda(net.network, hardwareKey)[0])!);
    assert.equal(h.location, 0n);
    assert.equal(h.locationAssertCount, 0);
    assert.equal(h.locationAssertedAt, 0n);
  });

  it("advances an ended epoch, minting its emission into the vault, and steps the schedule", () => {
    const net = createNetwork(undefined, {
      emissionSchedule: [
        { startEpoch: 0, amountPerEpoch: 1000n },
        { startEpoch: 2, amountPerEpoch: 300n },
      ],
    });
    const cranker = net.chain.fundedKeypair();
    const amounts: bigint[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      net.chain.warp(DAY);
      const r = net.chain.sendOrThrow([advanceEpochIx({ payer: cranker.publicKey, network: net.network, epoch })], [cranker]);
      const e = decodeEpoch(net.chain.accountData(epochPda(net.network, epoch)[0])!);
      assert.equal(e.epoch, BigInt(epoch));
      assert.equal(e.endTs - e.startTs, BigInt(DAY));
      amounts.push(e.emission);
      const ev = r.events.find((x) => x.name === "EpochAdvanced");
      assert.ok(ev);
    }
    assert.deepEqual(amounts, [1000n, 1000n, 300n]);
    const n = decodeNetwork(net.chain.accountData(net.network)!);
    assert.equal(n.currentEpoch, 3n);
    assert.equal(n.totalEmitted, 2300n);
    const vault = AccountLayout.decode(net.chain.accountData(net.vault)!);
    assert.equal(vault.amount, 2300n);
    const mint = MintLayout.decode(net.chain.accountData(net.mint)!);
    assert.equal(mint.supply, 2300n, "supply == total emitted: nothing minted elsewhere");
  });
});
