import { HexpinReport } from "@hexpin/sdk";

/**
 * A decoded, signature-checked report with the oracle's receive time. Every timing
 * rule uses `receivedAtMs`; the device timestamp inside the report is informational
 * because the device controls it.
 */
export interface ReceivedReport {
  report: HexpinReport;
  /** oracle receive time, unix milliseconds. */
  receivedAtMs: number;
}
