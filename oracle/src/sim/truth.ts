// Ground-truth coverage: what each real radio actually covers, scored the way
// the reward scheme scores coverage (H3 cells at the coverage resolution, signal
// levels, rank multipliers), but from true positions, true power, true site
// loss and height, with the environment's true path loss and a standard
// receiver. The measure "honest operators' rewards track the coverage they
// really provide" correlates rewards against this.

import { cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell, UNITS } from "h3-js";
import type { CoverageConfig } from "../score/coverage";
import { meanPathLossDb, RadioEnvironment } from "./radio";
import { siteGainDb } from "./reception";
import { Fleet } from "./fleet";

/** Ideal coverage score per key with a radio (the key's first transmitting site), same units as CoverageResult.scores. */
export function trueCoverageScores(fleet: Fleet, env: RadioEnvironment, cfg: CoverageConfig, beaconEirpDbm10: number): Map<string, number> {
  const weakest = cfg.signalLevels[cfg.signalLevels.length - 1].minRssiDbm10 / 10;
  const ringSpacingM = Math.sqrt(3) * getHexagonEdgeLengthAvg(cfg.resolution, UNITS.m) * 0.75;
  const cells = new Map<string, { rssi: number; key: string }[]>();
  for (const h of fleet.hotspots) {
    const s = h.txSites.length > 0 ? fleet.sites[h.txSites[0]] : null;
    if (!s) continue;
    const tx = (h.physicalTxDbm10 ?? beaconEirpDbm10 - h.info.gainDbi10) / 10;
    const eirp = tx + siteGainDb(env, s);
    const rangeM = Math.pow(10, (eirp - weakest - env.interceptDb) / (10 * env.exponent));
    const rings = Math.min(cfg.maxRings, Math.ceil(rangeM / ringSpacingM) + 1);
    const home = latLngToCell(s.lat, s.lng, cfg.resolution);
    for (const cell of gridDisk(home, rings)) {
      const [lat, lng] = cellToLatLng(cell);
      const d = haversineM(s.lat, s.lng, lat, lng);
      const rssi = eirp - meanPathLossDb(env, d);
      if (rssi < weakest) continue;
      let list = cells.get(cell);
      if (!list) cells.set(cell, (list = []));
      list.push({ rssi, key: h.address });
    }
  }
  const scores = new Map<string, number>();
  for (const list of cells.values()) {
    list.sort((a, b) => b.rssi - a.rssi || (a.key < b.key ? -1 : 1));
    list.slice(0, cfg.rankMultipliersBps.length).forEach((e, rank) => {
      const level = cfg.signalLevels.find((l) => e.rssi * 10 >= l.minRssiDbm10)!;
      scores.set(e.key, (scores.get(e.key) ?? 0) + level.points * cfg.rankMultipliersBps[rank]);
    });
  }
  return scores;
}

function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((lat2 - lat1) * r) / 2);
  const s2 = Math.sin(((lng2 - lng1) * r) / 2);
  const h = s1 * s1 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * s2 * s2;
  return 2 * 6_371_000 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

function ranks(v: readonly number[]): number[] {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}
