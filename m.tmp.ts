import { measureAttacks, formatAttackMeasurement } from "./oracle/src/sim";
const t0 = Date.now();
const m = measureAttacks({ seed: process.env.S ?? "m1", hotspots: Number(process.env.N ?? 600), city: (process.env.C ?? "san-francisco") as any, epochs: Number(process.env.E ?? 5), warmup: 2 });
console.log(formatAttackMeasurement(m));
console.log(((Date.now() - t0) / 1000).toFixed(1), "s");
