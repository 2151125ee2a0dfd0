import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { AUDIT_BUCKET_PREFIXES, type AuditLogColumn } from "../../../contracts/policy-monitor";
import type { Violation } from "../../../contracts/violation";
import type { RemediationOutcome } from "./remediation-outcome";

/**
 * One line of the audit log: flat, snake_case columns that the Glue table declares. Violations and
 * remediation outcomes share the table and differ by `record_type`.
 */
export interface AuditRecord extends Record<AuditLogColumn, unknown> {
  record_type: "violation" | "remediation";
  recorded_at: string;
  violation_id: string;
  rule_id: string;
  severity: string;
  title: string;
  account_id: string;
  region: string;
  event_id: string;
  event_name: string;
  event_time: string;
  actor_type: string;
  actor_arn: string | null;
  target_kind: string;
  policy_arn: string | null;
  policy_name: string | null;
  principal_type: string | null;
  principal_name: string | null;
  principal_arn: string | null;
  suggested_action: string | null;
  action: string | null;
  status: string | null;
  dry_run: boolean | null;
  reason: string | null;
  changes: string[];
}

function baseRecord(violation: Violation): Omit<AuditRecord, "record_type" | "recorded_at"> {
  return {
    violation_id: violation.violationId,
    rule_id: violation.ruleId,
    severity: violation.severity,
    title: violation.title,
    account_id: violation.accountId,
    region: violation.awsRegion,
    event_id: violation.eventId,
    event_name: violation.eventName,
    event_time: violation.eventTime,
    actor_type: violation.actor.type,
    actor_arn: violation.actor.arn ?? null,
    target_kind: violation.target.kind,
    policy_arn: violation.target.policyArn ?? null,
    policy_name: violation.target.policyName ?? null,
    principal_type: violation.target.principalType ?? null,
    principal_name: violation.target.principalName ?? null,
    principal_arn: violation.target.principalArn ?? null,
    suggested_action: violation.suggestedAction ?? null,
    action: null,
    status: null,
    dry_run: null,
    reason: null,
    changes: [],
  };
}

export function violationAuditRecord(violation: Violation, recordedAt: Date): AuditRecord {
  return {
    record_type: "violation",
    recorded_at: recordedAt.toISOString(),
    ...baseRecord(violation),
  };
}

export function remediationAuditRecord(outcome: RemediationOutcome): AuditRecord {
  return {
    record_type: "remediation",
    recorded_at: outcome.finishedAt,
    ...baseRecord(outcome.violation),
    action: outcome.action,
    status: outcome.status,
    dry_run: outcome.dryRun,
    reason: outcome.reason,
    changes: [...outcome.changes],
  };
}

/**
 * The object key of a record: partitioned by the UTC day it was recorded, and named after the
 * violation (and the outcome), so that writing the same record twice overwrites one object.
 */
export function auditObjectKey(record: AuditRecord): string {
  const at = new Date(record.recorded_at);
  const year = at.getUTCFullYear().toString();
  const month = String(at.getUTCMonth() + 1).padStart(2, "0");
  const day = String(at.getUTCDate()).padStart(2, "0");
  const id = record.violation_id.replace(/[^A-Za-z0-9._-]/g, "_");
  const name =
    record.record_type === "violation"
      ? `violation-${id}`
      : `remediation-${id}-${String(record.status).toLowerCase()}`;
  return `${AUDIT_BUCKET_PREFIXES.audit}year=${year}/month=${month}/day=${day}/${name}.json`;
}

/** Writes one record as a JSON line (one object per record) and returns its key. */
export async function writeAuditRecord(
  s3: S3Client,
  bucket: string,
  record: AuditRecord,
): Promise<string> {
  const key = auditObjectKey(record);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: `${JSON.stringify(record)}\n`,
      ContentType: "application/x-ndjson",
    }),
  );
  return key;
}
