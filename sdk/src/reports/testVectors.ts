// Test vectors for the report protocol: fixed seeds → keys → canonical bytes →
// signatures, plus malformed inputs with their decode error codes. Devices written
// in other languages should reproduce `vectors.json` byte for byte.
//
// Regenerate (only when the protocol version changes):
//   npx ts-node -T sdk/src/reports/testVectors.ts > sdk/src/reports/vectors.json

import { createHash } from "node:crypto";
import { keypairFromSeed } from "./keys";
import { signReport } from "./signing";
import { deriveBeacon } from "./beacon";
import { US915, EU868, RegionPlan } from "./regions";
import { ReportDecodeErrorCode } from "./errors";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const seeded = (label: string, len: number) => new Uint8Array(createHash("sha256").update(label).digest().subarray(0, len));

export interface ValidVector {
  name: string;
  seedHex: string;
  publicKeyHex: string;
  publicKeyBase58: string;
  region?: string;
  fields: Record<string, string | number>;
  bytesHex: string;
  signatureHex: string;
}

export interface InvalidVector {
  name: string;
  bytesHex: string;
  errorCode: number;
}

export interface ReportVectors {
  signingDomain: string;
  valid: ValidVector[];
  invalid: InvalidVector[];
}

export function generateReportVectors(): ReportVectors {
  const valid: ValidVector[] = [];
  const beaconerSeed = seeded("hexpin vector beaconer", 32);
  const witnessSeed = seeded("hexpin vector witness", 32);
  const beaconer = keypairFromSeed(beaconerSeed);
  const witness = keypairFromSeed(witnessSeed);
  const entropyValue = seeded("hexpin vector entropy", 32);
  const localEntropy = seeded("hexpin vector local entropy", 16);
  const regions: RegionPlan[] = [US915, EU868];
  for (const region of regions) {
    const d = deriveBeacon(entropyValue, beaconer.publicKey, localEntropy, region);
    const txPowerDbm10 = region === US915 ? 270 : 140;
    const b = signReport(
      { kind: "beacon", hotspotKey: beaconer.publicKey, entropyId: 312_456_789, entropyValue, localEntropy, payload: d.payload, frequencyHz: d.frequencyHz, txPowerDbm10, timestampMs: 1_735_689_600_123 },
      beaconer,
    );
    valid.push({
      name: `beacon ${region.name}`,
      seedHex: hex(beaconerSeed),
      publicKeyHex: hex(beaconer.publicKey),
      publicKeyBase58: beaconer.address,
      region: region.name,
      fields: { entropyId: 312_456_789, entropyValueHex: hex(entropyValue), localEntropyHex: hex(localEntropy), payloadHex: hex(d.payload), channelIndex: d.channelIndex, frequencyHz: d.frequencyHz, txPowerDbm10, timestampMs: 1_735_689_600_123 },
      bytesHex: hex(b.bytes),
      signatureHex: hex(b.bytes.subarray(b.bytes.length - 64)),
    });
    const w = signReport(
      { kind: "witness", witnessKey: witness.publicKey, beaconerKey: beaconer.publicKey, payload: d.payload, frequencyHz: d.frequencyHz, rssiDbm10: -1073, snrDb10: -55, timestampMs: 1_735_689_600_456 },
      witness,
    );
    valid.push({
      name: `witness ${region.name}`,
      seedHex: hex(witnessSeed),
      publicKeyHex: hex(witness.publicKey),
      publicKeyBase58: witness.address,
      region: region.name,
      fields: { beaconerKeyHex: hex(beaconer.publicKey), payloadHex: hex(d.payload), frequencyHz: d.frequencyHz, rssiDbm10: -1073, snrDb10: -55, timestampMs: 1_735_689_600_456 },
      bytesHex: hex(w.bytes),
      signatureHex: hex(w.bytes.subarray(w.bytes.length - 64)),
    });
  }
  const beaconBytes = Buffer.from(valid[0].bytesHex, "hex");
  const witnessBytes = Buffer.from(valid[1].bytesHex, "hex");
  const withByte = (b: Buffer, i: number, v: number) => {
    const c = Buffer.from(b);
    c[i] = v;
    return c.toString("hex");
  };
  const hugeTimestamp = Buffer.from(beaconBytes);
  hugeTimestamp.writeUInt32LE(0xffff_ffff, 132);
  const invalid: InvalidVector[] = [
    { name: "empty", bytesHex: "", errorCode: ReportDecodeErrorCode.Truncated },
    { name: "header only", bytesHex: "0101", errorCode: ReportDecodeErrorCode.Truncated },
    { name: "beacon missing last byte", bytesHex: beaconBytes.subarray(0, beaconBytes.length - 1).toString("hex"), errorCode: ReportDecodeErrorCode.Truncated },
    { name: "witness with trailing byte", bytesHex: Buffer.concat([witnessBytes, Buffer.from([0])]).toString("hex"), errorCode: ReportDecodeErrorCode.TrailingBytes },
    { name: "version 0", bytesHex: withByte(beaconBytes, 0, 0), errorCode: ReportDecodeErrorCode.UnsupportedVersion },
    { name: "version 2", bytesHex: withByte(beaconBytes, 0, 2), errorCode: ReportDecodeErrorCode.UnsupportedVersion },
    { name: "type 3", bytesHex: withByte(beaconBytes, 1, 3), errorCode: ReportDecodeErrorCode.UnknownType },
    { name: "beacon bytes labelled witness", bytesHex: withByte(beaconBytes, 1, 2), errorCode: ReportDecodeErrorCode.TrailingBytes },
    { name: "timestamp above 2^53", bytesHex: hugeTimestamp.toString("hex"), errorCode: ReportDecodeErrorCode.ValueOutOfRange },
  ];
  return { signingDomain: "hexpin-report-v1", valid, invalid };
}

if (require.main === module) {
  process.stdout.write(JSON.stringify(generateReportVectors(), null, 2) + "\n");
}
