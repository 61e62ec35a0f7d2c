// The stage registry: every name a rule profile (../profile.ts) may list, and the
// one function that implements it.

import type { EpochWork, ReleasableColumn } from "../epoch-work";
import { scheduleBeacons } from "./schedule-beacons";
import { groupWitnessRows } from "./group-witness-rows";
import { applyLinkRules } from "./link-rules";
import { calibrateEpoch, calibrateHardened } from "./calibrate";
import { rejectStrongerThanModel } from "./model-ceiling";
import { checkBeaconGeometry } from "./beacon-geometry";
import { flagLinkBias } from "./link-bias";
import { applyReciprocity } from "./reciprocity";
import { buildLinkTable } from "./link-table";
import { updateWitnessGraph } from "./witness-graph";
import { detectSharedRadios } from "./shared-radios";
import { classifyIndependence } from "./independence";
import { verifyBeacons } from "./verify-beacons";
import { estimateRadios } from "./estimate-radios";
import { trustFromEvidence, trustFromPenalties } from "./trust";
import { selectIndependentWitnesses, selectWitnessesStage } from "./select-witnesses";
import { writeVerdicts } from "./verdicts";
import { buildNextState } from "./next-state";
import { heliumOrder } from "./helium-order";
import { heliumProofs } from "./helium-proofs";
import { heliumTrust } from "./helium-trust";
import { heliumNextState } from "./helium-next-state";
import { heliumDensity } from "./helium-density";

export const STAGES = {
  "schedule-beacons": scheduleBeacons,
  "group-witness-rows": groupWitnessRows,
  "link-rules": applyLinkRules,
  "calibrate-epoch": calibrateEpoch,
  "calibrate-hardened": calibrateHardened,
  "model-ceiling": rejectStrongerThanModel,
  "beacon-geometry": checkBeaconGeometry,
  "link-bias": flagLinkBias,
  reciprocity: applyReciprocity,
  "link-table": buildLinkTable,
  "witness-graph": updateWitnessGraph,
  "shared-radios": detectSharedRadios,
  independence: classifyIndependence,
  "verify-beacons": verifyBeacons,
  "estimate-radios": estimateRadios,
  "trust-from-penalties": trustFromPenalties,
  "trust-from-evidence": trustFromEvidence,
  "select-witnesses": selectWitnessesStage,
  "select-independent-witnesses": selectIndependentWitnesses,
  verdicts: writeVerdicts,
  "next-state": buildNextState,
  "helium-order": heliumOrder,
  "helium-proofs": heliumProofs,
  "helium-trust": heliumTrust,
  "helium-density": heliumDensity,
  "helium-next-state": heliumNextState,
} satisfies Record<string, (w: EpochWork) => void>;

export type StageName = keyof typeof STAGES;

/**
 * The per-row columns big enough to matter at 10M+ witness rows, and the stages that
 * read each. PocVerifier.finish() releases a column once no remaining stage of the
 * profile reads it (EpochWork.release: a later read throws instead of seeing zeros),
 * so the epoch's peak memory is not the sum of every stage's inputs. A stage that
 * starts reading one of these must be added here; the order tests run every profile.
 */
export const RELEASABLE_READERS: Readonly<Record<ReleasableColumn, readonly StageName[]>> = {
  wGroup: ["group-witness-rows", "helium-order"],
  wRecv: ["group-witness-rows", "link-rules", "helium-order", "helium-proofs"],
  wFreq: ["group-witness-rows", "link-rules", "helium-order", "helium-proofs"],
  wRssi: ["group-witness-rows", "link-rules", "link-table", "helium-order", "helium-proofs"],
  rowDist: ["link-rules", "beacon-geometry", "link-bias", "link-table"],
  rowY10: ["link-rules", "calibrate-epoch", "calibrate-hardened", "beacon-geometry", "link-bias", "link-table"],
};
