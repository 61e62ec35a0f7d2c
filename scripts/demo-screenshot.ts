// Takes the README's screenshot of the coverage map from a real demo run: the network in a
// box at the default size for two epochs, then headless Chromium on `<leader>/map/` with a
// hotspot's detail open. Writes docs/img/demo-map.png (and prints any console errors).
//   npx ts-node -T scripts/demo-screenshot.ts [hotspots] [epochs]
import { mkdirSync } from "node:fs";
import { NetworkInABox } from "../oracle/src/demo/network-in-a-box";
import { launchChromium } from "../tests/map/browser";

// the page's global, inside waitForFunction (this file is checked without the DOM's types)
declare const document: { body: { dataset: Record<string, string | undefined> } };

async function main(): Promise<void> {
  const hotspots = Number(process.argv[2] ?? 80);
  const epochs = Number(process.argv[3] ?? 2);
  const box = await NetworkInABox.start({ hotspots, seed: "hexpin-demo", city: "san-francisco", progress: (l) => console.error(l) });
  const chromium = await launchChromium();
  try {
    for (let e = 0; e < epochs; e++) await box.runEpoch();
    const honest = box.owners.find((o) => o.behaviour === "honest")!.devices[0];
    const page = await chromium.browser.newPage({ viewport: { width: 1400, height: 860 } });
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${box.urls.map}#hotspot=${honest.address}`);
    await page.waitForFunction(() => ["ready", "error", "empty"].includes(document.body.dataset.state ?? ""), null, { timeout: 60_000 });
    await page.waitForTimeout(2_000);
    mkdirSync("docs/img", { recursive: true });
    await page.screenshot({ path: "docs/img/demo-map.png" });
    console.log(`docs/img/demo-map.png written from ${box.urls.map}; console errors: ${problems.length ? problems.join(" | ") : "none"}`);
  } finally {
    await chromium.close();
    await box.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
