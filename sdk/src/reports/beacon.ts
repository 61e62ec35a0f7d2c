// Beacon derivation: what a beacon must contain is a function of the oracle's
// entropy, the hotspot key and the device's local randomness. Nothing useful can be
// computed before the entropy is published, and because the local randomness is only
// revealed on air, nobody but a listener learns the payload before the beacon is sent.

import { createHash } from "node:crypto";
import { RegionPlan } from "./regions";

export const BEACON_PAYLOAD_DOMAIN = new TextEncoder().encode("hexpin-beacon-payload-v1");

export interface DerivedBeacon {
  payload: Uint8Array;
  /** index into the region's channel plan. */
  channelIndex: number;
  frequencyHz: number;
}

/** payload = sha256(domain ‖ entropyValue ‖ hotspotKey ‖ localEntropy); channel = u32le(payload[0..4]) mod channels. */
export function deriveBeacon(entropyValue: Uint8Array, hotspotKey: Uint8Array, localEntropy: Uint8Array, region: RegionPlan): DerivedBeacon {
  const payload = new Uint8Array(
    createHash("sha256").update(BEACON_PAYLOAD_DOMAIN).update(entropyValue).update(hotspotKey).update(localEntropy).digest(),
  );
  // 2^32 is a multiple of every plan size in use (8), so the modulo is unbiased.
  const u32 = (payload[0] | (payload[1] << 8) | (payload[2] << 16) | (payload[3] << 24)) >>> 0;
  const channelIndex = u32 % region.channelsHz.length;
  return { payload, channelIndex, frequencyHz: region.channelsHz[channelIndex] };
}

/** The highest conducted power (tenths of dBm) a hotspot with this asserted gain may declare. */
export function maxConductedPowerDbm10(region: RegionPlan, gainDbi10: number): number {
  return region.maxEirpDbm10 - gainDbi10;
}
