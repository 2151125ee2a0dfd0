import type { DetectorMetric } from "../../contracts/policy-monitor";
import type { DetectorMetricsSink } from "../../handlers/policy-monitor/detector/metrics";

/** One metric as the fake sink saw it: `dimensions` are the extra ones of a single metric. */
export interface RecordedMetric {
  readonly name: DetectorMetric;
  readonly value: number;
  readonly dimensions?: Record<string, string>;
}

/** A `DetectorMetricsSink` that records every call in order, for exact assertions. */
export function recordingMetrics(): DetectorMetricsSink & { readonly recorded: RecordedMetric[] } {
  const recorded: RecordedMetric[] = [];
  return {
    recorded,
    addMetric(name, _unit, value) {
      recorded.push({ name, value });
    },
    singleMetric() {
      const dimensions: Record<string, string> = {};
      return {
        addDimension(dimension, value) {
          dimensions[dimension] = value;
        },
        addMetric(name, _unit, value) {
          recorded.push({ name, value, dimensions });
        },
      };
    },
  };
}
