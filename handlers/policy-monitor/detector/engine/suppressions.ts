import type { Actor, Severity, ViolationTarget } from "../../../../contracts/violation";
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

/** One rule's hit on one target: what a suppression is matched against. */
export interface SuppressionSubject {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly target: ViolationTarget;
  readonly actor: Actor;
  readonly accountId: string;
}

/**
 * Decides whether one rule's hit is suppressed. CRITICAL hits never are; an expired suppression
 * does not apply. Every given criterion of a suppression must match (targets: the policy ARN or the
 * principal ARN).
 */
export function decideSuppression(
  hit: SuppressionSubject,
  suppressions: readonly Suppression[],
  now: Date,
): SuppressionDecision {
  if (hit.severity === "CRITICAL") return { suppressed: false };
  const index = suppressions.findIndex(
    (entry) =>
      (!entry.expires || entry.expires.getTime() > now.getTime()) &&
      anyMatches(entry.rules, [hit.ruleId]) &&
      anyMatches(entry.targets, [hit.target.policyArn, hit.target.principalArn]) &&
      anyMatches(entry.actors, [hit.actor.arn]) &&
      anyMatches(entry.accounts, [hit.accountId]),
  );
  return index < 0
    ? { suppressed: false }
    : { suppressed: true, reason: suppressions[index].reason, index };
}
