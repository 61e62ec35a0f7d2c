// The fleet the service benchmarks use: deterministic hardware keys (both the
// server process and the load generator derive them) and signed witness
// reports, each unique.

import { createHash } from "node:crypto";
import { HardwareKeypair, keypairFromSeed, signReport } from "@hexpin/sdk";
import type { HotspotInfo } from "../src/types";

export function benchKeypair(i: number): HardwareKeypair {
  return keypairFromSeed(createHash("sha256").update(`hexpin service bench hotspot ${i}`).digest());
}

export function benchRegistry(n: number): HotspotInfo[] {
  return Array.from({ length: n }, (_, i) => ({ key: benchKeypair(i).address, owner: benchKeypair(i).address, location: "8c283082a1b5dff", gainDbi10: 30, elevationM: 10, onboardedAt: 1_700_000_000, serial: i + 1 }));
}

/** `count` signed witness reports spread over `hotspots` keys, report i from key i mod hotspots. */
export function benchReports(count: number, hotspots: number, onProgress?: (done: number) => void): Uint8Array[] {
  const keys = Array.from({ length: hotspots }, (_, i) => benchKeypair(i));
  const out: Uint8Array[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const kp = keys[i % hotspots];
    const beaconer = keys[(i + 1) % hotspots];
    const payload = createHash("sha256").update(`beacon ${i}`).digest();
    out[i] = signReport({ kind: "witness", witnessKey: kp.publicKey, beaconerKey: beaconer.publicKey, payload, frequencyHz: 904_300_000, rssiDbm10: -900 - (i % 300), snrDb10: 50, timestampMs: 1_750_000_000_000 + i }, kp).bytes;
    if (onProgress && i % 5000 === 0) onProgress(i);
  }
  return out;
}
