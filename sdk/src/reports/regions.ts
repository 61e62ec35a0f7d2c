// Radio regions and their beacon channel plans. Devices derive their beacon channel
// from this table and the oracle checks against it, so both must use the same list
// in the same order: the order is part of the protocol.

export type RegionName = "US915" | "EU868";

export interface RegionPlan {
  name: RegionName;
  /** beacon channel centre frequencies in Hz, in protocol order. */
  channelsHz: readonly number[];
  /** maximum EIRP in tenths of dBm; a beacon's conducted power plus gain may not exceed it. */
  maxEirpDbm10: number;
}

/**
 * US915 sub-band 2 (903.9–905.3 MHz, 200 kHz spacing), the eight uplink channels
 * Helium's IoT network beacons on; FCC Part 15 allows 36 dBm EIRP.
 */
export const US915: RegionPlan = {
  name: "US915",
  channelsHz: [903_900_000, 904_100_000, 904_300_000, 904_500_000, 904_700_000, 904_900_000, 905_100_000, 905_300_000],
  maxEirpDbm10: 360,
};

/**
 * EU868: the three mandatory LoRaWAN channels (868.1/.3/.5 MHz) and five common
 * additional ones (867.1–867.9 MHz); Helium's region parameters cap EIRP at 16 dBm.
 */
export const EU868: RegionPlan = {
  name: "EU868",
  channelsHz: [868_100_000, 868_300_000, 868_500_000, 867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000],
  maxEirpDbm10: 160,
};

export const REGION_PLANS: Readonly<Record<RegionName, RegionPlan>> = { US915, EU868 };
