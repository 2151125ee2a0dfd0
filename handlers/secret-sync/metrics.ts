/** Where the EMF metrics go, and their `service` dimension. */
export const METRIC_NAMESPACE = "opsguard/SecretSync";
export const METRIC_SERVICE = "secret-sync";

/** The metric names the sync emits (CloudWatch embedded metric format, via Powertools). */
export const SECRET_SYNC_METRICS = {
  /** Pairs whose custom secret was rewritten with the rotated password. */
  secretUpdated: "SecretUpdated",
  /** Pairs whose custom secret already held the rotated password. */
  secretUnchanged: "SecretUnchanged",
  /** Pairs that could not be synced (a malformed secret, a failed call). */
  syncFailed: "SyncFailed",
  /** Redeploys started: one per App Runner or ECS service told to redeploy. */
  redeployTriggered: "RedeployTriggered",
} as const;
export type SecretSyncMetric = (typeof SECRET_SYNC_METRICS)[keyof typeof SECRET_SYNC_METRICS];

/** The part of Powertools' `Metrics` that the core uses, so tests can record the calls. */
export interface MetricsSink {
  addMetric(name: SecretSyncMetric, unit: "Count", value: number): void;
}
