// JSON schemas of the API (TypeBox), shared by validation and the generated
// OpenAPI document. Amounts are decimal strings (u64 does not fit a JSON number).

import { Static, Type } from "@sinclair/typebox";

const Hex32 = Type.String({ pattern: "^[0-9a-f]{64}$", description: "32 bytes, lowercase hex" });
const Amount = Type.String({ pattern: "^[0-9]+$", description: "token base units, decimal" });

export const IntakeAck = Type.Object(
  {
    epoch: Type.Integer(),
    receivedAtMs: Type.Integer({ description: "the oracle's receive time, unix ms; the only time the PoC rules use" }),
    stored: Type.Integer({ description: "reports newly stored" }),
    duplicates: Type.Integer({ description: "reports already stored before (idempotent redelivery)" }),
    reports: Type.Array(Type.Object({ hash: Hex32, status: Type.Union([Type.Literal("stored"), Type.Literal("duplicate")]) })),
  },
  { $id: "IntakeAck" },
);

export const EntropyBody = Type.Object(
  {
    id: Type.Integer({ description: "entropy id to quote in beacons" }),
    valueHex: Hex32,
    publishedAtMs: Type.Integer(),
  },
  { $id: "Entropy" },
);

export const EpochSummary = Type.Object(
  {
    epoch: Type.Integer(),
    state: Type.String({ enum: ["open", "frozen", "computed", "voted", "active", "served", "disputed"] }),
    startMs: Type.Integer(),
    endMs: Type.Integer(),
    reports: Type.Union([Type.Integer(), Type.Null()]),
    emission: Type.Union([Amount, Type.Null()]),
    inputDigest: Type.Union([Hex32, Type.Null()]),
    merkleRoot: Type.Union([Hex32, Type.Null()]),
    totalCumulative: Type.Union([Amount, Type.Null()]),
    paid: Type.Union([Amount, Type.Null()]),
    unallocated: Type.Union([Amount, Type.Null()]),
    bundleUrl: Type.Union([Type.String(), Type.Null()]),
    disputeReason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "EpochSummary" },
);

export const EpochDetail = Type.Intersect(
  [
    Type.Ref("EpochSummary"),
    Type.Object({
      voteSignature: Type.Union([Type.String(), Type.Null()]),
      chain: Type.Union([Type.Object({}, { additionalProperties: true, description: "votes and proposals last seen on chain" }), Type.Null()]),
      result: Type.Union([Type.Object({}, { additionalProperties: true, description: "rejections by reason, rewarded hotspots, valid beacons" }), Type.Null()]),
    }),
  ],
  { $id: "EpochDetail" },
);

export const EpochParams = Type.Object({ n: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) });
export type EpochParams = Static<typeof EpochParams>;

export const EpochListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  before: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type EpochListQuery = Static<typeof EpochListQuery>;

export const DigestParams = Type.Object({ digest: Hex32 });
export type DigestParams = Static<typeof DigestParams>;

export const HotspotParams = Type.Object({ hotspot: Type.String({ pattern: "^[1-9A-HJ-NP-Za-km-z]{32,44}$", description: "base58 hardware key" }) });
export type HotspotParams = Static<typeof HotspotParams>;

export const RewardProof = Type.Object(
  {
    hotspot: Type.String(),
    rewardId: Type.String({ description: "the leaf's key: base58 hardware key (and serial, once leaves are per life)" }),
    epoch: Type.Integer({ description: "epoch of the latest active root" }),
    merkleRoot: Hex32,
    inputDigest: Hex32,
    cumulative: Amount,
    proof: Type.Array(Hex32, { description: "sibling hashes, leaf to root: `claim_rewards`' proof argument" }),
  },
  { $id: "RewardProof" },
);

export const CoverageQuery = Type.Object({
  bbox: Type.String({ pattern: "^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$", description: "minLng,minLat,maxLng,maxLat" }),
  epoch: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 10000 })),
});
export type CoverageQuery = Static<typeof CoverageQuery>;
