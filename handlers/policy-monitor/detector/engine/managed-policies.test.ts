import { readFileSync } from "node:fs";
import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import { parsePolicyDocument } from "../../../../policy-pack/lib/iam/policy-document";
import {
  compactFinding,
  defaultRulesText,
  managedPolicyDocuments,
  MANAGED_POLICY_FINDINGS_PATH,
  type ManagedPolicyFindings,
} from "../../../../test/support/managed-policy-findings";
import { evaluateDocument } from "./evaluate";
import type { RuleHit } from "./types";
import { parseRules } from "../../../../contracts/policy-monitor-config/parse";

const rules = parseRules(defaultRulesText());
const catalogue = defaultCatalogue();
const documents = managedPolicyDocuments();
const hitsByPolicy = new Map<string, RuleHit[]>(
  documents.map(([name, document]) => [
    name,
    evaluateDocument(parsePolicyDocument(document, name), "identity", rules, catalogue),
  ]),
);

describe("the default rules on every AWS managed policy", () => {
  test("find exactly what test/fixtures/managed-policies/findings.json records", () => {
    // The fixture is written by test/support/managed-policy-findings.ts; a change of the engine
    // that is not meant to alter findings must leave this equal.
    const expected = JSON.parse(
      readFileSync(MANAGED_POLICY_FINDINGS_PATH, "utf8"),
    ) as ManagedPolicyFindings;
    const actual: ManagedPolicyFindings = {};
    for (const [name, hits] of hitsByPolicy) {
      if (hits.length === 0) continue;
      actual[name] = Object.fromEntries(
        hits.map((hit) => [hit.rule.id, hit.findings.map(compactFinding)]),
      );
    }
    expect(hitsByPolicy.size).toBeGreaterThan(1500);
    expect(actual).toEqual(expected);
  });

  test("each finding carries the policy's own statement at its statementIndex", () => {
    const mismatched: string[] = [];
    for (const [name, document] of documents) {
      const statements = parsePolicyDocument(document, name);
      for (const hit of hitsByPolicy.get(name)!) {
        for (const finding of hit.findings) {
          if (finding.statement !== statements[finding.statementIndex].raw) {
            mismatched.push(`${name} ${hit.rule.id} ${finding.statementIndex}`);
          }
        }
      }
    }
    expect(mismatched).toEqual([]);
  });
});

describe("AWS's read-only managed policies", () => {
  const aboveLow = (name: string) =>
    hitsByPolicy
      .get(name)!
      .filter((hit) => hit.rule.severity !== "LOW")
      .map((hit) => ({
        ruleId: hit.rule.id,
        severity: hit.rule.severity,
        actions: hit.findings.flatMap((finding) => finding.actions),
      }));

  test.each(["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"])(
    "%s raises nothing above LOW",
    (name) => {
      expect(aboveLow(name)).toEqual([]);
    },
  );

  test("ReadOnlyAccess's only finding is the LOW session-token one", () => {
    // s3express:CreateSession is granted with SessionMode pinned to ReadOnly: it reads.
    expect(
      hitsByPolicy.get("ReadOnlyAccess")!.map((hit) => ({
        ruleId: hit.rule.id,
        severity: hit.rule.severity,
        actions: hit.findings.flatMap((finding) => finding.actions),
      })),
    ).toEqual([
      {
        ruleId: "wildcard-resource-session-token",
        severity: "LOW",
        actions: ["athena:GetSessionEndpoint", "cognito-idp:GetTokensFromRefreshToken"],
      },
    ]);
  });
});
