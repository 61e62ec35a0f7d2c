// Helium's beacon construction (helium/proto `beacon` crate, `Beacon::new`, as pinned
// by helium/oracles@824f7724) and the IoT verifier's payload check
// (`verify_beacon_payload`), for the decision-exact Helium profile.
//
// seed  = sha256(remote entropy ‖ entropy start, whole seconds, i64 LE ‖ local entropy ‖ 0 i64 LE)
// data  = 51 bytes, each the low byte of the next u32 of ChaCha12(seed) (rand 0.8's
//         `Standard` u8 samples a whole u32; rand_chacha 0.3: 64-bit counter, stream 0)
// freq  = region params[u16 LE(data[0..2]) % n].channel_frequency
// rate  = first tagged spreading (of the first channel) whose max packet size fits 51
//         bytes, with the first channel's bandwidth: e.g. "SF12BW125"
// power = trunc(max EIRP over channels − asserted gain) in dBm; a negative difference
//         (gain above the max EIRP, even by 0.1 dB) fails generation
//
// The beaconer's key is not an input: the payload depends only on the entropies.

import { createHash } from "node:crypto";
import { HeliumDecimal } from "./helium-decimal";

export const HELIUM_BEACON_PAYLOAD_SIZE = 51;

export interface HeliumRegionParam {
  channelFrequencyHz: number;
  bandwidthHz: number;
  /** tenths of dBm */
  maxEirpDbm10: number;
  /** [RegionSpreading enum, max packet size] in stored order */
  spreading: [number, number][];
}

export class RegionParamsDecodeError extends Error {
  constructor(why: string) {
    super(`region params are not a BlockchainRegionParamsV1: ${why}`);
    this.name = "RegionParamsDecodeError";
  }
}

type Field = { n: number; varint?: bigint; bytes?: Uint8Array };

function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= b.length) throw new RegionParamsDecodeError("truncated varint");
      const x = b[i++];
      v |= BigInt(x & 0x7f) << shift;
      if ((x & 0x80) === 0) return v;
      shift += 7n;
      if (shift > 63n) throw new RegionParamsDecodeError("varint too long");
    }
  };
  while (i < b.length) {
    const key = varint();
    const n = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) out.push({ n, varint: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > b.length) throw new RegionParamsDecodeError("truncated field");
      out.push({ n, bytes: b.subarray(i, i + len) });
      i += len;
    } else throw new RegionParamsDecodeError(`unsupported wire type ${wire}`);
  }
  return out;
}

/** Decodes a protobuf `BlockchainRegionParamsV1` into its channel list. */
export function decodeRegionParams(bytes: Uint8Array): HeliumRegionParam[] {
  return fields(bytes)
    .filter((f) => f.n === 1 && f.bytes)
    .map((f) => {
      const p: HeliumRegionParam = { channelFrequencyHz: 0, bandwidthHz: 0, maxEirpDbm10: 0, spreading: [] };
      for (const g of fields(f.bytes!)) {
        if (g.n === 1 && g.varint !== undefined) p.channelFrequencyHz = Number(g.varint);
        else if (g.n === 2 && g.varint !== undefined) p.bandwidthHz = Number(g.varint);
        else if (g.n === 3 && g.varint !== undefined) p.maxEirpDbm10 = Number(g.varint);
        else if (g.n === 4 && g.bytes) {
          for (const t of fields(g.bytes)) {
            if (!t.bytes) continue;
            const tag: [number, number] = [0, 0];
            for (const x of fields(t.bytes)) {
              if (x.n === 1 && x.varint !== undefined) tag[0] = Number(x.varint);
              if (x.n === 2 && x.varint !== undefined) tag[1] = Number(x.varint);
            }
            p.spreading.push(tag);
          }
        }
      }
      return p;
    });
}

const rotl = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;

/** One ChaCha block (`rounds` rounds) for a 256-bit key, 64-bit block counter and stream 0. */
function chachaBlock(key: Uint32Array, counter: bigint, rounds: number): Uint32Array {
  const s = new Uint32Array(16);
  s.set([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
  s.set(key, 4);
  s[12] = Number(counter & 0xffffffffn);
  s[13] = Number(counter >> 32n);
  const x = Uint32Array.from(s);
  const qr = (a: number, b: number, c: number, d: number) => {
    x[a] = (x[a] + x[b]) >>> 0;
    x[d] = rotl(x[d] ^ x[a], 16);
    x[c] = (x[c] + x[d]) >>> 0;
    x[b] = rotl(x[b] ^ x[c], 12);
    x[a] = (x[a] + x[b]) >>> 0;
    x[d] = rotl(x[d] ^ x[a], 8);
    x[c] = (x[c] + x[d]) >>> 0;
    x[b] = rotl(x[b] ^ x[c], 7);
  };
  for (let r = 0; r < rounds; r += 2) {
    qr(0, 4, 8, 12);
    qr(1, 5, 9, 13);
    qr(2, 6, 10, 14);
    qr(3, 7, 11, 15);
    qr(0, 5, 10, 15);
    qr(1, 6, 11, 12);
    qr(2, 7, 8, 13);
    qr(3, 4, 9, 14);
  }
  for (let i = 0; i < 16; i++) x[i] = (x[i] + s[i]) >>> 0;
  return x;
}

/** The first `n` u32 outputs of rand_chacha's ChaCha12Rng seeded with `seed`. */
export function chacha12U32s(seed: Uint8Array, n: number): number[] {
  if (seed.length !== 32) throw new RangeError("ChaCha12 seed must be 32 bytes");
  const key = new Uint32Array(8);
  const dv = new DataView(seed.buffer, seed.byteOffset, 32);
  for (let i = 0; i < 8; i++) key[i] = dv.getUint32(4 * i, true);
  const out: number[] = [];
  for (let block = 0n; out.length < n; block++) out.push(...chachaBlock(key, block, 12));
  return out.slice(0, n);
}

const SPREADING_NAMES = ["SF_INVALID", "SF7", "SF8", "SF9", "SF10", "SF11", "SF12"];

export interface HeliumBeaconInputs {
  remoteEntropy: Uint8Array;
  /** entropy report time; only its whole seconds enter the seed */
  entropyStartMs: number;
  entropyVersion: number;
  localEntropy: Uint8Array;
  regionParams: readonly HeliumRegionParam[];
  /** the beaconer's asserted gain, tenths of dBi */
  gainDbi10: number;
}

export interface HeliumBeacon {
  payload: Uint8Array;
  frequencyHz: number;
  datarate: string;
  conductedPowerDbm: number;
}

export type HeliumBeaconError = "invalid_version" | "no_region_params" | "no_region_spreading_for_size" | "unsupported_region_spreading" | "invalid_conducted_power";

function i64le(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(v);
  return b;
}

/** `Beacon::new`: the beacon a hotspot must have sent for these entropies, or why none exists. */
export function generateHeliumBeacon(i: HeliumBeaconInputs): HeliumBeacon | { error: HeliumBeaconError } {
  if (i.entropyVersion !== 0 && i.entropyVersion !== 1) return { error: "invalid_version" };
  if (i.regionParams.length === 0) return { error: "no_region_params" };
  const seconds = BigInt(Math.floor(i.entropyStartMs / 1000));
  const seed = createHash("sha256").update(i.remoteEntropy).update(i64le(seconds)).update(i.localEntropy).update(i64le(0n)).digest();
  const payload = Uint8Array.from(chacha12U32s(seed, HELIUM_BEACON_PAYLOAD_SIZE), (w) => w & 0xff);
  const freqSeed = payload[0] | (payload[1] << 8);
  const frequencyHz = i.regionParams[freqSeed % i.regionParams.length].channelFrequencyHz;
  const first = i.regionParams[0];
  const tag = first.spreading.find(([, max]) => max >= payload.length);
  if (!tag) return { error: "no_region_spreading_for_size" };
  const name = SPREADING_NAMES[tag[0]];
  if (!name) return { error: "unsupported_region_spreading" };
  const datarate = `${name}BW${Math.floor(first.bandwidthHz / 1000)}`;
  const maxEirp = Math.max(...i.regionParams.map((p) => p.maxEirpDbm10));
  // rust_decimal's trunc keeps the sign (-0.9 → -0), and to_u32 refuses any negative
  const headroom = HeliumDecimal.of(maxEirp, 1).sub(HeliumDecimal.of(i.gainDbi10, 1));
  if (headroom.isNegative()) return { error: "invalid_conducted_power" };
  return { payload, frequencyHz, datarate, conductedPowerDbm: Number(headroom.truncToU64()) };
}

export interface ReportedHeliumBeacon {
  payload: Uint8Array;
  frequencyHz: number;
  datarate: string;
  /** reported, but never compared: Helium disabled the conducted-power check */
  txPowerDbm: number;
}

/** `verify_beacon_payload`: ok, or InvalidPacket when generation fails or data/frequency/datarate differ. */
export function verifyHeliumBeaconPayload(i: HeliumBeaconInputs, reported: ReportedHeliumBeacon): "ok" | "InvalidPacket" {
  const g = generateHeliumBeacon(i);
  if ("error" in g) return "InvalidPacket";
  const same = g.payload.length === reported.payload.length && g.payload.every((x, k) => x === reported.payload[k]);
  return same && g.frequencyHz === reported.frequencyHz && g.datarate === reported.datarate ? "ok" : "InvalidPacket";
}
