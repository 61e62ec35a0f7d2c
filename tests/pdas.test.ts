// Both sides derive the same addresses: the SDK's seeds are the Rust seeds byte for
// byte, and the SDK's PDAs are the accounts the program actually created.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PublicKey } from "@solana/web3.js";
import {
  advanceEpochIx,
  decodeEpoch,
  decodeHotspot,
  decodeMaker,
  decodeNetwork,
  epochPda,
  hotspotPda,
  makerPda,
  networkPda,
  ONBOARD_DOMAIN,
  rewardMintPda,
  rewardsVaultPda,
  SEEDS,
} from "../sdk/src";
import { createNetwork, DAY, onboard, registerMaker } from "./helpers/fixtures";

const constantsRs = readFileSync(resolve(__dirname, "../programs/hexpin/src/constants.rs"), "utf8");

/** Every `pub const NAME: &[u8] = b"...";` in constants.rs. */
const rustByteStrings = new Map(
  [...constantsRs.matchAll(/pub const (\w+): &\[u8\] = b"([^"]*)";/g)].map((m) => [m[1], Buffer.from(m[2], "latin1")]),
);

/** SDK seed key → Rust constant name. */
const SEED_NAMES: Record<keyof typeof SEEDS, string> = {
  network: "NETWORK_SEED",
  rewardMint: "REWARD_MINT_SEED",
  rewardsVault: "REWARDS_VAULT_SEED",
  maker: "MAKER_SEED",
  hotspot: "HOTSPOT_SEED",
  epoch: "EPOCH_SEED",
};

describe("PDAs", () => {
  describe("seeds", () => {
    it("every Rust *_SEED constant has an SDK seed with the same bytes, and vice versa", () => {
      const rustSeeds = [...rustByteStrings.keys()].filter((k) => k.endsWith("_SEED")).sort();
      assert.deepEqual(rustSeeds, Object.values(SEED_NAMES).sort());
      for (const [key, rustName] of Object.entries(SEED_NAMES) as [keyof typeof SEEDS, string][]) {
        assert.ok(SEEDS[key].equals(rustByteStrings.get(rustName)!), `${key} = ${rustName}`);
      }
    });

    it("the onboarding domain prefix is the Rust ONBOARD_DOMAIN byte for byte", () => {
      assert.ok(ONBOARD_DOMAIN.equals(rustByteStrings.get("ONBOARD_DOMAIN")!));
      const len = /pub const ONBOARD_MESSAGE_LEN: usize = (\d+) \+ 4 \* 32 \+ 8 \+ 2 \+ 4;/.exec(constantsRs);
      assert.equal(Number(len?.[1]), ONBOARD_DOMAIN.length, "ONBOARD_MESSAGE_LEN counts the domain's bytes");
    });
  });

  describe("addresses the program created", () => {
    it("network, mint, vault, maker, hotspot and epoch are where the SDK derives them, with the stored bumps", () => {
      const net = createNetwork();
      const [network, networkBump] = networkPda(net.creator.publicKey);
      assert.ok(network.equals(net.network));
      const n = decodeNetwork(net.chain.accountData(network)!);
      assert.equal(n.bump, networkBump);
      const [mint] = rewardMintPda(network);
      const [vault] = rewardsVaultPda(network);
      assert.ok(n.rewardMint.equals(mint), "network.reward_mint");
      assert.ok(n.rewardsVault.equals(vault), "network.rewards_vault");
      assert.ok(net.chain.accountData(mint), "mint exists");
      assert.ok(net.chain.accountData(vault), "vault exists");
      const raw = net.chain.accountData(network)!;
      assert.equal(raw[8 + 2], rewardMintPda(network)[1], "stored mint bump");
      assert.equal(raw[8 + 3], rewardsVaultPda(network)[1], "stored vault bump");

      const mk = registerMaker(net);
      const [maker, makerBump] = makerPda(network, mk.issuingKey.publicKey);
      assert.ok(maker.equals(mk.maker));
      assert.ok(decodeMaker(net.chain.accountData(maker)!).issuingKey.equals(mk.issuingKey.publicKey));
      assert.equal(net.chain.accountData(maker)![8 + 1], makerBump, "stored maker bump");

      const { result, hardwareKey } = onboard(net, mk);
      assert.ok(result.ok, result.logs.join("\n"));
      const [hotspot, hotspotBump] = hotspotPda(network, hardwareKey);
      const created = result.events.find((e) => e.name === "HotspotOnboarded")!.data.hotspot as PublicKey;
      assert.ok(created.equals(hotspot), "the program's own report of the hotspot address");
      assert.ok(decodeHotspot(net.chain.accountData(hotspot)!).hardwareKey.equals(hardwareKey));
      assert.equal(net.chain.accountData(hotspot)![8 + 1], hotspotBump, "stored hotspot bump");

      for (let epoch = 0; epoch < 2; epoch++) {
        net.chain.warp(DAY);
        net.chain.sendOrThrow([advanceEpochIx({ payer: net.creator.publicKey, network, epoch })], [net.creator]);
        const [address, bump] = epochPda(network, epoch);
        assert.equal(decodeEpoch(net.chain.accountData(address)!).epoch, BigInt(epoch));
        assert.equal(net.chain.accountData(address)![8 + 1], bump, `stored epoch ${epoch} bump`);
      }
    });

    it("encodes the epoch number as 8 little-endian bytes in its seed", () => {
      const net = createNetwork();
      const big = 0x0102_0304_0506_0708n;
      const le = Buffer.from([8, 7, 6, 5, 4, 3, 2, 1]);
      const [expected] = PublicKey.findProgramAddressSync([Buffer.from("epoch"), net.network.toBuffer(), le], net.chain.programId);
      assert.ok(epochPda(net.network, big)[0].equals(expected));
    });
  });
});
