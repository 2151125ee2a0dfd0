import {
  DETECTOR_METRICS,
  SEVERITY_DIMENSION,
  type DetectorMetric,
} from "../../../contracts/policy-monitor";
import { SEVERITIES, type Violation } from "../../../contracts/violation";

/** A metric that is written at once with its own dimensions (Powertools' `singleMetric()`). */
export interface SingleMetricSink {
  addDimension(name: string, value: string): void;
  addMetric(name: DetectorMetric, unit: "Count", value: number): void;
}

/** The part of Powertools' `Metrics` that the detector uses, so that tests can record the calls. */
export interface DetectorMetricsSink {
  addMetric(name: DetectorMetric, unit: "Count", value: number): void;
  singleMetric(): SingleMetricSink;
}

/** Drops every metric: local mode prints its result on stdout, which EMF lines would spoil. */
export const discardMetrics: DetectorMetricsSink = {
  addMetric: () => undefined,
  singleMetric: () => ({ addDimension: () => undefined, addMetric: () => undefined }),
};

/**
 * `ViolationCount` with the default dimensions only (what the dashboard and alarms query), then one
 * single metric per severity found, so that the breakdown does not replace the plain metric.
 * Per-rule counts are left to the audit log (Athena): one custom metric per rule would be costly.
 */
export function countViolations(metrics: DetectorMetricsSink, violations: readonly Violation[]) {
  metrics.addMetric(DETECTOR_METRICS.violationCount, "Count", violations.length);
  for (const severity of [...SEVERITIES].reverse()) {
    const count = violations.filter((violation) => violation.severity === severity).length;
    if (count === 0) continue;
    const single = metrics.singleMetric();
    single.addDimension(SEVERITY_DIMENSION, severity);
    single.addMetric(DETECTOR_METRICS.violationCount, "Count", count);
  }
}
