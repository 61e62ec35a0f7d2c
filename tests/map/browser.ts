// Debian's Chromium, headless, driven by playwright-core: the flags this
// machine needs (no sandbox as root, no background network, which the closed
// network refuses), and WebGL through SwiftShader, which MapLibre needs.

import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.HEXPIN_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  // software WebGL (SwiftShader) without the deprecation warning of the automatic fallback
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

export interface HeadlessChromium {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh, temporary profile (playwright makes and removes it). */
export async function launchChromium(): Promise<HeadlessChromium> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, timeout: 60_000 });
  return { browser, close: () => browser.close() };
}
