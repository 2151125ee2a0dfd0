import type { S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "@aws-lambda-powertools/logger";
import { violationAuditRecord, writeAuditRecord } from "../shared/audit-log";
import { RESPONDER_METRICS } from "../../../contracts/policy-monitor";
import type { MetricsSink } from "../shared/metrics";
import { parseViolationEvent } from "../shared/violation-event";

export interface AuditWriterDeps {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly metrics: MetricsSink;
  readonly logger: Pick<Logger, "info">;
}

/**
 * Writes one violation event to the audit log. The record is dated by the violation's `detectedAt`
 * (the parser refuses one that is not a date) and never by the clock, so a redelivered event, on
 * any day, finds its record on the same key and leaves it as it is.
 */
export async function auditViolation(
  event: unknown,
  deps: AuditWriterDeps,
): Promise<{ key: string }> {
  const violation = parseViolationEvent(event);
  const detectedAt = new Date(violation.detectedAt);
  const { key, created } = await writeAuditRecord(
    deps.s3,
    deps.bucket,
    violationAuditRecord(violation, detectedAt),
    detectedAt,
  );
  deps.metrics.addMetric(RESPONDER_METRICS.auditLogsWritten, "Count", 1);
  deps.logger.info(created ? "violation audited" : "violation already audited", {
    violationId: violation.violationId,
    key,
  });
  return { key };
}
