// What the routes need from the running service.

import type { Kysely } from "kysely";
import type { ReportIntake } from "../ingest/intake";
import type { ArtifactStore } from "../store/artifacts";
import type { OracleDatabase } from "../store/schema";
import type { HotspotInfo } from "../types";
import type { ServiceMetrics } from "./metrics";

export interface ApiContext {
  db: Kysely<OracleDatabase>;
  /** null on a follower, which accepts no reports. */
  intake: ReportIntake | null;
  artifacts: ArtifactStore;
  metrics: ServiceMetrics;
  /** the registry as last loaded (for a hotspot's current serial). */
  hotspot(key: string): HotspotInfo | undefined;
  /** why the service cannot take reports right now, or null when it can. */
  notReady(): Promise<string | null>;
  /** largest accepted report body, bytes. */
  maxBodyBytes: number;
}
