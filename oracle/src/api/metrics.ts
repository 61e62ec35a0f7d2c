// Prometheus metrics of one service instance (its own registry, so several
// instances in one process — tests — do not collide).

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly reports = new Counter({ name: "hexpin_reports_total", help: "reports in accepted bodies by outcome (stored, duplicate)", labelNames: ["outcome"], registers: [this.registry] });
  readonly refusals = new Counter({ name: "hexpin_report_refusals_total", help: "refused report bodies by error code", labelNames: ["code"], registers: [this.registry] });
  readonly intakeSeconds = new Histogram({ name: "hexpin_intake_seconds", help: "POST /v1/reports latency, receipt to durable acknowledgement", buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  readonly epochSteps = new Counter({ name: "hexpin_epoch_steps_total", help: "epoch state machine steps taken", labelNames: ["step"], registers: [this.registry] });
  readonly latestEpoch = new Gauge({ name: "hexpin_epoch_latest", help: "highest epoch in each state", labelNames: ["state"], registers: [this.registry] });
  readonly registrySize = new Gauge({ name: "hexpin_registry_hotspots", help: "hotspots in the registry", registers: [this.registry] });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: "hexpin_process_" });
  }
}
