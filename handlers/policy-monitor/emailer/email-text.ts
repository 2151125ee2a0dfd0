import type { Violation } from "../../../contracts/violation";
import {
  describeActor,
  describeHeadline,
  describeRules,
  describeSuggestion,
  describeTarget,
  moreRulesSuffix,
  snsSubject,
  suppressionHint,
} from "../shared/describe";

/** `[opsguard] CRITICAL IAM policy violation: <title> (+N more rules)`, fit for SNS. */
export function violationEmailSubject(violation: Violation): string {
  return snsSubject(
    `[opsguard] ${violation.severity} IAM policy violation: `,
    violation.title,
    moreRulesSuffix(violation),
  );
}

/**
 * The plain-text email of a violation: who changed what, where and when, then every rule that
 * matched with its description and statements, the suggested remediation and why, and how to
 * suppress it.
 */
export function violationEmailText(violation: Violation): string {
  return [
    describeHeadline(violation),
    "",
    `Target: ${describeTarget(violation)}`,
    `Who:    ${describeActor(violation)}`,
    `Where:  account ${violation.accountId}, region ${violation.awsRegion}`,
    `When:   ${violation.eventTime} (${violation.eventName}, CloudTrail event ${violation.eventId})`,
    "",
    `Rules matched (${violation.rules.length}):`,
    ...describeRules(violation, 25),
    "",
    `Suggested remediation: ${describeSuggestion(violation)}`,
    suppressionHint(violation),
    "",
    `Violation id: ${violation.violationId}`,
  ].join("\n");
}
