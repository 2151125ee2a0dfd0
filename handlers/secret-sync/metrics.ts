import type { SecretSyncMetric } from "../../contracts/secret-sync";

export { SECRET_SYNC_METRICS, type SecretSyncMetric } from "../../contracts/secret-sync";

/** The part of Powertools' `Metrics` that the core uses, so tests can record the calls. */
export interface MetricsSink {
  addMetric(name: SecretSyncMetric, unit: "Count", value: number): void;
}
