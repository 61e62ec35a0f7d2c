// How epoch results are printed by the CLI: a JSON-safe summary (bigints as
// decimal strings) and a short human-readable form.

import type { EpochResult } from "../epoch/compute-epoch";

export function epochSummary(r: EpochResult) {
  return {
    epoch: r.epoch,
    inputDigest: r.inputDigest,
    nextStateDigest: r.nextStateDigest,
    merkleRoot: r.merkleRoot,
    paid: r.paid.toString(),
    unallocated: r.unallocated.toString(),
    pocPool: r.pocPool.toString(),
    coveragePool: r.coveragePool.toString(),
    validBeacons: r.outcome.beacons.length,
    rewardedHotspots: r.perEpochRewards.size,
    leaves: r.cumulative.size,
    coveredCells: r.scores.coverage.cells.size,
    reasonCounts: r.reasonCounts,
  };
}

/** This process's peak resident memory and CPU time so far (for `--json` output and the bench). */
export function processResources() {
  const u = process.resourceUsage();
  return { peakRssMiB: Math.round(u.maxRSS / 1024), cpuSeconds: Math.round((u.userCPUTime + u.systemCPUTime) / 1e4) / 100 };
}
