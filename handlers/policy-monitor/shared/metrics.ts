import type { ResponderMetric } from "../../../contracts/policy-monitor";

/** The part of Powertools' `Metrics` that the cores use, so tests can record the calls. */
export interface MetricsSink {
  addMetric(name: ResponderMetric, unit: "Count", value: number): void;
}
