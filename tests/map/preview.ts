// Serves the coverage map over the test world for a person to look at:
//   npx ts-node -T tests/map/preview.ts [port]     (port 0 or none: a free one)
// Ctrl-C stops it.
import Fastify from "fastify";
import { mapRoutes } from "../../oracle/src/api/map-routes";
import { buildMapWorld } from "./map-world";

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? process.env.HEXPIN_MAP_PORT ?? 0);
  const hotspots = Number(process.env.HEXPIN_MAP_HOTSPOTS ?? 300);
  if (!Number.isSafeInteger(hotspots) || hotspots < 10) throw new Error("HEXPIN_MAP_HOTSPOTS must be an integer ≥ 10");
  console.error(`[preview] simulating two San Francisco epochs (${hotspots} hotspots)…`);
  const world = buildMapWorld(hotspots);
  const app = Fastify();
  await app.register(mapRoutes, { provider: world.store });
  const url = await app.listen({ host: "127.0.0.1", port });
  console.log(`${url}/map/`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`[preview] ${(e as Error).message}`);
  process.exit(1);
});
