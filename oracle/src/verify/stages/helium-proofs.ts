// Stage "helium-proofs" (helium profile): Helium's runner (`Runner::verify_poc`,
// runner.rs; `Poc::verify_beacon` / `verify_witnesses`, poc.rs), one beacon at a
// time in helium-order's sequence, with its three per-hotspot timestamps carried
// in the epoch's state:
// 1. the beacon's checks (helium-checks.ts). An unasserted beaconer writes
//    nothing; otherwise last_beacon ← its receive time, valid or not (an upsert in
//    processing order, not a maximum), and a beacon that passed with at least one
//    witness report of its payload, of any outcome, sets last_beacon_recip. An invalid beacon gives
//    every report of its list its reason.
// 2. each witness report in list order: a hotspot's second and later reports are
//    duplicate_witness whatever the first one's outcome; otherwise Helium's checks.
//    A witness passing them sets its last_witness.
// 3. beacon reciprocity: the beaconer's last_witness must be < 48 h before the
//    beacon, else the beacon and its whole list are no_reciprocity; then each valid
//    witness's last_beacon_recip must be < 48 h before it.
// 4. selection: self-witnesses leave the proof; valid witnesses are selected in
//    list order, the first `maxWitnessesPerBeacon` by receive time when there are
//    more (first arrival); the others are not_selected. The beacon carries
//    Helium's HIP-15 units for its selected count (half-even, not hexpin's floor).
// Writes bFinal, rowReason, beacons, helium.{lastBeacon, lastBeaconRecip, lastWitness}, lastBeaconMs.

import type { ValidBeacon } from "../../types";
import { EpochWork, cmp } from "../epoch-work";
import { ACCEPTED, reasonId } from "../reasons";
import { HeliumReason, heliumRewardUnits, selectHeliumWitnesses, withinReciprocity } from "../profiles/helium-reference";
import { decimalToUnit } from "./helium-density";
import { heliumBeaconVerdict, heliumReasonCode, heliumWitnessVerdict } from "./helium-checks";
import { R } from "./reason-ids";

const known = (t: number): number | null => (Number.isFinite(t) ? t : null);

export function heliumProofs(w: EpochWork): void {
  const hw = w.helium;
  if (!hw) throw new Error("helium-proofs runs only under the helium profile (helium ingestion)");
  const cfg = w.cfg;
  const reg = w.reg;
  const region = cfg.region.name;
  const lastBeacon = Float64Array.from(w.lastBeaconBefore);
  const lastBeaconRecip = Float64Array.from(w.prior.lastBeaconRecipMs);
  const lastWitness = Float64Array.from(w.prior.lastWitnessMs);
  const wHot = w.wHot.view();
  const wRecv = w.wRecv.view();
  const wFreq = w.wFreq.view();
  const wRssi = w.wRssi.view();
  const beaconCode = (v: HeliumReason) => reasonId(heliumReasonCode(v, "beacon", "beaconer"));
  const beacons: ValidBeacon[] = [];

  for (const bi of hw.order) {
    const h = w.bHot[bi];
    const recv = w.bRecv[bi];
    const rows = hw.list.get(bi)!;
    const failAll = (code: number) => {
      w.bFinal[bi] = code;
      for (const r of rows) w.rowReason[r] = code;
    };
    const ent = w.entropyById.get(w.bEntropy[bi]);
    const entropyStartMs = ent ? ent.publishedAtMs : null;
    const entropyEndMs = ent ? ent.publishedAtMs + cfg.entropyLifespanMs : null;
    const pre = w.bReason[bi];
    if (pre === R.entropy) {
      // outside the epoch's window: not this epoch's report (hexpin's partition of reports into epochs)
      failAll(R.entropy);
      continue;
    }
    const v = heliumBeaconVerdict({
      asserted: pre !== R.unasserted,
      denied: pre === R.denied,
      entropyStartMs,
      entropyEndMs,
      receivedMs: recv,
      isFullHotspot: true,
      lastBeaconMs: known(lastBeacon[h]),
      beaconIntervalMs: cfg.beaconIntervalMs,
      payloadOk: hw.beaconPayloadOk[bi] === 1,
    });
    if (v === "NotAsserted") {
      failAll(beaconCode(v));
      continue;
    }
    lastBeacon[h] = recv;
    if (v !== "ok") {
      failAll(beaconCode(v));
      continue;
    }
    if (rows.some((r) => hw.rowOrphan[r] === 0)) lastBeaconRecip[h] = recv;

    const beaconer = reg.infos[h];
    const first = hw.first.get(bi)!;
    const seen = new Set<number>();
    const verdicts: (HeliumReason | "Valid")[] = new Array(rows.length);
    rows.forEach((r, k) => {
      const x = wHot[r];
      if (seen.has(x)) {
        verdicts[k] = "Duplicate";
        return;
      }
      seen.add(x);
      const witness = reg.infos[x];
      const verdict = heliumWitnessVerdict({
        witnessKey: witness.key,
        beaconerKey: beaconer.key,
        witnessLocation: witness.location,
        beaconerLocation: beaconer.location,
        witnessDenied: hw.rowDeny[r] === 1,
        edgeDenied: hw.rowDeny[r] === 2,
        entropyStartMs: entropyStartMs!,
        entropyEndMs: entropyEndMs!,
        beaconReceivedMs: recv,
        firstWitnessReceivedMs: first,
        receivedMs: wRecv[r],
        payloadMatches: hw.rowOrphan[r] === 0,
        isFullHotspot: true,
        beaconFrequencyHz: w.bFreq[bi],
        frequencyHz: wFreq[r],
        beaconerRegion: region,
        witnessRegion: region,
        rssiDbm10: wRssi[r],
        txPowerDbm: Math.trunc(w.bTx[bi] / 10),
        beaconerGainDbi10: beaconer.gainDbi10,
        witnessGainDbi10: witness.gainDbi10,
      });
      verdicts[k] = verdict === "ok" ? "Valid" : verdict;
      if (verdict === "ok") lastWitness[x] = wRecv[r];
    });

    if (!withinReciprocity(known(lastWitness[h]), recv)) {
      failAll(beaconCode("GatewayNoValidWitnesses"));
      continue;
    }
    rows.forEach((r, k) => {
      if (verdicts[k] === "Valid" && !withinReciprocity(known(lastBeaconRecip[wHot[r]]), wRecv[r])) verdicts[k] = "GatewayNoValidBeacons";
      const v = verdicts[k];
      w.rowReason[r] = v === "Valid" ? ACCEPTED : reasonId(heliumReasonCode(v, "witness", "witness"));
    });
    const { selected, unselected } = selectHeliumWitnesses(
      Array.from(rows, (r, k) => ({ id: String(k), receivedMs: wRecv[r], reason: verdicts[k] })),
      cfg.maxWitnessesPerBeacon,
    );
    for (const id of unselected) {
      const k = Number(id);
      if (verdicts[k] === "Valid") w.rowReason[rows[k]] = R.notSelected;
    }
    const keyOf = (k: string) => reg.keys[wHot[rows[Number(k)]]];
    const valid = rows.filter((_, k) => verdicts[k] === "Valid");
    beacons.push({
      beaconer: beaconer.key,
      beaconId: hw.beaconId[bi],
      receivedAtMs: recv,
      validWitnesses: Array.from(valid, (r) => reg.keys[wHot[r]]).sort(cmp),
      selectedWitnesses: selected.map(keyOf).sort(cmp),
      units: heliumUnits(selected.length),
    });
  }
  w.beacons = beacons.sort((a, b) => cmp(a.beaconId, b.beaconId));
  hw.lastBeacon = lastBeacon;
  hw.lastBeaconRecip = lastBeaconRecip;
  hw.lastWitness = lastWitness;
  w.lastBeaconMs = lastBeacon;
}

const unitsByCount: { beaconer: number; perWitness: number }[] = [];

/** Helium's HIP-15 units for W selected witnesses (the reference's, rounded half-even to 4 dp) in UNIT. */
export function heliumUnits(selected: number): { beaconer: number; perWitness: number } {
  return (unitsByCount[selected] ??= (() => {
    const u = heliumRewardUnits(selected);
    return { beaconer: decimalToUnit(u.beaconer), perWitness: decimalToUnit(u.perWitness) };
  })());
}
