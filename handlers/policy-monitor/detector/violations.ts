import { createHash } from "node:crypto";
import {
  VIOLATION_SCHEMA_VERSION,
  violationSchema,
  type Actor,
  type Violation,
  type ViolationTarget,
} from "../../../contracts/violation";
import type { CloudTrailDetail } from "./cloudtrail-event";
import type { RuleHit } from "./engine/evaluate";

/** Stable for the same event, rule and target, so that consumers can drop duplicates. */
export function violationId(eventId: string, ruleId: string, target: ViolationTarget): string {
  const targetKey = [target.kind, target.policyArn, target.policyName, target.principalArn].join(
    "|",
  );
  return createHash("sha256")
    .update(`${eventId}\n${ruleId}\n${targetKey}`)
    .digest("hex")
    .slice(0, 32);
}

export function actorOf(detail: CloudTrailDetail): Actor {
  const identity = detail.userIdentity;
  const actor: Actor = {
    type: identity.type,
    arn: identity.arn,
    principalId: identity.principalId,
    accountId: identity.accountId,
    userName: identity.userName,
    sourceIPAddress: detail.sourceIPAddress,
    userAgent: detail.userAgent,
  };
  return Object.fromEntries(
    Object.entries(actor).filter(([, value]) => value !== undefined),
  ) as Actor;
}

/** A violation event (schema v1) for one rule hit, validated against the shared schema. */
export function buildViolation(
  hit: RuleHit,
  target: ViolationTarget,
  detail: CloudTrailDetail,
  detectedAt: Date,
): Violation {
  const cleanTarget = Object.fromEntries(
    Object.entries(target).filter(([, value]) => value !== undefined),
  ) as ViolationTarget;
  return violationSchema.parse({
    schemaVersion: VIOLATION_SCHEMA_VERSION,
    violationId: violationId(detail.eventID, hit.rule.id, cleanTarget),
    ruleId: hit.rule.id,
    title: hit.rule.title,
    description: hit.rule.description,
    severity: hit.rule.severity,
    findings: hit.findings.map((finding) =>
      finding.sid === undefined ? (({ sid: _sid, ...rest }) => rest)(finding) : finding,
    ),
    target: cleanTarget,
    actor: actorOf(detail),
    eventId: detail.eventID,
    eventName: detail.eventName,
    eventTime: detail.eventTime,
    awsRegion: detail.awsRegion,
    accountId: detail.recipientAccountId,
    ...(hit.rule.suggestedAction ? { suggestedAction: hit.rule.suggestedAction } : {}),
    detectedAt: detectedAt.toISOString(),
  });
}
