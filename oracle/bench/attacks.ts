// `npm run bench:attacks` (from oracle/ or the root): the attack measurement at
// bench size. A simulated region with honest hotspots, the report-level
// adversaries of the simulator's default mix, and every attack family of
// oracle/src/sim/labels.ts placed in groups on top; run for several epochs with
// the PoC state carried from each to the next, against the same world with every
// attacker radio registered honestly and keys without a radio gone. Prints, per
// family: its keys' share of all keys, their share of rewards, what the same
// hardware earns honestly, and the ratio (raw, and normalised by what honest keys
// gained from the attackers' losses); then honest false rejections and the
// correlation of honest rewards with the coverage radios really provide.
//
// Settings (environment): HEXPIN_ATTACK_HOTSPOTS (default 5000),
// HEXPIN_ATTACK_CITY (bay-area), HEXPIN_ATTACK_EPOCHS (6), HEXPIN_ATTACK_WARMUP
// (2), HEXPIN_ATTACK_SEED ("attacks-1"), HEXPIN_ATTACK_GROUPS (groups of each
// family = this × FULL_ATTACK_PLAN; default hotspots / 1000, at least 1).
// Targets: keys without a radio < 0.1% of an epoch together; every family ≤ 1.2×
// its hardware's honest reward; honest reports wrongly rejected ≤ 1%.

import { cpus } from "node:os";
import { CITY_NAMES, CityName, FULL_ATTACK_PLAN, AttackPlan, formatAttackMeasurement, measureAttacks } from "../src/sim";

const HOTSPOTS = Number(process.env.HEXPIN_ATTACK_HOTSPOTS ?? 5_000);
const CITY = (process.env.HEXPIN_ATTACK_CITY ?? "bay-area") as CityName;
const EPOCHS = Number(process.env.HEXPIN_ATTACK_EPOCHS ?? 6);
const WARMUP = Number(process.env.HEXPIN_ATTACK_WARMUP ?? 2);
const SEED = process.env.HEXPIN_ATTACK_SEED ?? "attacks-1";
const GROUPS = Number(process.env.HEXPIN_ATTACK_GROUPS ?? Math.max(1, Math.round(HOTSPOTS / 1_000)));
if (!CITY_NAMES.includes(CITY)) throw new Error(`HEXPIN_ATTACK_CITY must be one of ${CITY_NAMES.join(", ")}`);
for (const [name, v] of [["HEXPIN_ATTACK_HOTSPOTS", HOTSPOTS], ["HEXPIN_ATTACK_EPOCHS", EPOCHS], ["HEXPIN_ATTACK_GROUPS", GROUPS]] as const) {
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
}
if (!Number.isSafeInteger(WARMUP) || WARMUP < 0 || WARMUP >= EPOCHS) throw new Error("HEXPIN_ATTACK_WARMUP must be in [0, epochs)");

const peak = { rss: 0 };
// the measurement is one synchronous run: the timer only fires between runs, so progress samples too
const sampleMemory = () => (peak.rss = Math.max(peak.rss, process.memoryUsage().rss));
const sampler = setInterval(sampleMemory, 250);
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

function main(): void {
  const plan: AttackPlan = Object.fromEntries(Object.entries(FULL_ATTACK_PLAN).map(([k, v]) => [k, v * GROUPS]));
  log(`node ${process.version}, ${cpus().length} cores; ${HOTSPOTS} hotspots in ${CITY}, every attack family × ${GROUPS}, ${EPOCHS} epochs (${WARMUP} warm-up), seed "${SEED}"`);
  const t0 = process.hrtime.bigint();
  let last = t0;
  const m = measureAttacks({
    seed: SEED, hotspots: HOTSPOTS, city: CITY, epochs: EPOCHS, warmup: WARMUP, plan,
    onProgress: (world, epoch, reports) => {
      sampleMemory();
      const now = process.hrtime.bigint();
      if (Number(now - last) / 1e9 < 5) return;
      last = now;
      log(`${world === "attack" ? "world with attackers" : "honest counterfactual"}: epoch ${epoch + 1}/${EPOCHS}, ${reports.toLocaleString("en-US")} reports, ${(Number(now - t0) / 1e9).toFixed(0)} s`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(sampler);
  sampleMemory();
  console.log(formatAttackMeasurement(m));
  const worst = m.families.reduce((a, f) => (f.normalizedRatio > a.normalizedRatio ? f : a));
  const summary = {
    settings: { hotspots: HOTSPOTS, city: CITY, epochs: EPOCHS, warmup: WARMUP, seed: SEED, groupsPerFamily: GROUPS },
    families: m.families.map((f) => ({ ...f, ratio: Number.isFinite(f.ratio) ? f.ratio : null, normalizedRatio: Number.isFinite(f.normalizedRatio) ? f.normalizedRatio : null })),
    radiolessShare: m.radiolessShare,
    honestFalseReject: m.honestFalseReject,
    honestFalseRejectWithoutAttacks: m.honestFalseRejectWithoutAttacks,
    correlation: m.correlation,
    honestUplift: m.honestUplift,
    silentNeighbourVictimRatio: m.silentNeighbourVictimRatio,
    seconds,
    peakRssMiB: Math.round(peak.rss / 1024 ** 2),
    targets: {
      radiolessUnder0_1pct: m.radiolessShare < 0.001,
      everyFamilyAtMost1_2x: m.families.every((f) => f.normalizedRatio <= 1.2),
      worstFamily: { family: worst.family, normalizedRatio: worst.normalizedRatio },
      honestFalseRejectAtMost1pct: m.honestFalseReject.rate <= 0.01,
    },
  };
  console.log(JSON.stringify(summary, null, 2));
}

main();
