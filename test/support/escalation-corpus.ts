/**
 * The escalation corpus of `test/fixtures/escalation-corpus/`: IAM policies written from public
 * catalogues of privilege escalation paths, each labelled `escalation` or `clean`, and how the
 * detector's rules score on them. The jest test and `npm run bench -- policy-detector` share it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { Rule } from "../../contracts/policy-monitor-config/rules-schema";
import type { Severity } from "../../contracts/violation";
import { formatIssue } from "../../contracts/zod-issues";
import { evaluateDocument } from "../../handlers/policy-monitor/detector/engine/evaluate";
import type {
  DocumentContext,
  DocumentKind,
} from "../../handlers/policy-monitor/detector/engine/types";
import type { ActionCatalogue } from "../../policy-pack/lib/iam/catalogue/catalogue";
import { parsePolicyDocument } from "../../policy-pack/lib/iam/policy-document";

export const ESCALATION_CORPUS_DIR = join(__dirname, "..", "fixtures", "escalation-corpus");

/** A case counts as flagged when a rule of one of these severities hits it. */
export const FLAGGING_SEVERITIES: ReadonlySet<Severity> = new Set(["HIGH", "CRITICAL"]);

/** The share of escalation cases the default rules must flag. */
export const MIN_CORPUS_RECALL = 0.97;

/**
 * The SPDX ids the corpus's sources state; the README's sources table lists each. A source under
 * another licence is added here and there.
 */
export const CORPUS_LICENCES = ["Apache-2.0", "BSD-3-Clause"] as const;

/** A corpus file or case that does not have the corpus's shape. */
export class EscalationCorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EscalationCorpusError";
  }
}

const contextSchema = z.strictObject({
  /** The account that holds the policy: a trusted principal elsewhere is cross-account. */
  account: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit account id")
    .optional(),
  /** The managed policy's own ARN, for a policy that names itself. */
  policyArn: z.string().startsWith("arn:").optional(),
  /** The user or role that holds the policy, for a grant on the holder itself. */
  principalArn: z.string().startsWith("arn:").optional(),
  /** The time of the evaluation, for conditions on time. */
  now: z.iso.datetime().optional(),
});

const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "must be lower-case words joined by -"),
  source: z.url({ protocol: /^https$/ }),
  licence: z.enum(CORPUS_LICENCES),
  kind: z.enum(["identity", "trust"] satisfies DocumentKind[]),
  expected: z.enum(["escalation", "clean"]),
  document: z.record(z.string(), z.unknown()),
  context: contextSchema.optional(),
  why: z.string().min(1),
});

export type CorpusCase = z.infer<typeof caseSchema>;
export type CorpusCaseContext = z.infer<typeof contextSchema>;

/** The cases of one corpus file (a JSON array); `file` names it in errors. */
export function parseCorpusFile(file: string, content: unknown): CorpusCase[] {
  const parsed = z.array(caseSchema).safeParse(content);
  if (!parsed.success) {
    throw new EscalationCorpusError(formatIssue(parsed.error.issues[0], { root: [file] }));
  }
  return parsed.data;
}

/** Every case of every `*.json` file of the corpus folder; ids are unique across files. */
export function loadEscalationCorpus(dir: string = ESCALATION_CORPUS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const fileOfId = new Map<string, string>();
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort();
  for (const file of files) {
    for (const corpusCase of parseCorpusFile(
      file,
      JSON.parse(readFileSync(join(dir, file), "utf8")),
    )) {
      const earlier = fileOfId.get(corpusCase.id);
      if (earlier) {
        throw new EscalationCorpusError(`${file}: id ${corpusCase.id} is also used in ${earlier}`);
      }
      fileOfId.set(corpusCase.id, file);
      cases.push(corpusCase);
    }
  }
  return cases;
}

function documentContext(context: CorpusCaseContext | undefined): DocumentContext | undefined {
  if (!context) return undefined;
  const { now, ...rest } = context;
  return now === undefined ? rest : { ...rest, now: new Date(now) };
}

export interface CaseResult {
  readonly corpusCase: CorpusCase;
  /** Ids of the HIGH and CRITICAL rules that hit, in rule order. */
  readonly flaggingRules: readonly string[];
}

/** Runs one case through the engine. */
export function judgeCase(
  corpusCase: CorpusCase,
  rules: readonly Rule[],
  catalogue: ActionCatalogue,
): CaseResult {
  const statements = parsePolicyDocument(corpusCase.document, corpusCase.id);
  const context = documentContext(corpusCase.context);
  const hits = evaluateDocument(statements, corpusCase.kind, rules, catalogue, context);
  const flaggingRules = hits
    .filter((hit) => FLAGGING_SEVERITIES.has(hit.rule.severity))
    .map((hit) => hit.rule.id);
  return { corpusCase, flaggingRules };
}

export interface CorpusScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** Flagged escalations / flagged cases; 1 when nothing is flagged. */
  readonly precision: number;
  /** Flagged escalations / escalations; 1 when there are none. */
  readonly recall: number;
  /** Escalation cases not flagged. */
  readonly missed: readonly string[];
  /** Clean cases flagged, with the rules that flagged them. */
  readonly falseAlarms: readonly { readonly id: string; readonly rules: readonly string[] }[];
}

export function scoreCorpus(results: readonly CaseResult[]): CorpusScore {
  const missed: string[] = [];
  const falseAlarms: { id: string; rules: readonly string[] }[] = [];
  let truePositives = 0;
  let trueNegatives = 0;
  for (const { corpusCase, flaggingRules } of results) {
    const flagged = flaggingRules.length > 0;
    if (corpusCase.expected === "escalation") {
      if (flagged) truePositives++;
      else missed.push(corpusCase.id);
    } else if (flagged) {
      falseAlarms.push({ id: corpusCase.id, rules: flaggingRules });
    } else {
      trueNegatives++;
    }
  }
  const flaggedCount = truePositives + falseAlarms.length;
  const escalations = truePositives + missed.length;
  return {
    truePositives,
    falsePositives: falseAlarms.length,
    trueNegatives,
    falseNegatives: missed.length,
    precision: flaggedCount === 0 ? 1 : truePositives / flaggedCount,
    recall: escalations === 0 ? 1 : truePositives / escalations,
    missed,
    falseAlarms,
  };
}

/** The score as report lines: counts, precision, recall, then the ids it got wrong. */
export function formatCorpusScore(score: CorpusScore): string[] {
  return [
    `true positives ${score.truePositives}, false positives ${score.falsePositives}, ` +
      `true negatives ${score.trueNegatives}, false negatives ${score.falseNegatives}`,
    `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`,
    `missed: ${score.missed.length > 0 ? score.missed.join(", ") : "none"}`,
    `false alarms: ${
      score.falseAlarms.length > 0
        ? score.falseAlarms.map(({ id, rules }) => `${id} (${rules.join(", ")})`).join(", ")
        : "none"
    }`,
  ];
}
