import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

/**
 * ESLint's restricted-import findings for each source, linted as if it were the file at its path.
 * ESLint loads its ES-module config by dynamic import, which Jest's VM cannot do: it runs in a child.
 */
function restrictedImports(cases: readonly (readonly [string, string, boolean])[]): string[][] {
  const script = `
    const { ESLint } = require("eslint");
    const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    const eslint = new ESLint({ cwd: process.cwd() });
    Promise.all(cases.map(([path, source]) =>
      eslint.lintText(source + "\\nexport {};\\n", { filePath: require("node:path").join(process.cwd(), path) })
    )).then((results) => process.stdout.write(JSON.stringify(results.map(([result]) =>
      result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message)))));
  `;
  const output = execFileSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: "utf8",
  });
  return JSON.parse(output) as string[][];
}

const CASES: [path: string, source: string, restricted: boolean][] = [
  ["handlers/code-watcher/x.ts", 'import * as pulumi from "@pulumi/pulumi";', true],
  ["handlers/code-watcher/x.ts", 'import type { Output } from "@pulumi/pulumi";', true],
  [
    "handlers/code-watcher/x.ts",
    'import { LambdaFunction } from "../../components/core/lambda-function";',
    true,
  ],
  [
    "handlers/policy-monitor/detector/x.ts",
    'import { codeWatcherArgs } from "../../../config/code-watcher";',
    true,
  ],
  ["handlers/code-watcher/x.ts", 'import { flag } from "../../tools/shared/args";', true],
  ["handlers/code-watcher/x.ts", 'import { awsTestConfig } from "../../test/harness/moto";', true],
  [
    "handlers/code-watcher/x.test.ts",
    'import { awsTestConfig } from "../../test/harness/moto";',
    false,
  ],
  [
    "handlers/code-watcher/x.test.ts",
    'import { CodeWatcher } from "../../components/code-watcher";',
    true,
  ],
  ["handlers/code-watcher/x.ts", 'import { S3Client } from "@aws-sdk/client-s3";', false],
  [
    "handlers/code-watcher/x.ts",
    'import { CODE_WATCHER_ENV } from "../../contracts/code-watcher";',
    false,
  ],
  [
    "handlers/policy-monitor/detector/x.ts",
    'import { globMatches } from "../../../policy-pack/lib/iam/glob";',
    false,
  ],
  [
    "components/code-watcher/x.ts",
    'import { watch } from "../../handlers/code-watcher/watch";',
    true,
  ],
  [
    "components/code-watcher/x.ts",
    'import type { Violation } from "../../handlers/policy-monitor/shared/x";',
    true,
  ],
  [
    "components/code-watcher/x.test.ts",
    'import { watch } from "../../handlers/code-watcher/watch";',
    true,
  ],
  [
    "components/code-watcher/x.ts",
    'import { CODE_WATCHER_ENV } from "../../contracts/code-watcher";',
    false,
  ],
  ["contracts/x.ts", 'import * as aws from "@pulumi/aws";', true],
  ["contracts/x.ts", 'import { S3Client } from "@aws-sdk/client-s3";', true],
  ["contracts/x.ts", 'import { watch } from "../handlers/code-watcher/watch";', true],
  ["contracts/x.ts", 'import { z } from "zod";', false],
  ["contracts/x.ts", 'import { VIOLATION_SOURCE } from "./violation";', false],
  ["contracts/x.ts", 'import { load } from "js-yaml";', false],
  [
    "contracts/policy-monitor-config/x.ts",
    'import { ACCESS_LEVELS } from "../../policy-pack/lib/iam/catalogue/access-levels";',
    false,
  ],
  ["contracts/policy-monitor-config/x.ts", 'import { pack } from "../../policy-pack/index";', true],
  [
    "policy-pack/lib/x.ts",
    'import type { PlannedResource } from "../../tools/mock-runtime/run-program";',
    true,
  ],
  [
    "policy-pack/policies/x.ts",
    'import { VIOLATION_SOURCE } from "../../contracts/violation";',
    true,
  ],
  ["policy-pack/lib/iam/x.ts", 'import { awsTestConfig } from "../../../test/harness/moto";', true],
  ["policy-pack/policies/x.ts", 'import { isUnknown } from "../lib/unknown";', false],
  ["policy-pack/lib/iam/x.ts", 'import { parsePolicyDocument } from "./policy-document";', false],
  [
    "policy-pack/test/run-policy.ts",
    'import { evaluatePolicies } from "../../tools/mock-runtime/evaluate-policies";',
    false,
  ],
  [
    "policy-pack/policies/x.test.ts",
    'import { runProgram } from "../../tools/mock-runtime/run-program";',
    false,
  ],
];

describe("import layers (eslint.config.mjs)", () => {
  const findings = restrictedImports(CASES);

  test.each(CASES.map((entry, index) => [...entry, index] as const))(
    "%s: %s → restricted: %s",
    (_path, _source, restricted, index) => {
      expect(findings[index].length > 0).toBe(restricted);
    },
  );

  test("a finding says which layer rule was broken", () => {
    expect(findings[2]).toEqual([
      "'../../components/core/lambda-function' import is restricted from being used by a pattern. handlers import only handlers/, contracts/ and policy-pack/lib/iam/.",
    ]);
  });
});
