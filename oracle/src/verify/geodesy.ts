// Distances and free-space path loss, quantised where they meet a decision
// boundary. Only +, -, *, /, sqrt and V8's fdlibm-derived sin/cos/atan2/log10 are
// used; those give the same bits on every machine for the same inputs, and the
// inputs themselves come from H3 cell centres, so rule outcomes are reproducible.

import { gridDistance } from "h3-js";

export const EARTH_RADIUS_M = 6_371_000;
export const SPEED_OF_LIGHT_M_S = 299_792_458;

/** Great-circle distance in whole metres (rounded), between points given in radians. */
export function greatCircleM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const s1 = Math.sin((lat2 - lat1) / 2);
  const s2 = Math.sin((lng2 - lng1) / 2);
  const h = s1 * s1 + Math.cos(lat1) * Math.cos(lat2) * s2 * s2;
  return Math.round(2 * EARTH_RADIUS_M * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)));
}

/**
 * Free-space path loss in tenths of dB, floored (the lenient direction: a lower
 * loss allows a stronger signal), for a distance of at least 1 m.
 */
export function fsplDb10(distanceM: number, frequencyHz: number): number {
  const d = distanceM < 1 ? 1 : distanceM;
  return Math.floor(200 * Math.log10((4 * Math.PI * d * frequencyHz) / SPEED_OF_LIGHT_M_S));
}

/**
 * H3 grid distance between two cells of the same resolution; `Infinity` when H3
 * cannot compute it (across a pentagon or too far), which callers treat as "far".
 */
export function cellGridDistance(a: string, b: string): number {
  try {
    return gridDistance(a, b);
  } catch {
    return Infinity;
  }
}
