import type { Violation } from "../../../contracts/violation";
import {
  describeActor,
  describeFindings,
  describeTarget,
  suppressionHint,
} from "../shared/describe";

/** SNS allows subjects up to 100 characters, printable ASCII only. */
export function violationEmailSubject(violation: Violation): string {
  const subject = `[opsguard] ${violation.severity} IAM policy violation: ${violation.title}`;
  return subject.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}

/** The plain-text email of a violation: what, who, where, which statements, how to suppress. */
export function violationEmailText(violation: Violation): string {
  return [
    `${violation.severity}: ${violation.title}`,
    "",
    `What:   ${violation.description}`,
    `Rule:   ${violation.ruleId}`,
    `Target: ${describeTarget(violation)}`,
    `Who:    ${describeActor(violation)}`,
    `Where:  account ${violation.accountId}, region ${violation.awsRegion}`,
    `When:   ${violation.eventTime} (${violation.eventName}, CloudTrail event ${violation.eventId})`,
    "",
    "Statements:",
    ...describeFindings(violation, 25).map((line) => `  - ${line}`),
    "",
    violation.suggestedAction
      ? `Suggested remediation: ${violation.suggestedAction}`
      : "Suggested remediation: none (review by hand)",
    suppressionHint(violation),
    "",
    `Violation id: ${violation.violationId}`,
  ].join("\n");
}
