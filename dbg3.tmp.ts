import { simulateWorld, runEpochs, FULL_ATTACK_PLAN } from "./oracle/src/sim";
const world = simulateWorld({ seed: "m1", hotspots: 600, sign: false, attacks: FULL_ATTACK_PLAN, counterfactual: true });
for (const run of runEpochs(world, { epochs: 3 })) {
  const d = run.detection;
  console.log("epoch", run.index, "model", run.model, "honest", d.honest.reports, d.honest.detected, JSON.stringify(d.honest.reasons));
  console.log("  reasons", JSON.stringify(run.outcome.reasonCounts));
}
