// Hotspot records for tests and fixtures: deterministic keys from labels and
// res-12 locations from coordinates.

import { createHash } from "node:crypto";
import { latLngToCell } from "h3-js";
import type { HotspotInfo } from "../types";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const bs58: { encode(bytes: Uint8Array): string } = require("bs58");

export function keyFromLabel(label: string): string {
  return bs58.encode(createHash("sha256").update(`hexpin test hotspot ${label}`).digest());
}

export function hotspotAt(label: string, lat: number, lng: number, overrides: Partial<HotspotInfo> = {}): HotspotInfo {
  return {
    key: keyFromLabel(label),
    owner: keyFromLabel(`owner of ${label}`),
    location: latLngToCell(lat, lng, 12),
    gainDbi10: 12,
    elevationM: 10,
    onboardedAt: 1_700_000_000,
    serial: 1,
    ...overrides,
  };
}

export function fullTrust(hotspots: readonly HotspotInfo[]): Record<string, number> {
  return Object.fromEntries(hotspots.map((h) => [h.key, 10_000]));
}
