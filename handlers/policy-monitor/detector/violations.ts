import { createHash } from "node:crypto";
import {
  SEVERITIES,
  VIOLATION_SCHEMA_VERSION,
  violationSchema,
  type Actor,
  type Violation,
  type ViolationTarget,
} from "../../../contracts/violation";
import type { CloudTrailDetail } from "./cloudtrail-event";
import type { RuleHit } from "./engine/types";
import { suggestRemediation } from "./suggest";

/** What a violation is about, as one string: its kind, policy and principal. */
export function targetKey(target: ViolationTarget): string {
  return [target.kind, target.policyArn, target.policyName, target.principalArn].join("|");
}

/** Stable for the same event and target, so that consumers can drop duplicates. */
export function violationId(eventId: string, target: ViolationTarget): string {
  return createHash("sha256")
    .update(`${eventId}\n${targetKey(target)}`)
    .digest("hex")
    .slice(0, 32);
}

const rank = (hit: RuleHit) => SEVERITIES.indexOf(hit.rule.severity);

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

/**
 * The one violation (schema v2) for every rule that matched one target of one event: highest
 * severity first (rules of equal severity keep the rules file's order), validated against the
 * shared schema.
 */
export function buildViolation(
  hits: readonly RuleHit[],
  target: ViolationTarget,
  detail: CloudTrailDetail,
  detectedAt: Date,
): Violation {
  if (hits.length === 0) throw new Error("buildViolation needs at least one rule hit");
  const cleanTarget = Object.fromEntries(
    Object.entries(target).filter(([, value]) => value !== undefined),
  ) as ViolationTarget;
  // Array.prototype.sort is stable: equal severities stay in the rules file's order.
  const ordered = [...hits].sort((a, b) => rank(b) - rank(a));
  const suggestion = suggestRemediation(
    cleanTarget,
    detail.eventName,
    ordered.map((hit) => hit.rule.suggestedAction),
  );
  return violationSchema.parse({
    schemaVersion: VIOLATION_SCHEMA_VERSION,
    violationId: violationId(detail.eventID, cleanTarget),
    severity: ordered[0].rule.severity,
    title: ordered[0].rule.title,
    rules: ordered.map((hit) => ({
      ruleId: hit.rule.id,
      title: hit.rule.title,
      description: hit.rule.description,
      severity: hit.rule.severity,
      findings: hit.findings.map((finding) =>
        finding.sid === undefined ? (({ sid: _sid, ...rest }) => rest)(finding) : finding,
      ),
    })),
    target: cleanTarget,
    actor: actorOf(detail),
    eventId: detail.eventID,
    eventName: detail.eventName,
    eventTime: detail.eventTime,
    awsRegion: detail.awsRegion,
    accountId: detail.recipientAccountId,
    ...(suggestion.action ? { suggestedAction: suggestion.action } : {}),
    suggestionReason: suggestion.reason,
    detectedAt: detectedAt.toISOString(),
  });
}
