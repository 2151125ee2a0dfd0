import type { Violation } from "../../../../contracts/violation";
import type { Suppression } from "../../../../contracts/policy-monitor-config/suppress-schema";
import { matchesGlob } from "../../../../policy-pack/lib/iam/glob";

function anyMatches(patterns: readonly string[] | undefined, values: (string | undefined)[]) {
  return (
    !patterns ||
    patterns.some((pattern) =>
      values.some((value) => value !== undefined && matchesGlob(pattern, value)),
    )
  );
}

export interface SuppressionDecision {
  readonly suppressed: boolean;
  /** The suppression that applied, or why none could. */
  readonly reason?: string;
  readonly index?: number;
}

/**
 * Decides whether a violation is suppressed. CRITICAL violations never are; an expired suppression
 * does not apply. Every given criterion of a suppression must match (targets: the policy ARN or the
 * principal ARN).
 */
export function decideSuppression(
  violation: Violation,
  suppressions: readonly Suppression[],
  now: Date,
): SuppressionDecision {
  if (violation.severity === "CRITICAL") return { suppressed: false };
  const index = suppressions.findIndex(
    (entry) =>
      (!entry.expires || entry.expires.getTime() > now.getTime()) &&
      anyMatches(entry.rules, [violation.ruleId]) &&
      anyMatches(entry.targets, [violation.target.policyArn, violation.target.principalArn]) &&
      anyMatches(entry.actors, [violation.actor.arn]) &&
      anyMatches(entry.accounts, [violation.accountId]),
  );
  return index < 0
    ? { suppressed: false }
    : { suppressed: true, reason: suppressions[index].reason, index };
}
