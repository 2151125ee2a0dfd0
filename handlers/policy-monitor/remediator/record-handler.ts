import type { IAMClient } from "@aws-sdk/client-iam";
import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSRecord } from "aws-lambda";
import { atStep, describeError, httpStatusOf } from "../../shared/aws-errors";
import { clip } from "../../shared/quote";
import { remediationAuditRecord, violationKeyPart, writeAuditRecord } from "../shared/audit-log";
import { AUDIT_BUCKET_PREFIXES, RESPONDER_METRICS } from "../../../contracts/policy-monitor";
import type { MetricsSink } from "../shared/metrics";
import type { RemediationOutcome } from "../shared/remediation-outcome";
import { parseViolationJson } from "../shared/violation-event";
import type { RemediatorConfig } from "./config";
import type { OutcomeNotifier } from "./notify";
import { remediateViolation } from "./remediate";

/** Thrown for a record whose remediation failed, so that it alone is retried (then dead-lettered). */
export class RemediationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RemediationFailedError";
  }
}

export interface RecordDeps {
  readonly iam: IAMClient;
  readonly s3: S3Client;
  readonly config: RemediatorConfig;
  readonly ownRoleName: () => Promise<string>;
  readonly notifiers: readonly OutcomeNotifier[];
  readonly metrics: MetricsSink;
  readonly logger: Pick<Logger, "info" | "warn" | "error">;
  readonly now: () => Date;
}

/** The marker of a finished remediation: its presence makes a repeated message a no-op. */
export function doneMarkerKey(violationId: string, dryRun: boolean): string {
  const id = violationKeyPart(violationId);
  return `${AUDIT_BUCKET_PREFIXES.state}remediations/${id}.${dryRun ? "dry-run" : "live"}.json`;
}

/**
 * Whether the done marker exists. The role may read every marker (`s3:GetObject` on the state
 * prefix) but may not list the bucket, so S3 answers a marker not written yet with 403, not 404:
 * both mean "absent". HeadObject of an SSE-KMS object needs no key access, so a 403 has no other
 * cause while that grant stands (test/iam-tables.test.ts checks it).
 */
async function markerExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const status = httpStatusOf(error);
    const name = (error as Error).name;
    if (name === "NotFound" || status === 404) return false;
    if (name === "Forbidden" || status === 403) return false;
    throw error;
  }
}

const METRIC_OF_STATUS = {
  SUCCESS: RESPONDER_METRICS.remediationSuccess,
  FAILURE: RESPONDER_METRICS.remediationFailure,
  SKIPPED: RESPONDER_METRICS.remediationSkipped,
  DRY_RUN: RESPONDER_METRICS.dryRunExecutions,
} as const;

/**
 * Handles one SQS message: a violation (EventBridge event or bare). A message already handled is a
 * no-op. Otherwise the outcome is audited, counted and notified; a FAILURE throws afterwards.
 * Returns the outcome, or null for a duplicate.
 */
export async function handleRemediationRecord(
  body: string,
  deps: RecordDeps,
): Promise<RemediationOutcome | null> {
  const violation = parseViolationJson(body);
  const { config } = deps;
  const markerKey = doneMarkerKey(violation.violationId, config.dryRun);
  const markerUri = `s3://${config.auditBucket}/${markerKey}`;
  const done = await atStep(`reading done marker ${markerUri}`, () =>
    markerExists(deps.s3, config.auditBucket, markerKey),
  );
  if (done) {
    deps.logger.info("duplicate remediation message ignored", {
      violationId: violation.violationId,
    });
    return null;
  }

  const outcome = await remediateViolation(violation, {
    iam: deps.iam,
    config,
    ownRoleName: await atStep("reading the remediator's own role (sts:GetCallerIdentity)", () =>
      deps.ownRoleName(),
    ),
    now: deps.now,
  });
  // A redelivery after a change was made finds "nothing to change": the record of the real change
  // stays, as the audit write never replaces a record and files it by the violation's detection day.
  const { key: auditKey, created } = await writeAuditRecord(
    deps.s3,
    config.auditBucket,
    remediationAuditRecord(outcome),
    new Date(violation.detectedAt),
  ).catch((error: unknown) => {
    // What was changed must not be lost with the record: the log keeps it until a retry audits it.
    deps.logger.error("remediation outcome not audited", {
      violationId: violation.violationId,
      status: outcome.status,
      reason: outcome.reason,
      changes: outcome.changes,
      error: describeError(error),
    });
    throw error;
  });
  if (!created) {
    deps.logger.info("remediation outcome already audited", {
      violationId: violation.violationId,
      auditKey,
    });
  }
  deps.metrics.addMetric(METRIC_OF_STATUS[outcome.status], "Count", 1);
  deps.metrics.addMetric(RESPONDER_METRICS.auditLogsWritten, "Count", 1);
  deps.logger.info("remediation outcome", {
    violationId: violation.violationId,
    action: outcome.action,
    status: outcome.status,
    reason: outcome.reason,
    changes: outcome.changes,
    auditKey,
  });
  for (const notify of deps.notifiers) {
    try {
      await notify(outcome);
    } catch (error) {
      // The change is made and audited: a lost notification must not undo that by a retry.
      deps.logger.error("remediation notification failed", {
        violationId: violation.violationId,
        error: `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  }

  if (outcome.status === "FAILURE") {
    throw new RemediationFailedError(`${violation.violationId}: ${outcome.reason}`);
  }
  await atStep(`writing done marker ${markerUri}`, () =>
    deps.s3.send(
      new PutObjectCommand({
        Bucket: config.auditBucket,
        Key: markerKey,
        Body: JSON.stringify({ status: outcome.status, finishedAt: outcome.finishedAt, auditKey }),
        ContentType: "application/json",
      }),
    ),
  );
  return outcome;
}

/** How much of a rejection's reason its log line keeps. */
const MAX_REASON_CHARACTERS = 500;

/**
 * Handles one SQS record. A record it rejects (a body that is not JSON or not a violation, a failed
 * remediation, an AWS error) is logged in one line with its message id and the reason, and thrown,
 * so that SQS retries that record alone and its dead letter can be matched to the log.
 */
export async function handleRemediationMessage(
  record: Pick<SQSRecord, "messageId" | "body">,
  deps: RecordDeps,
): Promise<RemediationOutcome | null> {
  try {
    return await handleRemediationRecord(record.body, deps);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    deps.logger.error("remediation message rejected", {
      messageId: record.messageId,
      reason: clip(`${name}: ${message}`, MAX_REASON_CHARACTERS),
    });
    throw error;
  }
}
