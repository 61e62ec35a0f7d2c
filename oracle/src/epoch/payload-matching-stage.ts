// NOT the PoC verifier. A stand-in PoC stage with one rule — a witness counts
// when it quotes the payload of a beacon already seen — and full trust for
// every participant. It lets the settlement path (scores, allocation, Merkle)
// be specified and benchmarked on its own; the real rules are
// oracle/src/verify's PocVerifier.

import { keyToBase58 } from "@hexpin/sdk";
import type { ReceivedReport } from "../ingest/received";
import type { PocOutcome, ValidBeacon } from "../types";
import type { PocStage, PocStageFactory } from "./compute-epoch";

export const PAYLOAD_MATCHING_MAX_WITNESSES = 14;

export const payloadMatchingStage: PocStageFactory = () => {
  const beacons = new Map<string, ValidBeacon>();
  const trust: Record<string, number> = {};
  const keyNames = new Map<string, string>();
  const name = (raw: Uint8Array) => {
    const latin = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
    let k = keyNames.get(latin);
    if (k === undefined) keyNames.set(latin, (k = keyToBase58(raw)));
    return k;
  };
  let unmatched = 0;
  const stage: PocStage = {
    ingest({ report, receivedAtMs }: ReceivedReport) {
      if (report.kind === "beacon") {
        const id = Buffer.from(report.payload).toString("hex");
        const beaconer = name(report.hotspotKey);
        beacons.set(id, { beaconer, beaconId: id, receivedAtMs, validWitnesses: [], selectedWitnesses: [] });
        trust[beaconer] = 10_000;
      } else {
        const b = beacons.get(Buffer.from(report.payload).toString("hex"));
        if (!b) {
          unmatched++;
          return;
        }
        const w = name(report.witnessKey);
        b.validWitnesses.push(w);
        trust[w] = 10_000;
      }
    },
    finish(): PocOutcome {
      const out = [...beacons.values()].sort((a, b) => (a.beaconId < b.beaconId ? -1 : 1));
      for (const b of out) {
        b.validWitnesses = [...new Set(b.validWitnesses)].sort();
        b.selectedWitnesses = b.validWitnesses.slice(0, PAYLOAD_MATCHING_MAX_WITNESSES);
      }
      return { beacons: out, reasonCounts: unmatched > 0 ? { beacon_not_found: unmatched } : {}, trustBps: trust };
    },
  };
  return stage;
};
