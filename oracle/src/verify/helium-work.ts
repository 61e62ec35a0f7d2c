// What the `helium` profile's stages share beyond EpochWork (see profile.ts and
// stages/helium-*.ts): per-report facts kept at ingestion, the processing order,
// and Helium's three per-hotspot timestamps as the epoch moves them.
//
// Indices are EpochWork's: beacons by ingestion index, witness rows by
// ingestion, groups by first sighting; no decision depends on those orders.

export class HeliumWork {
  // ---- ingestion
  /** per beacon: 1 when payload, channel and quoted entropy follow from the entropy and the asserted gain fits the region's max EIRP. */
  readonly beaconPayloadOk: number[] = [];
  /** per beacon: hex sha256 of the report body (every beacon, valid or not): the processing-order tie-break. */
  readonly beaconId: string[] = [];
  /** per witness row: 1 the witness is denylisted, 2 the (beaconer, witness) pair is, 0 neither. */
  readonly rowDeny: number[] = [];

  // ---- helium-order
  /** the group's beacon that is processed (first in processing order), per group; −1: none. */
  gPrimary = new Int32Array(0);
  /** processed beacons in Helium's processing order: ascending (receive time, beacon id). */
  order: number[] = [];
  /** per processed beacon: its witness list (rows), ascending (receive time, witness, own payload first, rssi, frequency, sequence). */
  list = new Map<number, Uint32Array>();
  /** per processed beacon: receive time of the first report of its own payload (the lag base; Infinity: none). */
  first = new Map<number, number>();
  /** per witness row: 1 when its payload is not the beacon's (a report of the beaconer attached by time, see helium-order). */
  rowOrphan = new Uint8Array(0);

  // ---- helium-proofs (start from the previous state; unix ms, −Infinity: none)
  /** Helium last_beacon: every beacon that reached the schedule check, overwritten in processing order. */
  lastBeacon = new Float64Array(0);
  /** Helium last_beacon_recip: beacons that passed their checks carrying any witness report. */
  lastBeaconRecip = new Float64Array(0);
  /** Helium last_witness: witnesses that passed every per-report check (before reciprocity). */
  lastWitness = new Float64Array(0);
}
