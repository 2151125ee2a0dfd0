import { DETECTOR_METRICS } from "../../../contracts/policy-monitor";
import type { Violation } from "../../../contracts/violation";
import type { ActionCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { parseCloudTrailEvent } from "./cloudtrail-event";
import type { DetectorConfig } from "./config-source";
import { evaluateDocument } from "./engine/evaluate";
import { parsePolicyDocument } from "../../../policy-pack/lib/iam/policy-document";
import { decideSuppression } from "./engine/suppressions";
import { extractDocuments } from "./extract";
import type { PolicySource } from "./iam-policies";
import { countViolations, type DetectorMetricsSink } from "./metrics";
import type { ViolationPublisher } from "./publish";
import { buildViolation } from "./violations";

export interface SuppressedViolation {
  readonly violation: Violation;
  readonly reason: string;
}

export interface DetectionResult {
  readonly violations: Violation[];
  readonly suppressed: SuppressedViolation[];
}

export interface DetectorLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface DetectorDeps {
  readonly loadConfig: () => Promise<DetectorConfig>;
  readonly policies: PolicySource;
  readonly catalogue: ActionCatalogue;
  /** Omitted in local mode: nothing is published. */
  readonly publisher?: ViolationPublisher;
  readonly now: () => Date;
  readonly log: DetectorLog;
  /** Buffered here, flushed by the entry (also when the invocation throws). */
  readonly metrics: DetectorMetricsSink;
}

/**
 * Judges one CloudTrail IAM event: extracts the documents it introduces, evaluates them with the
 * rules, sets suppressed violations aside (logged, not published; CRITICAL ones are never
 * suppressed) and publishes the rest. A publish that fails after its retries throws, so that the
 * event goes to the DLQ.
 *
 * Metrics: `EventProcessed` 1 per invocation, whatever its outcome; `ViolationCount` (plain and per
 * severity) once the violations are published, so that a retried invocation does not count twice.
 */
export async function detect(event: unknown, deps: DetectorDeps): Promise<DetectionResult> {
  deps.metrics.addMetric(DETECTOR_METRICS.eventProcessed, "Count", 1);
  const detail = parseCloudTrailEvent(event);
  if (detail.errorCode) {
    deps.log.info("The call failed: nothing changed", {
      eventId: detail.eventID,
      errorCode: detail.errorCode,
    });
    countViolations(deps.metrics, []);
    return { violations: [], suppressed: [] };
  }
  const documents = await extractDocuments(detail, deps.policies);
  if (documents.length === 0) {
    deps.log.warn("Event name not judged by the detector", { eventName: detail.eventName });
    countViolations(deps.metrics, []);
    return { violations: [], suppressed: [] };
  }
  const config = await deps.loadConfig();
  const now = deps.now();

  const violations: Violation[] = [];
  const suppressed: SuppressedViolation[] = [];
  for (const introduced of documents) {
    const statements = parsePolicyDocument(introduced.document, introduced.source);
    for (const hit of evaluateDocument(statements, introduced.kind, config.rules, deps.catalogue)) {
      const violation = buildViolation(hit, introduced.target, detail, now);
      const decision = decideSuppression(violation, config.suppressions, now);
      if (decision.suppressed) {
        suppressed.push({ violation, reason: decision.reason! });
        deps.log.info("Violation suppressed", {
          violationId: violation.violationId,
          ruleId: violation.ruleId,
          suppression: decision.index,
          reason: decision.reason,
        });
      } else {
        violations.push(violation);
      }
    }
  }
  if (violations.length > 0 && deps.publisher) await deps.publisher.publish(violations);
  countViolations(deps.metrics, violations);
  deps.log.info("Event judged", {
    eventId: detail.eventID,
    eventName: detail.eventName,
    violations: violations.map((violation) => `${violation.ruleId}:${violation.severity}`),
    suppressed: suppressed.length,
  });
  return { violations, suppressed };
}
