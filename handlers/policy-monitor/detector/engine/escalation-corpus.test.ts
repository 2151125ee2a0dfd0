import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRules } from "../../../../contracts/policy-monitor-config/parse";
import { defaultCatalogue } from "../../../../policy-pack/lib/iam/catalogue/catalogue";
import {
  ESCALATION_CORPUS_DIR,
  EscalationCorpusError,
  judgeCase,
  loadEscalationCorpus,
  MIN_CORPUS_RECALL,
  parseCorpusFile,
  scoreCorpus,
  type CaseResult,
  type CorpusCase,
} from "../../../../test/support/escalation-corpus";
import { defaultRulesText } from "../../../../test/support/managed-policy-findings";

const rules = parseRules(defaultRulesText());
const catalogue = defaultCatalogue();
const corpus = loadEscalationCorpus();
const score = scoreCorpus(corpus.map((corpusCase) => judgeCase(corpusCase, rules, catalogue)));

const validCase = {
  id: "pf-iam-002",
  source: "https://pathfinding.cloud/paths/iam-002",
  licence: "Apache-2.0",
  kind: "identity",
  expected: "escalation",
  document: { Version: "2012-10-17", Statement: [] },
  why: "Access keys for any user.",
};

describe("the escalation corpus", () => {
  test("holds at least 45 escalation and 15 clean cases", () => {
    const count = (expected: CorpusCase["expected"]) =>
      corpus.filter((corpusCase) => corpusCase.expected === expected).length;
    expect(count("escalation")).toBeGreaterThanOrEqual(45);
    expect(count("clean")).toBeGreaterThanOrEqual(15);
  });

  test("names each licence its cases use in the README's sources table", () => {
    const readme = readFileSync(join(ESCALATION_CORPUS_DIR, "README.md"), "utf8");
    const used = [...new Set(corpus.map((corpusCase) => corpusCase.licence))];
    const inTable = (licence: string) => new RegExp(`\\|\\s*${licence}\\s*\\|`).test(readme);
    expect(used.filter((licence) => !inTable(licence))).toEqual([]);
  });

  test("the default rules flag at least 97% of its escalation cases", () => {
    // On failure this lists the escalations no HIGH or CRITICAL rule caught.
    expect(score.recall >= MIN_CORPUS_RECALL ? [] : score.missed).toEqual([]);
  });

  test("the default rules flag none of its clean cases", () => {
    expect(score.falseAlarms).toEqual([]);
  });
});

describe("parseCorpusFile", () => {
  test("accepts a case with every required field", () => {
    expect(parseCorpusFile("cases.json", [validCase])).toEqual([validCase]);
  });

  test.each([
    ["a missing source", { source: undefined }, "cases.json[0].source"],
    ["a licence outside CORPUS_LICENCES", { licence: "GPL-3.0" }, "cases.json[0].licence"],
    ["a plain-http source", { source: "http://pathfinding.cloud/paths/iam-002" }, "[0].source"],
    ["an unknown key", { severity: "HIGH" }, "cases.json[0]: Unrecognized key"],
    ["a short account id", { context: { account: "1234" } }, "cases.json[0].context.account"],
  ])("rejects %s, naming the field", (_name, change, where) => {
    const parse = () => parseCorpusFile("cases.json", [{ ...validCase, ...change }]);
    expect(parse).toThrow(EscalationCorpusError);
    expect(parse).toThrow(where);
  });
});

describe("scoreCorpus", () => {
  const result = (id: string, expected: CorpusCase["expected"], flaggingRules: string[]) =>
    ({ corpusCase: { ...validCase, id, expected }, flaggingRules }) as CaseResult;

  test("counts each outcome and lists the misses and false alarms", () => {
    const results = [
      result("caught", "escalation", ["privesc-access-key"]),
      result("also-caught", "escalation", ["full-admin"]),
      result("missed", "escalation", []),
      result("quiet", "clean", []),
      result("noisy", "clean", ["passrole-wildcard"]),
    ];
    expect(scoreCorpus(results)).toEqual({
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
      missed: ["missed"],
      falseAlarms: [{ id: "noisy", rules: ["passrole-wildcard"] }],
    });
  });

  test("reports precision and recall of 1 when nothing is flagged and nothing is expected", () => {
    expect(scoreCorpus([result("quiet", "clean", [])])).toMatchObject({ precision: 1, recall: 1 });
  });
});
