import { simulateWorld, FULL_ATTACK_PLAN } from "./oracle/src/sim";
const world = simulateWorld({ seed: "m1", hotspots: 300, city: "san-francisco", sign: false, attacks: FULL_ATTACK_PLAN });
const m = new Map(world.fleet.hotspots.map((h) => [h.address, h]));
const lines = require("fs").readFileSync("/tmp/radio.log", "utf8").trim().split("\n").filter((l: string) => l.startsWith("RADIO"));
const n = lines.length / 4 | 0;
for (const l of lines.slice(3 * n)) { const [, k, j] = l.split(" "); const h = m.get(k)!; if (["wormhole", "bridged_key", "bridge_radio", "collusion_ring"].includes(h.behaviour)) console.log(h.behaviour, h.index, j); }
