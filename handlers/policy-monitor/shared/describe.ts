import type { Violation } from "../../../contracts/violation";

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

/** One line per finding: statement, actions, resources (long lists cut to `limit` items). */
export function describeFindings(violation: Violation, limit = 10): string[] {
  const cut = (items: string[]) =>
    items.length > limit
      ? `${items.slice(0, limit).join(", ")} … (+${items.length - limit})`
      : items.join(", ");
  return violation.findings.map(
    (f) =>
      `Statement ${f.statementIndex}${f.sid ? ` (${f.sid})` : ""}: actions ${cut(f.actions)} on ${cut(f.resources)}`,
  );
}

export function suppressionHint(violation: Violation): string {
  if (violation.severity === "CRITICAL") {
    return "CRITICAL violations cannot be suppressed: fix the policy.";
  }
  const resource =
    violation.target.policyArn ?? violation.target.principalArn ?? violation.target.principalName;
  return (
    `To suppress it, add an entry to suppress.yaml in the config bucket for rule ${violation.ruleId}` +
    `${resource ? ` and ${resource}` : ""}, with a reason (and an expiry if it is temporary).`
  );
}
