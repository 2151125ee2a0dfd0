import { DETECTOR_METRICS } from "../../../contracts/policy-monitor";
import type { Severity, Violation, ViolationTarget } from "../../../contracts/violation";
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
import { fingerprintOf, type DuplicateFilter } from "./dedup";
import type { RuleHit } from "./engine/types";
import { actorOf, buildViolation } from "./violations";

/** One rule's hit that a suppression set aside. */
export interface SuppressedHit {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly target: ViolationTarget;
  readonly reason: string;
}

/** A violation not published because an identical event was judged within the window. */
export interface DuplicateViolation {
  readonly violation: Violation;
  /** The violation of that earlier event. */
  readonly duplicateOf: string;
}

export interface DetectionResult {
  readonly violations: Violation[];
  readonly suppressed: SuppressedHit[];
  readonly duplicates: DuplicateViolation[];
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
  /** Omitted when the dedup window is 0 (and in local mode): every violation is published. */
  readonly duplicates?: DuplicateFilter;
  readonly now: () => Date;
  readonly log: DetectorLog;
  /** Buffered here, flushed by the entry (also when the invocation throws). */
  readonly metrics: DetectorMetricsSink;
}

/**
 * Judges one CloudTrail IAM event: extracts the documents it introduces, evaluates them with the
 * rules, sets suppressed rule hits aside (logged, not published; CRITICAL ones are never
 * suppressed), joins the remaining hits on each target into one violation, drops a violation that
 * repeats an identical event within the dedup window, and publishes the rest. A publish that fails
 * after its retries throws, so that the event goes to the DLQ.
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
    return { violations: [], suppressed: [], duplicates: [] };
  }
  const documents = await extractDocuments(detail, deps.policies);
  if (documents.length === 0) {
    deps.log.warn("Event name not judged by the detector", { eventName: detail.eventName });
    countViolations(deps.metrics, []);
    return { violations: [], suppressed: [], duplicates: [] };
  }
  const config = await deps.loadConfig();
  const now = deps.now();

  const actor = actorOf(detail);
  const violations: Violation[] = [];
  const suppressed: SuppressedHit[] = [];
  const duplicates: DuplicateViolation[] = [];
  for (const introduced of documents) {
    const statements = parsePolicyDocument(introduced.document, introduced.source);
    const kept: RuleHit[] = [];
    const context = {
      account: detail.recipientAccountId,
      policyArn: introduced.target.policyArn,
      principalArn: introduced.target.principalArn,
      now,
    };
    const hits = evaluateDocument(
      statements,
      introduced.kind,
      config.rules,
      deps.catalogue,
      context,
    );
    for (const hit of hits) {
      const subject = {
        ruleId: hit.rule.id,
        severity: hit.rule.severity,
        target: introduced.target,
        actor,
        accountId: detail.recipientAccountId,
      };
      const decision = decideSuppression(subject, config.suppressions, now);
      if (!decision.suppressed) {
        kept.push(hit);
        continue;
      }
      const { ruleId, severity, target } = subject;
      suppressed.push({ ruleId, severity, target, reason: decision.reason! });
      deps.log.info("Rule hit suppressed", {
        eventId: detail.eventID,
        ruleId: hit.rule.id,
        suppression: decision.index,
        reason: decision.reason,
      });
    }
    if (kept.length === 0) continue;
    const violation = buildViolation(kept, introduced.target, detail, now);
    const fingerprint = fingerprintOf(
      violation,
      statements.map((statement) => statement.raw),
    );
    const duplicateOf = await deps.duplicates?.claim(violation, fingerprint);
    if (duplicateOf === undefined) {
      violations.push(violation);
      continue;
    }
    duplicates.push({ violation, duplicateOf });
    deps.log.info("Violation repeats an identical event within the dedup window", {
      violationId: violation.violationId,
      duplicateOf,
    });
  }
  if (violations.length > 0 && deps.publisher) await deps.publisher.publish(violations);
  countViolations(deps.metrics, violations);
  deps.log.info("Event judged", {
    eventId: detail.eventID,
    eventName: detail.eventName,
    violations: violations.map((violation) => `${violation.title}:${violation.severity}`),
    suppressed: suppressed.length,
    duplicates: duplicates.length,
  });
  return { violations, suppressed, duplicates };
}
