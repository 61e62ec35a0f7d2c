// A rewarded city on a real chain: the simulator's honest radios in San Francisco, onboarded
// on a Surfpool chain by an approved maker, a network with 3 oracles and a 2-of-3 quorum,
// and each epoch's canonical bundle written from the chain's own hotspot registry, as an
// oracle would. Tests drive the operator side (CLI or client) against it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { hardwareKeypairOf, HexpinClient, writeKeypairFile } from "../../sdk/src/client";
import { keypairFromSeed } from "../../sdk/src/reports/keys";
import { computeEpoch, defaultPocConfig, encodeBundle, epochConfig, simulateEpoch, type EpochInputs, type EpochResult, type SimulatedEpoch } from "../../oracle/src";
import type { HotspotInfo } from "../../oracle/src/types";
import { createRpcMaker, endCurrentEpoch, fundedClient, type RpcMaker, type TestChain } from "./localnet";

export const WORLD_EPOCH_SECS = 60;
export const WORLD_EMISSION = 1_000_000_000n;
const DAY_MS = 86_400_000;
const WINDOW_START_MS = Date.UTC(2025, 5, 15);
const REWARD_WORLD_RULES = defaultPocConfig("US915", "helium-derived");
const HONEST_ONLY = { spoofedLocation: 0, inflatedGain: 0, replayer: 0, precomputer: 0, selfWitnesser: 0, duplicator: 0, collusionRings: 0 };

/** The 32-byte seed of an ed25519 private key (PKCS#8 DER: the seed is its last 32 bytes). */
function seedOf(key: KeyObject): Buffer {
  const der = key.export({ format: "der", type: "pkcs8" });
  return der.subarray(der.length - 32);
}

export interface WorldBundle {
  epoch: bigint;
  path: string;
  inputs: EpochInputs;
  /** the oracle library's result on the same inputs: what the chain should end up paying. */
  result: EpochResult;
}

export class RewardWorld {
  /** device keypairs by simulator index (a test may swap one for a key it generated). */
  readonly devices: Keypair[];
  readonly bundles = new Map<bigint, WorldBundle>();
  private readonly sims = new Map<number, SimulatedEpoch>();

  private constructor(
    readonly chain: TestChain,
    readonly authority: HexpinClient,
    readonly network: PublicKey,
    readonly oracles: Keypair[],
    readonly quorum: number,
    readonly maker: RpcMaker,
    readonly size: number,
    readonly seed: string,
    /** where simulated epoch 0's day starts (epoch n's starts n days later). */
    readonly windowStartMs: number = WINDOW_START_MS,
  ) {
    this.devices = this.sim(0).fleet.hotspots.map((h) => Keypair.fromSeed(seedOf(h.privateKey!)));
  }

  /**
   * `dayEpochs`: the network's epochs last a day and the simulated days are the chain's own
   * epoch windows (from its genesis), as an oracle service that checks windows needs.
   */
  static async create(chain: TestChain, o: { hotspots?: number; seed?: string; oracles?: number; quorum?: number; locationCooldownSecs?: number; dayEpochs?: boolean } = {}): Promise<RewardWorld> {
    const authority = fundedClient(chain);
    const oracles = Array.from({ length: o.oracles ?? 3 }, () => Keypair.generate());
    for (const k of oracles) chain.net.fund(k.publicKey, 10 * 1e9);
    const quorum = o.quorum ?? 2;
    const { network } = await authority.initializeNetwork({
      epochLengthSecs: o.dayEpochs ? DAY_MS / 1000 : WORLD_EPOCH_SECS,
      decimals: 6,
      emissionSchedule: [{ startEpoch: 0, amountPerEpoch: WORLD_EMISSION }],
      oracles: oracles.map((k) => k.publicKey),
      oracleQuorum: quorum,
      onboardFeeLamports: 1_000_000,
      locationFeeLamports: 500_000,
      locationCooldownSecs: o.locationCooldownSecs ?? 0,
      feeRecipient: authority.wallet.publicKey,
    });
    const maker = await createRpcMaker(chain, { authority, network });
    const windowStartMs = o.dayEpochs ? Number((await authority.network(network)).genesisTs) * 1000 : WINDOW_START_MS;
    return new RewardWorld(chain, authority, network, oracles, quorum, maker, o.hotspots ?? 10, o.seed ?? "hexpin-cli-rewards", windowStartMs);
  }

  /** The simulated epoch `epoch` (a day of the same fleet, shifted), with swapped devices applied. */
  sim(epoch: number): SimulatedEpoch {
    let s = this.sims.get(epoch);
    if (!s) {
      // Ten radios over a whole city are too few and too far apart for the hexpin profile's
      // evidence (independent owners, credible vouchers, component size) to pay anyone; this
      // world tests the money path, so its bundles run the helium-derived rules, which do.
      s = simulateEpoch({ seed: this.seed, hotspots: this.size, city: "san-francisco", sign: true, adversaries: HONEST_ONLY, windowStartMs: this.windowStartMs + epoch * DAY_MS, config: REWARD_WORLD_RULES });
      this.sims.set(epoch, s);
    }
    this.devices?.forEach((kp, i) => {
      const h = s!.fleet.hotspots[i];
      if (h.address === kp.publicKey.toBase58()) return;
      const hw = keypairFromSeed(kp.secretKey.subarray(0, 32));
      Object.assign(h, { publicKey: hw.publicKey, address: hw.address, privateKey: hw.privateKey });
      h.info.key = hw.address;
    });
    return s;
  }

  /** The radio at `index` is now this device (e.g. one `hexpin hotspot keygen` wrote). */
  useDevice(index: number, device: Keypair): void {
    this.devices[index] = device;
  }

  /** Where the simulator placed radio `index` (what its owner asserts). */
  placement(index: number): { location: string; gainDbi10: number; elevationM: number } {
    const info = this.sim(0).fleet.hotspots[index].info;
    return { location: info.location!, gainDbi10: info.gainDbi10, elevationM: info.elevationM };
  }

  /** The index of the radio the simulator rewards most in epoch 0 (so a test's operator surely earns). */
  bestRadio(): number {
    const s = this.sim(0);
    const r = computeEpoch(this.inputsFor(0, s.registry, WORLD_EMISSION, new Map()));
    let best = 0;
    let most = -1n;
    s.fleet.hotspots.forEach((h, i) => {
      const v = r.perEpochRewards.get(h.address)?.total ?? 0n;
      if (v > most) [best, most] = [i, v];
    });
    return best;
  }

  /** The maker onboards radio `index` for `owner`, at its simulated placement unless `unasserted`. */
  async onboard(index: number, owner: PublicKey, o: { unasserted?: boolean } = {}): Promise<PublicKey> {
    const device = hardwareKeypairOf(this.devices[index]);
    const p = o.unasserted ? { location: 0n, gainDbi10: 0, elevationM: 0 } : this.placement(index);
    await this.maker.client.onboardHotspot({ network: this.network, issuingKey: this.maker.issuingKey, owner, hardwareKey: this.devices[index].publicKey, consent: device, ...p });
    return this.devices[index].publicKey;
  }

  /** Moves the clock past the current epoch and cranks it closed; returns its number. */
  async closeEpoch(): Promise<bigint> {
    await endCurrentEpoch(this.chain, this.authority, this.network);
    const out = await this.authority.advanceEpoch(this.network);
    return out.epoch;
  }

  private inputsFor(epoch: number, hotspots: HotspotInfo[], emission: bigint, previousCumulative: ReadonlyMap<string, bigint>): EpochInputs {
    const s = this.sim(epoch);
    return {
      epoch,
      window: s.window,
      emission,
      config: epochConfig({ rules: s.config } as Parameters<typeof epochConfig>[0]),
      hotspots,
      entropy: s.entropy,
      reports: Array.from(s.reports(), (r) => ({ bytes: r.bytes, receivedAtMs: r.receivedAtMs })),
      previousCumulative,
    };
  }

  /**
   * The oracle's job for a closed epoch: the registry read back from the chain, the minted
   * emission, the previous epoch's cumulative amounts, the simulated reports → a bundle file.
   */
  async writeBundle(epoch: bigint): Promise<WorldBundle> {
    const account = await this.authority.epoch(this.network, epoch);
    const registry: HotspotInfo[] = (await this.authority.listHotspots({ network: this.network })).map(({ account: h }) => ({
      key: h.hardwareKey.toBase58(),
      owner: h.owner.toBase58(),
      location: h.location === 0n ? null : h.location.toString(16),
      gainDbi10: h.gainDbi10,
      elevationM: h.elevationM,
      onboardedAt: Number(h.onboardedAt),
      serial: Number(h.serial),
    }));
    const previous = this.bundles.get(epoch - 1n)?.result.cumulative ?? new Map<string, bigint>();
    const inputs = this.inputsFor(Number(epoch), registry, account.emission, previous);
    const path = join(this.chain.dir, `epoch-${epoch}.bundle`);
    writeFileSync(path, encodeBundle(inputs));
    const b = { epoch, path, inputs, result: computeEpoch(inputs) };
    this.bundles.set(epoch, b);
    return b;
  }

  /** `quorum` oracles vote the bundle's root through the client (the CLI's own votes are tested apart). */
  async activate(b: WorldBundle): Promise<void> {
    for (const oracle of this.oracles.slice(0, this.quorum)) {
      await this.oracleClient(oracle).postEpochRoot({
        network: this.network,
        epoch: b.epoch,
        merkleRoot: Buffer.from(b.result.merkleRoot!, "hex"),
        inputDigest: Buffer.from(b.result.inputDigest!, "hex"),
        totalCumulative: b.result.totalCumulative,
      });
    }
  }

  oracleClient(oracle: Keypair): HexpinClient {
    return new HexpinClient(this.chain.net.connection(), oracle);
  }

  /** Writes a keypair file in the world's folder. */
  keyFile(name: string, kp: Keypair): string {
    return writeKeypairFile(join(this.chain.dir, `${name}.json`), kp, true);
  }
}
