import type { RuleMatch, Violation } from "../../../contracts/violation";

/** The thing the violation is about, in words: `managed policy arn:… attached to role app`. */
export function describeTarget(violation: Violation): string {
  const t = violation.target;
  const policy =
    t.kind === "trust-policy"
      ? "trust policy"
      : `${t.kind === "inline-policy" ? "inline" : "managed"} policy ${t.policyArn ?? t.policyName ?? "(unnamed)"}`;
  const principal = t.principalName ? `${t.principalType ?? "principal"} ${t.principalName}` : "";
  if (!principal) return policy;
  return t.kind === "trust-policy"
    ? `${policy} of ${principal}`
    : `${policy} ${t.kind === "inline-policy" ? "of" : "on"} ${principal}`;
}

export function describeActor(violation: Violation): string {
  const a = violation.actor;
  return `${a.arn ?? a.userName ?? a.principalId ?? "unknown"} (${a.type})${
    a.sourceIPAddress ? ` from ${a.sourceIPAddress}` : ""
  }`;
}

/** ` (+1 more rule)`, ` (+2 more rules)`, or nothing for a violation of one rule. */
export function moreRulesSuffix(violation: Violation): string {
  const more = violation.rules.length - 1;
  if (more === 0) return "";
  return ` (+${more} more ${more === 1 ? "rule" : "rules"})`;
}

/** The headline of a violation: `CRITICAL: <first rule's title> (+1 more rule)`. */
export function describeHeadline(violation: Violation): string {
  return `${violation.severity}: ${violation.title}${moreRulesSuffix(violation)}`;
}

/** One line per finding of a rule: statement, actions, resources (lists cut to `limit` items). */
export function describeFindings(rule: RuleMatch, limit = 10): string[] {
  const cut = (items: string[]) =>
    items.length > limit
      ? `${items.slice(0, limit).join(", ")} … (+${items.length - limit})`
      : items.join(", ");
  return rule.findings.map(
    (f) =>
      `Statement ${f.statementIndex}${f.sid ? ` (${f.sid})` : ""}: actions ${cut(f.actions)} on ${cut(f.resources)}`,
  );
}

/** One line of a rule: `CRITICAL full-admin: Full administrator access`. */
export function describeRule(rule: RuleMatch): string {
  return `${rule.severity} ${rule.ruleId}: ${rule.title}`;
}

/**
 * Every rule of a violation as plain text, in its order: a numbered line per rule, then its
 * description and its findings, indented.
 */
export function describeRules(violation: Violation, limit = 10): string[] {
  return violation.rules.flatMap((rule, index) => [
    ...(index > 0 ? [""] : []),
    `${index + 1}. ${describeRule(rule)}`,
    ...(rule.description ? [`   ${rule.description}`] : []),
    ...describeFindings(rule, limit).map((line) => `   - ${line}`),
  ]);
}

/** What the remediator will be asked to do, and why (or why it will do nothing). */
export function describeSuggestion(violation: Violation): string {
  // Without an action the reason says why, starting "notify only".
  return violation.suggestedAction
    ? `${violation.suggestedAction}: ${violation.suggestionReason}`
    : violation.suggestionReason;
}

/** `a`, `a and b`, `a, b and c`. */
function listInWords(items: readonly string[]): string {
  return items.length < 2
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * How to silence the violation. The detector never suppresses a CRITICAL rule, and a violation is
 * published while one of its rules is not suppressed, so the hint names every rule.
 */
export function suppressionHint(violation: Violation): string {
  const critical = violation.rules
    .filter((rule) => rule.severity === "CRITICAL")
    .map((rule) => rule.ruleId);
  if (critical.length > 0) {
    return `CRITICAL ${critical.length === 1 ? "rule" : "rules"} ${listInWords(critical)} cannot be suppressed: fix the policy.`;
  }
  const ids = violation.rules.map((rule) => rule.ruleId);
  const resource =
    violation.target.policyArn ?? violation.target.principalArn ?? violation.target.principalName;
  return (
    `To suppress it, add an entry to suppress.yaml in the config bucket for ` +
    `${ids.length === 1 ? "rule" : "rules"} ${listInWords(ids)}` +
    `${resource ? ` and ${resource}` : ""}, with a reason (and an expiry if it is temporary).`
  );
}

/**
 * An SNS subject (at most 100 characters, printable ASCII): the title is cut so that what follows
 * it, such as ` (+2 more rules)`, always shows.
 */
export function snsSubject(prefix: string, title: string, suffix = ""): string {
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, "?");
  const room = Math.max(0, 100 - prefix.length - suffix.length);
  return ascii(`${prefix}${title.slice(0, room)}${suffix}`).slice(0, 100);
}
