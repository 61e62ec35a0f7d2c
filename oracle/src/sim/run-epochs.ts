// Runs a simulated world epoch after epoch through the whole epoch function —
// admission, the PoC verifier with the previous epoch's state, scoring and
// allocation — threading each epoch's PoC state into the next, and model-writing
// attackers reading the calibration the last state published. Reports are
// streamed; nothing but per-report detection bytes is kept.

import { ReportAdmitter } from "../ingest/admit";
import { PocVerifier } from "../verify/verifier";
import type { PathLossModel } from "../verify/config";
import type { PocOutcome } from "../types";
import type { PocState } from "../state/poc-state";
import { settleEpoch, EpochResult } from "../epoch/compute-epoch";
import { epochConfig } from "../epoch/verifier-stage";
import { DetectionReport, DetectionTally } from "./detection";
import { SimWorld } from "./epoch";

export interface EpochRun {
  index: number;
  outcome: PocOutcome;
  result: EpochResult;
  detection: Omit<DetectionReport, "outcome">;
  state: PocState | null;
  model: PathLossModel | null;
  reports: number;
}

export interface RunEpochsOptions {
  epochs: number;
  emission?: bigint;
  verifySignatures?: boolean;
  onProgress?: (epoch: number, reports: number) => void;
}

export function modelOf(state: PocState | null): PathLossModel | null {
  const c = state?.calibration;
  return c ? { interceptDb: c.interceptDb100 / 100, exponent: c.exponent1000 / 1000, sigmaDb: c.sigmaDb100 / 100 } : null;
}

export function* runEpochs(world: SimWorld, options: RunEpochsOptions): Generator<EpochRun> {
  let state: PocState | null = null;
  const emission = options.emission ?? 1_000_000_000_000n;
  for (let i = 0; i < options.epochs; i++) {
    const e = world.epoch(i, modelOf(state));
    const v: PocVerifier = new PocVerifier(e.inputs(state), world.config);
    const admitter = new ReportAdmitter({ verifySignatures: options.verifySignatures ?? false });
    const tally = new DetectionTally(world.fleet);
    let reports = 0;
    for (const r of e.reports()) {
      const a = admitter.admit(r.bytes, r.receivedAtMs);
      tally.record(a.ok ? v.ingest(a.received) : v.reject(a.reason), r.label);
      if (++reports % 100_000 === 0) options.onProgress?.(i, reports);
    }
    const outcome: PocOutcome = v.finish();
    const detection = tally.result((seq) => v.verdict(seq), outcome.trustBps);
    const result = settleEpoch(
      { epoch: i, window: e.window, emission, config: epochConfig({ rules: world.config }), hotspots: e.registry, entropy: e.entropy, previousCumulative: new Map() },
      outcome, null, { coverageMap: false },
    );
    state = outcome.nextState ?? null;
    yield { index: i, outcome, result, detection, state, model: v.pathLossModel, reports };
  }
}
