// The attack measurement: a world with every attack family, and its honest
// counterfactual (every attacker radio registered honestly at its true spot,
// keys without a radio gone), each run for several epochs with state carried
// over. Per family: its keys' share of all keys, its keys' share of rewards, and
// the share the same hardware earns honestly. Also honest reports wrongly
// rejected, and how well honest operators' rewards track the coverage they
// really provide (ground truth, truth.ts).
//
// Shares are averaged over the epochs after `warmup` (state needs a few epochs).

import { DEFAULT_SCORING_CONFIG } from "../score/scoring";
import type { ReasonCode } from "../types";
import { CityName } from "./cities";
import { SimParams, simulateWorld, SimWorld } from "./epoch";
import { AttackPlan, FULL_ATTACK_PLAN } from "./fleet";
import { ATTACK_FAMILIES, AttackFamily, RADIOLESS_FAMILIES } from "./labels";
import { runEpochs } from "./run-epochs";
import { pearson, spearman, trueCoverageScores } from "./truth";

export interface AttackMeasurementParams {
  seed: string;
  /** the honest-sized population (honest plus the mix's report-level adversaries). */
  hotspots: number;
  city?: CityName;
  epochs?: number;
  warmup?: number;
  plan?: AttackPlan;
  adversaries?: SimParams["adversaries"];
  beaconsPerHotspot?: number;
  onProgress?: (world: "attack" | "honest", epoch: number, reports: number) => void;
}

export interface FamilyResult {
  family: AttackFamily;
  keys: number;
  /** distinct radios (transmitting sites) behind its keys. */
  radios: number;
  keyShare: number;
  /** its keys' share of each measured epoch's emission, averaged. */
  rewardShare: number;
  /** what the same radios, registered honestly, earn (counterfactual world). */
  honestShare: number;
  /** rewardShare / honestShare (Infinity when the hardware earns nothing honestly but the attack does). */
  ratio: number;
  /**
   * ratio over what honest keys gained from the attackers' presence (rewards the
   * caught ones forfeit are shared by everyone else): the same hardware's honest
   * reward in the same world.
   */
  normalizedRatio: number;
  /** the family's key with the most reward: its share, for diagnosis. */
  topKeyShare: number;
}

export interface AttackMeasurement {
  epochs: number;
  warmup: number;
  families: FamilyResult[];
  /** all keys without a radio together, share of the emission per epoch. */
  radiolessShare: number;
  /** honest reports wrongly rejected over the measured epochs (attack world), and in the attack-free world. */
  honestFalseReject: { reports: number; rejected: number; rate: number; reasons: Partial<Record<ReasonCode, number>> };
  honestFalseRejectWithoutAttacks: number;
  /** honest victims of silent neighbours: their reward in the attack world over the counterfactual. */
  silentNeighbourVictimRatio: number | null;
  /** honest keys: correlation of rewards (total, coverage part) with true coverage. */
  correlation: { pearsonTotal: number; pearsonCoverage: number; spearmanTotal: number; hotspots: number };
  /** every honest key's share of rewards in the attack world over its share without attacks (mean; 1 = unaffected). */
  honestRewardRatio: number;
  /** all honest keys' rewards together, attack world over the attack-free one (the normaliser of normalizedRatio). */
  honestUplift: number;
}

interface WorldTotals {
  /** key → summed per-epoch share (×1e-12 of emission units, as numbers). */
  shareByKey: Map<string, number>;
  coverageByKey: Map<string, number>;
  measured: number;
  honestReports: number;
  honestRejected: number;
  honestReasons: Partial<Record<ReasonCode, number>>;
}

function runWorld(world: SimWorld, p: AttackMeasurementParams, label: "attack" | "honest", epochs: number, warmup: number): WorldTotals {
  const emission = 1_000_000_000_000n;
  const t: WorldTotals = { shareByKey: new Map(), coverageByKey: new Map(), measured: 0, honestReports: 0, honestRejected: 0, honestReasons: {} };
  for (const run of runEpochs(world, { epochs, emission, onProgress: (e, n) => p.onProgress?.(label, e, n) })) {
    p.onProgress?.(label, run.index, run.reports);
    if (run.index < warmup) continue;
    t.measured++;
    for (const [key, r] of run.result.perEpochRewards) {
      t.shareByKey.set(key, (t.shareByKey.get(key) ?? 0) + Number(r.total) / Number(emission));
      t.coverageByKey.set(key, (t.coverageByKey.get(key) ?? 0) + Number(r.coverage) / Number(emission));
    }
    t.honestReports += run.detection.honest.reports;
    t.honestRejected += run.detection.honest.detected;
    for (const [k, n] of Object.entries(run.detection.honest.reasons)) {
      if (k === "untrusted") continue;
      t.honestReasons[k as ReasonCode] = (t.honestReasons[k as ReasonCode] ?? 0) + (n as number);
    }
  }
  return t;
}

export function measureAttacks(p: AttackMeasurementParams): AttackMeasurement {
  const epochs = p.epochs ?? 6;
  const warmup = p.warmup ?? 2;
  const base: SimParams = { seed: p.seed, hotspots: p.hotspots, city: p.city, attacks: p.plan ?? FULL_ATTACK_PLAN, adversaries: p.adversaries, beaconsPerHotspot: p.beaconsPerHotspot, sign: false };
  const attackWorld = simulateWorld(base);
  const honestWorld = simulateWorld({ ...base, counterfactual: true });
  const a = runWorld(attackWorld, p, "attack", epochs, warmup);
  const h = runWorld(honestWorld, p, "honest", epochs, warmup);
  const avg = (m: Map<string, number>, key: string, n: number) => (m.get(key) ?? 0) / Math.max(1, n);

  const totalKeys = attackWorld.fleet.hotspots.length;
  const families: FamilyResult[] = [];
  for (const family of ATTACK_FAMILIES) {
    const keys = attackWorld.fleet.hotspots.filter((k) => k.family === family);
    if (keys.length === 0) continue;
    const hardware = honestWorld.fleet.hotspots.filter((k) => k.family === family);
    const radios = new Set(keys.flatMap((k) => k.txSites)).size;
    const rewardShare = keys.reduce((s, k) => s + avg(a.shareByKey, k.address, a.measured), 0);
    const honestShare = hardware.reduce((s, k) => s + avg(h.shareByKey, k.address, h.measured), 0);
    const topKeyShare = Math.max(...keys.map((k) => avg(a.shareByKey, k.address, a.measured)));
    const ratio = honestShare > 0 ? rewardShare / honestShare : rewardShare > 0 ? Infinity : 0;
    families.push({ family, keys: keys.length, radios, keyShare: keys.length / totalKeys, rewardShare, honestShare, ratio, normalizedRatio: ratio, topKeyShare });
  }
  const radiolessShare = attackWorld.fleet.hotspots.filter((k) => RADIOLESS_FAMILIES.has(k.family) || (k.txSites.length === 0 && k.family !== "honest")).reduce((s, k) => s + avg(a.shareByKey, k.address, a.measured), 0);

  const victims = new Set<number>();
  for (const k of attackWorld.fleet.hotspots) for (const v of k.ignores) victims.add(v);
  let victimRatio: number | null = null;
  if (victims.size > 0) {
    const keys = [...victims].map((i) => attackWorld.fleet.hotspots[i].address);
    const inAttack = keys.reduce((s, k) => s + avg(a.shareByKey, k, a.measured), 0);
    const inHonest = keys.reduce((s, k) => s + avg(h.shareByKey, k, h.measured), 0);
    victimRatio = inHonest > 0 ? inAttack / inHonest : null;
  }

  const truth = trueCoverageScores(honestWorld.fleet, honestWorld.env, DEFAULT_SCORING_CONFIG.coverage, honestWorld.config.beaconEirpDbm10);
  const honestKeys = attackWorld.fleet.hotspots.filter((k) => k.behaviour === "honest");
  const xsTrue = honestKeys.map((k) => truth.get(k.address) ?? 0);
  const ysTotal = honestKeys.map((k) => avg(a.shareByKey, k.address, a.measured));
  const ysCov = honestKeys.map((k) => avg(a.coverageByKey, k.address, a.measured));
  const ratios = honestKeys.map((k) => [avg(a.shareByKey, k.address, a.measured), avg(h.shareByKey, k.address, h.measured)]).filter(([, y]) => y > 0);
  const honestSumA = honestKeys.reduce((s, k) => s + avg(a.shareByKey, k.address, a.measured), 0);
  const honestSumH = honestKeys.reduce((s, k) => s + avg(h.shareByKey, k.address, h.measured), 0);
  const uplift = honestSumH > 0 ? honestSumA / honestSumH : 1;
  for (const f of families) f.normalizedRatio = f.ratio / uplift;

  return {
    epochs,
    warmup,
    families,
    radiolessShare,
    honestFalseReject: { reports: a.honestReports, rejected: a.honestRejected, rate: a.honestReports ? a.honestRejected / a.honestReports : 0, reasons: a.honestReasons },
    honestFalseRejectWithoutAttacks: h.honestReports ? h.honestRejected / h.honestReports : 0,
    silentNeighbourVictimRatio: victimRatio,
    correlation: { pearsonTotal: pearson(xsTrue, ysTotal), pearsonCoverage: pearson(xsTrue, ysCov), spearmanTotal: spearman(xsTrue, ysTotal), hotspots: honestKeys.length },
    honestRewardRatio: ratios.reduce((s, [x, y]) => s + x / y, 0) / Math.max(1, ratios.length),
    honestUplift: uplift,
  };
}

export function formatAttackMeasurement(m: AttackMeasurement): string {
  const pct = (x: number) => `${(100 * x).toFixed(3)}%`;
  const r = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "inf");
  const rows = [`${"family".padEnd(20)} ${"keys".padStart(5)} ${"radios".padStart(6)} ${"key share".padStart(10)} ${"reward share".padStart(13)} ${"honest share".padStart(13)} ${"ratio".padStart(6)} ${"norm.".padStart(6)}`];
  for (const f of m.families) {
    rows.push(`${f.family.padEnd(20)} ${String(f.keys).padStart(5)} ${String(f.radios).padStart(6)} ${pct(f.keyShare).padStart(10)} ${pct(f.rewardShare).padStart(13)} ${pct(f.honestShare).padStart(13)} ${r(f.ratio).padStart(6)} ${r(f.normalizedRatio).padStart(6)}`);
  }
  rows.push(`keys without a radio, together: ${pct(m.radiolessShare)} of each epoch`);
  rows.push(`honest reports wrongly rejected: ${pct(m.honestFalseReject.rate)} (${m.honestFalseReject.rejected}/${m.honestFalseReject.reports}; ${Object.entries(m.honestFalseReject.reasons).sort((x, y) => y[1]! - x[1]!).map(([k, v]) => `${k}=${v}`).join(" ")}), without attackers ${pct(m.honestFalseRejectWithoutAttacks)}`);
  rows.push(`honest rewards vs true coverage: Pearson ${m.correlation.pearsonTotal.toFixed(3)} (coverage part ${m.correlation.pearsonCoverage.toFixed(3)}), Spearman ${m.correlation.spearmanTotal.toFixed(3)} over ${m.correlation.hotspots} hotspots`);
  rows.push(`honest keys' rewards with attackers / without: ${m.honestUplift.toFixed(3)} in all (mean per key ${m.honestRewardRatio.toFixed(3)}); silent neighbours' victims: ${m.silentNeighbourVictimRatio === null ? "n/a" : m.silentNeighbourVictimRatio.toFixed(3)}`);
  return rows.join("\n");
}
