// Progress on stderr for long CLI work: redrawn on a terminal, a line every 5 s
// otherwise (CI logs), silent with HEXPIN_QUIET=1.

import { Presets, SingleBar } from "cli-progress";

export function progressBar(label: string, unit = ""): SingleBar {
  return new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}${unit} | eta {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: process.env.HEXPIN_QUIET !== "1",
      notTTYSchedule: 5_000,
      etaBuffer: 50,
      formatValue: (v, _o, type) => (type === "value" || type === "total" ? v.toLocaleString("en-US") : String(v)),
    },
    Presets.shades_classic,
  );
}

export function note(line: string): void {
  if (process.env.HEXPIN_QUIET !== "1") process.stderr.write(`${line}\n`);
}
