import { simulateWorld, FULL_ATTACK_PLAN } from "./oracle/src/sim";
const world = simulateWorld({ seed: "m1", hotspots: Number(process.env.N ?? 3000), city: (process.env.C ?? "bay-area") as any, sign: false, attacks: FULL_ATTACK_PLAN });
const m = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
const lines = require("fs").readFileSync("/tmp/radio.log", "utf8").trim().split("\n").filter((l: string) => l.startsWith("RADIO"));
const agg: Record<string, any[]> = {};
for (const l of lines) { const [, k, j] = l.split(" "); const h = m.get(k)!; const o = JSON.parse(j); (agg[h.behaviour] ??= []).push(o); }
for (const [b, os] of Object.entries(agg)) {
  const g = os.map((o) => o.gain).sort((a, b) => a - b);
  const q = (a: number[], f: number) => a[Math.min(a.length - 1, Math.floor(f * a.length))];
  console.log(b.padEnd(22), "n", os.length, "gain p50/p90/p99/max", q(g, .5), q(g, .9), q(g, .99), g[g.length - 1], "min", g[0]);
}
