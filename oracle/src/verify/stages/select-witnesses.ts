// Stages "select-witnesses" and "select-independent-witnesses": which valid
// witnesses of each still-accepted beacon are rewarded (at most
// maxWitnessesPerBeacon, by lowest selection score; see ../selection.ts for the
// seeds), and the outcome's beacon list. Beacons rejected by a late stage pass
// their reason to their remaining witnesses first.
//
// - select-witnesses: every valid witness is eligible.
// - select-independent-witnesses (hexpin): a witness that is not independent of
//   the beaconer is `witness_not_independent`, one without trust
//   `witness_unverified`; the rest are eligible.
// Writes beacons; updates rowReason (not_selected and the above).

import type { ValidBeacon } from "../../types";
import { ACCEPTED } from "../reasons";
import { EpochWork, cmp } from "../epoch-work";
import { closingSeed, laterEntropySeed, laterSelectionDigests, lowestPackedDigests, lowestScores, selectionScore } from "../selection";
import { R } from "./reason-ids";

export function selectWitnessesStage(w: EpochWork): void {
  select(w, false);
}

export function selectIndependentWitnesses(w: EpochWork): void {
  select(w, true);
}

function select(w: EpochWork, independentOnly: boolean): void {
  const cfg = w.cfg;
  const reg = w.reg;
  const wHot = w.wHot.view();
  const closing = closingSeed(w.entropyByTime);
  const beacons: ValidBeacon[] = [];
  // reused across beacons: ~10M digests an epoch leave no garbage
  let scratchRows = new Uint32Array(64);
  let scratchDigests = new Uint8Array(32 * 64);
  for (let g = 0; g < w.gAccepted.length; g++) {
    const bi = w.gAccepted[g];
    if (bi < 0) continue;
    const rs = w.rowsOf(g);
    if (w.bFinal[bi] !== ACCEPTED) {
      for (const r of rs) if (w.rowReason[r] === ACCEPTED) w.rowReason[r] = w.bFinal[bi];
      continue;
    }
    const b = w.bHot[bi];
    const eligible: number[] = []; // ascending witness index = key order
    for (const r of rs) {
      if (w.rowReason[r] !== ACCEPTED) continue;
      if (independentOnly) {
        const p = w.links!.rowPair[r];
        if (p < 0 || !w.links!.independent[p]) {
          w.rowReason[r] = R.notIndependent;
          continue;
        }
        if (w.trust[wHot[r]] <= 0) {
          w.rowReason[r] = R.unverified;
          continue;
        }
      }
      eligible.push(r);
    }
    const ent = w.entropyById.get(w.bEntropy[bi])!;
    const validWitnesses = eligible.map((r) => reg.keys[wHot[r]]);
    let selectedWitnesses = validWitnesses;
    if (eligible.length > cfg.maxWitnessesPerBeacon) {
      let chosen: number[];
      if (cfg.selectionSeed === "later-entropy") {
        const seed = laterEntropySeed(w.entropyByTime, w.bRecv[bi], cfg.witnessMaxAfterBeaconMs, closing);
        if (scratchRows.length < eligible.length) {
          scratchRows = new Uint32Array(2 * eligible.length);
          scratchDigests = new Uint8Array(64 * eligible.length);
        }
        const rows = scratchRows.subarray(0, eligible.length);
        for (let k = 0; k < eligible.length; k++) rows[k] = wHot[eligible[k]];
        laterSelectionDigests(seed, reg.rawKeys[b], ent.id, reg.packedKeys, rows, scratchDigests);
        chosen = lowestPackedDigests(scratchDigests, eligible.length, cfg.maxWitnessesPerBeacon);
      } else {
        chosen = lowestScores(eligible.map((r) => selectionScore(ent.value, w.bId[bi]!, reg.rawKeys[wHot[r]])), cfg.maxWitnessesPerBeacon);
      }
      const isChosen = new Uint8Array(eligible.length);
      for (const k of chosen) isChosen[k] = 1;
      for (let k = 0; k < eligible.length; k++) if (!isChosen[k]) w.rowReason[eligible[k]] = R.notSelected;
      selectedWitnesses = validWitnesses.filter((_, k) => isChosen[k] === 1);
    }
    beacons.push({ beaconer: reg.keys[b], beaconId: w.bIdHex[bi], receivedAtMs: w.bRecv[bi], validWitnesses, selectedWitnesses });
  }
  beacons.sort((a, b) => cmp(a.beaconId, b.beaconId));
  w.beacons = beacons;
}
