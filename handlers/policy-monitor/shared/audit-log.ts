import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { atStep, httpStatusOf } from "../../shared/aws-errors";
import { AUDIT_BUCKET_PREFIXES, type AuditLogColumn } from "../../../contracts/policy-monitor";
import { ruleIdsOf, type Violation } from "../../../contracts/violation";
import type { RemediationOutcome } from "./remediation-outcome";

/**
 * One line of the audit log: flat, snake_case columns that the Glue table declares. Violations and
 * remediation outcomes share the table and differ by `record_type`. One violation is one record,
 * however many rules matched: `rule_ids` lists them all, highest severity first, and `rule_id`
 * is the first of them (the rule `severity` and `title` come from).
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
  rule_ids: string[];
  suggestion_reason: string;
}

function baseRecord(violation: Violation): Omit<AuditRecord, "record_type" | "recorded_at"> {
  return {
    violation_id: violation.violationId,
    rule_id: violation.rules[0].ruleId,
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
    rule_ids: ruleIdsOf(violation),
    suggestion_reason: violation.suggestionReason,
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
 * The longest violation id a key holds as it is. Longer ones are cut and end with a hash of the whole
 * id, so that every key stays far below S3's 1,024 bytes and two long ids never share one.
 */
export const MAX_KEY_ID_CHARS = 200;
const ID_HASH_CHARS = 32;

/** A violation id as a piece of an S3 key: safe characters only (ASCII), at most MAX_KEY_ID_CHARS. */
export function violationKeyPart(violationId: string): string {
  const safe = violationId.replace(/[^A-Za-z0-9._-]/g, "_");
  if (safe.length <= MAX_KEY_ID_CHARS) return safe;
  const hash = createHash("sha256").update(violationId, "utf8").digest("hex");
  return `${safe.slice(0, MAX_KEY_ID_CHARS - ID_HASH_CHARS - 1)}-${hash.slice(0, ID_HASH_CHARS)}`;
}

/**
 * The object key of a record: partitioned by the UTC day the violation was detected (`detectedAt`,
 * which a redelivery carries unchanged, unlike the clock), and named after the violation (and the
 * outcome), so that a redelivered record, on any day, lands on the key it was written to.
 */
export function auditObjectKey(record: AuditRecord, detectedAt: Date): string {
  const year = detectedAt.getUTCFullYear().toString();
  const month = String(detectedAt.getUTCMonth() + 1).padStart(2, "0");
  const day = String(detectedAt.getUTCDate()).padStart(2, "0");
  const id = violationKeyPart(record.violation_id);
  const name =
    record.record_type === "violation"
      ? `violation-${id}`
      : `remediation-${id}-${String(record.status).toLowerCase()}`;
  return `${AUDIT_BUCKET_PREFIXES.audit}year=${year}/month=${month}/day=${day}/${name}.json`;
}

/** The key and whether this call created it (false: the record was already in the log). */
export interface WrittenAuditRecord {
  readonly key: string;
  readonly created: boolean;
}

/**
 * Writes one record as a JSON line (one object per record), once: the write is conditional on the
 * key being free (`IfNoneMatch: *`), so a redelivery never overwrites the record of what really
 * happened, and an SDK retry after a lost answer finds its own record there. Errors name the key.
 */
export async function writeAuditRecord(
  s3: S3Client,
  bucket: string,
  record: AuditRecord,
  detectedAt: Date,
): Promise<WrittenAuditRecord> {
  const key = auditObjectKey(record, detectedAt);
  return atStep(`writing audit record s3://${bucket}/${key}`, async () => {
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: `${JSON.stringify(record)}\n`,
          ContentType: "application/x-ndjson",
          IfNoneMatch: "*",
        }),
      );
      return { key, created: true };
    } catch (error) {
      if ((error as Error).name === "PreconditionFailed" || httpStatusOf(error) === 412) {
        return { key, created: false };
      }
      throw error;
    }
  });
}
