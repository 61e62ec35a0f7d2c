// Operator-friendly hotspot parameters: `--location` as an H3 resolution-12 cell (hex) or
// `lat,lng` in degrees, `--gain` in dBi with one decimal, `--elevation` in whole metres.
import { getResolution, isValidCell, latLngToCell } from "h3-js";
import { LIMITS } from "../constants";
import { InvalidInputError } from "../client";

/** The H3 cell as the program stores it (u64), or 0n for "unasserted". */
export function parseLocation(v: string | undefined): bigint {
  if (v === undefined || v === "" || v === "0") return 0n;
  const latLng = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v);
  if (latLng) {
    const [lat, lng] = [Number(latLng[1]), Number(latLng[2])];
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new InvalidInputError(`The location ${v} is not a latitude,longitude pair in degrees.`);
    return BigInt("0x" + latLngToCell(lat, lng, LIMITS.locationResolution));
  }
  const hex = v.trim().toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{1,16}$/.test(hex) || !isValidCell(hex) || getResolution(hex) !== LIMITS.locationResolution) {
    throw new InvalidInputError(`The location ${v} is neither an H3 resolution-${LIMITS.locationResolution} cell nor "lat,lng".`);
  }
  return BigInt("0x" + hex);
}

export function formatLocation(cell: bigint): string | null {
  return cell === 0n ? null : cell.toString(16);
}

/** dBi with at most one decimal → tenths of dBi, range-checked. */
export function parseGain(v: string | number | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  const tenths = Math.round(n * 10);
  if (!Number.isFinite(n) || Math.abs(n * 10 - tenths) > 1e-9 || tenths < LIMITS.gainDbi10.min || tenths > LIMITS.gainDbi10.max) {
    throw new InvalidInputError(`The antenna gain ${v} must be 0 to ${LIMITS.gainDbi10.max / 10} dBi with at most one decimal.`);
  }
  return tenths;
}

export function parseElevation(v: string | number | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < LIMITS.elevationM.min || n > LIMITS.elevationM.max) {
    throw new InvalidInputError(`The elevation ${v} must be whole metres from ${LIMITS.elevationM.min} to ${LIMITS.elevationM.max}.`);
  }
  return n;
}
