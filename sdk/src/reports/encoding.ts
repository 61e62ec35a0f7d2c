// Canonical binary encoding of PoC reports, version 1.
//
// Every report is fixed-width and little-endian, so one report has exactly one
// encoding and signatures need no canonicalisation step. The first two bytes are
// the version and the type; the last 64 bytes are the ed25519 signature over
// `REPORT_SIGNING_DOMAIN ‖ body`, where body is everything before the signature.
//
// Beacon (type 1), 200 bytes:
//   off size field
//     0    1 version            = 1
//     1    1 type               = 1
//     2   32 hotspotKey         ed25519 public key of the beaconing hotspot
//    34    8 entropyId          u64, id of the EntropyRecord quoted
//    42   32 entropyValue       that record's 32 bytes
//    74   16 localEntropy       device randomness, hides the payload until it is on air
//    90   32 payload            sha256(BEACON_PAYLOAD_DOMAIN ‖ entropyValue ‖ hotspotKey ‖ localEntropy)
//   122    4 frequencyHz        u32, derived channel (see beacon.ts)
//   126    2 txPowerDbm10       i16, conducted power in tenths of dBm
//   128    8 timestampMs        u64, device clock (informational only)
//   136   64 signature
//
// Witness (type 2), 178 bytes:
//     0    1 version            = 1
//     1    1 type               = 2
//     2   32 witnessKey         ed25519 public key of the witnessing hotspot
//    34   32 beaconerKey        key the heard beacon claims
//    66   32 payload            payload as heard
//    98    4 frequencyHz        u32, frequency heard
//   102    2 rssiDbm10          i16, tenths of dBm
//   104    2 snrDb10            i16, tenths of dB
//   106    8 timestampMs        u64, device clock (informational only)
//   114   64 signature

import { ReportDecodeError, ReportDecodeErrorCode } from "./errors";

export const REPORT_VERSION_V1 = 1;
export const REPORT_TYPE_BEACON = 1;
export const REPORT_TYPE_WITNESS = 2;
/** Prefix of every signed message, so a report signature means nothing elsewhere. */
export const REPORT_SIGNING_DOMAIN = new TextEncoder().encode("hexpin-report-v1");

export const KEY_LEN = 32;
export const SIGNATURE_LEN = 64;
export const ENTROPY_VALUE_LEN = 32;
export const LOCAL_ENTROPY_LEN = 16;
export const PAYLOAD_LEN = 32;
export const BEACON_REPORT_LEN = 200;
export const WITNESS_REPORT_LEN = 178;

export interface BeaconReport {
  kind: "beacon";
  hotspotKey: Uint8Array;
  entropyId: number;
  entropyValue: Uint8Array;
  localEntropy: Uint8Array;
  payload: Uint8Array;
  frequencyHz: number;
  txPowerDbm10: number;
  timestampMs: number;
  signature: Uint8Array;
}

export interface WitnessReport {
  kind: "witness";
  witnessKey: Uint8Array;
  beaconerKey: Uint8Array;
  payload: Uint8Array;
  frequencyHz: number;
  rssiDbm10: number;
  snrDb10: number;
  timestampMs: number;
  signature: Uint8Array;
}

export type HexpinReport = BeaconReport | WitnessReport;
export type UnsignedBeaconReport = Omit<BeaconReport, "signature">;
export type UnsignedWitnessReport = Omit<WitnessReport, "signature">;
export type UnsignedReport = UnsignedBeaconReport | UnsignedWitnessReport;

/** The key of the hotspot that signed a report. */
export function reportSigner(r: UnsignedReport): Uint8Array {
  return r.kind === "beacon" ? r.hotspotKey : r.witnessKey;
}

function fail(code: ReportDecodeErrorCode, msg: string): never {
  throw new ReportDecodeError(code, msg);
}

function putBytes(out: Uint8Array, off: number, src: Uint8Array, len: number, name: string): void {
  if (src.length !== len) throw new RangeError(`${name} must be ${len} bytes, got ${src.length}`);
  out.set(src, off);
}

function checkInt(v: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
}

function putU64(dv: DataView, off: number, v: number, name: string): void {
  checkInt(v, 0, Number.MAX_SAFE_INTEGER, name);
  dv.setUint32(off, v % 0x1_0000_0000, true);
  dv.setUint32(off + 4, Math.floor(v / 0x1_0000_0000), true);
}

function getU64(dv: DataView, off: number, name: string): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  if (hi > 0x1f_ffff) fail(ReportDecodeErrorCode.ValueOutOfRange, `${name} exceeds 2^53-1`);
  return hi * 0x1_0000_0000 + lo;
}

/** Encodes a report; without a signature the last 64 bytes are zero (see `reportBody`). */
export function encodeReport(r: HexpinReport | UnsignedReport): Uint8Array {
  const sig = (r as HexpinReport).signature;
  if (r.kind === "beacon") {
    const out = new Uint8Array(BEACON_REPORT_LEN);
    const dv = new DataView(out.buffer);
    out[0] = REPORT_VERSION_V1;
    out[1] = REPORT_TYPE_BEACON;
    putBytes(out, 2, r.hotspotKey, KEY_LEN, "hotspotKey");
    putU64(dv, 34, r.entropyId, "entropyId");
    putBytes(out, 42, r.entropyValue, ENTROPY_VALUE_LEN, "entropyValue");
    putBytes(out, 74, r.localEntropy, LOCAL_ENTROPY_LEN, "localEntropy");
    putBytes(out, 90, r.payload, PAYLOAD_LEN, "payload");
    checkInt(r.frequencyHz, 0, 0xffff_ffff, "frequencyHz");
    dv.setUint32(122, r.frequencyHz, true);
    checkInt(r.txPowerDbm10, -0x8000, 0x7fff, "txPowerDbm10");
    dv.setInt16(126, r.txPowerDbm10, true);
    putU64(dv, 128, r.timestampMs, "timestampMs");
    if (sig) putBytes(out, 136, sig, SIGNATURE_LEN, "signature");
    return out;
  }
  const out = new Uint8Array(WITNESS_REPORT_LEN);
  const dv = new DataView(out.buffer);
  out[0] = REPORT_VERSION_V1;
  out[1] = REPORT_TYPE_WITNESS;
  putBytes(out, 2, r.witnessKey, KEY_LEN, "witnessKey");
  putBytes(out, 34, r.beaconerKey, KEY_LEN, "beaconerKey");
  putBytes(out, 66, r.payload, PAYLOAD_LEN, "payload");
  checkInt(r.frequencyHz, 0, 0xffff_ffff, "frequencyHz");
  dv.setUint32(98, r.frequencyHz, true);
  checkInt(r.rssiDbm10, -0x8000, 0x7fff, "rssiDbm10");
  dv.setInt16(102, r.rssiDbm10, true);
  checkInt(r.snrDb10, -0x8000, 0x7fff, "snrDb10");
  dv.setInt16(104, r.snrDb10, true);
  putU64(dv, 106, r.timestampMs, "timestampMs");
  if (sig) putBytes(out, 114, sig, SIGNATURE_LEN, "signature");
  return out;
}

/**
 * Decodes a v1 report. Byte-array fields are views into `bytes` (no copies), so
 * callers that keep them must not mutate the input. Throws `ReportDecodeError`
 * for anything that is not exactly one well-formed report.
 */
export function decodeReport(bytes: Uint8Array): HexpinReport {
  if (!(bytes instanceof Uint8Array)) fail(ReportDecodeErrorCode.Truncated, "report is not a byte array");
  if (bytes.length < 2) fail(ReportDecodeErrorCode.Truncated, `report has ${bytes.length} bytes, header needs 2`);
  if (bytes[0] !== REPORT_VERSION_V1) fail(ReportDecodeErrorCode.UnsupportedVersion, `unsupported report version ${bytes[0]}`);
  const type = bytes[1];
  const want = type === REPORT_TYPE_BEACON ? BEACON_REPORT_LEN : type === REPORT_TYPE_WITNESS ? WITNESS_REPORT_LEN : -1;
  if (want < 0) fail(ReportDecodeErrorCode.UnknownType, `unknown report type ${type}`);
  if (bytes.length < want) fail(ReportDecodeErrorCode.Truncated, `report type ${type} needs ${want} bytes, got ${bytes.length}`);
  if (bytes.length > want) fail(ReportDecodeErrorCode.TrailingBytes, `report type ${type} is ${want} bytes, got ${bytes.length}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === REPORT_TYPE_BEACON) {
    return {
      kind: "beacon",
      hotspotKey: bytes.subarray(2, 34),
      entropyId: getU64(dv, 34, "entropyId"),
      entropyValue: bytes.subarray(42, 74),
      localEntropy: bytes.subarray(74, 90),
      payload: bytes.subarray(90, 122),
      frequencyHz: dv.getUint32(122, true),
      txPowerDbm10: dv.getInt16(126, true),
      timestampMs: getU64(dv, 128, "timestampMs"),
      signature: bytes.subarray(136, 200),
    };
  }
  return {
    kind: "witness",
    witnessKey: bytes.subarray(2, 34),
    beaconerKey: bytes.subarray(34, 66),
    payload: bytes.subarray(66, 98),
    frequencyHz: dv.getUint32(98, true),
    rssiDbm10: dv.getInt16(102, true),
    snrDb10: dv.getInt16(104, true),
    timestampMs: getU64(dv, 106, "timestampMs"),
    signature: bytes.subarray(114, 178),
  };
}

/** The signed part of an encoded report: every byte before the signature. */
export function reportBody(encoded: Uint8Array): Uint8Array {
  return encoded.subarray(0, encoded.length - SIGNATURE_LEN);
}

/** The exact message an ed25519 signature covers: domain ‖ body. */
export function signingMessage(body: Uint8Array): Uint8Array {
  const msg = new Uint8Array(REPORT_SIGNING_DOMAIN.length + body.length);
  msg.set(REPORT_SIGNING_DOMAIN, 0);
  msg.set(body, REPORT_SIGNING_DOMAIN.length);
  return msg;
}
