import type { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * Flushes the metrics a run stored. A run that stored none (one that failed before it counted
 * anything) prints nothing, where Powertools would print its "No application metrics to publish"
 * warning just before the run's real error.
 */
export function publishStoredMetrics(
  metrics: Pick<Metrics, "hasStoredMetrics" | "publishStoredMetrics">,
): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
