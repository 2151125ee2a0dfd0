/**
 * npm run plan [-- --stack <name>] [--program <file>] [--json] [--preview] [--policy-config <file>]
 *
 * Runs the Pulumi program under the Pulumi SDK's mock runtime with the config of
 * `Pulumi.<stack>.yaml` (default `dev`), prints the resource tree, and evaluates every policy of
 * `policy-pack/` against every resource and the stack. Exits 1 on a mandatory violation.
 * With `--json`, prints one object: `{ resources: [...], violations: [...] }`.
 */
import "./shared/node-version";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { evaluatePolicies } from "./mock-runtime/evaluate-policies";
import { formatTree } from "./mock-runtime/format-tree";
import { runProgram } from "./mock-runtime/run-program";
import { readProjectName, readStackConfig } from "./mock-runtime/stack-config";
import {
  readFlagFile,
  runCommand,
  UsageError,
  type CommandSpec,
  type ParsedCommand,
} from "./shared/cli";

const REPO_ROOT = resolve(__dirname, "..");

export const PLAN_COMMAND: CommandSpec = {
  command: "npm run plan --",
  description:
    "Runs a Pulumi program under the mock runtime with the config of Pulumi.<stack>.yaml, prints\n" +
    "the resource tree and evaluates every policy of policy-pack/. Exits 1 on a mandatory violation.",
  flags: [
    {
      name: "stack",
      value: "<name>",
      help: "reads Pulumi.<name>.yaml beside the program; defaults to dev",
    },
    {
      name: "program",
      value: "<file>",
      help: "the program's entry; defaults to this repository's index.ts",
    },
    { name: "json", help: "prints one JSON object { resources, violations } and nothing else" },
    { name: "preview", help: "runs as `pulumi preview` would (unknown outputs stay unknown)" },
    {
      name: "policy-config",
      value: "<file>",
      help: "policy-pack config JSON (levels, settings, exemptions)",
    },
  ],
};

function readPolicyConfig(path: string): Record<string, unknown> {
  const text = readFlagFile("policy-config", path);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--policy-config ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

async function main(args: ParsedCommand): Promise<number> {
  const stack = args.string("stack") ?? "dev";
  const programFlag = args.string("program");
  const programPath = resolve(programFlag ?? resolve(REPO_ROOT, "index.ts"));
  if (programFlag && !existsSync(programPath)) {
    throw new UsageError(`--program: no such file: ${programFlag}`);
  }
  const json = args.has("json");
  const policyConfigFile = args.string("policy-config");
  const policyConfig = policyConfigFile ? readPolicyConfig(policyConfigFile) : undefined;

  // Stack config comes from the program's folder, as with the Pulumi CLI.
  const projectDir = programFlag ? dirname(programPath) : REPO_ROOT;
  const config = readStackConfig(projectDir, stack);
  // The Pulumi CLI runs a program in its project folder: relative paths in it resolve from there.
  process.chdir(projectDir);
  const { resources, outputs } = await runProgram({
    program: () => import(programPath),
    config,
    stack,
    project: readProjectName(projectDir, "opsguard"),
    preview: args.has("preview"),
    programDir: programFlag ? projectDir : undefined,
  });
  const violations = await evaluatePolicies(resources, { config: policyConfig });
  const mandatory = violations.filter((violation) => violation.enforcementLevel === "mandatory");

  if (json) {
    const report = {
      resources: resources.map(({ urn, type, name, parent, inputs }) => ({
        urn,
        type,
        name,
        parent,
        inputs,
      })),
      violations,
    };
    writeStdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    writeStdout(`Stack ${stack}: ${resources.length} resources\n\n${formatTree(resources)}\n\n`);
    writeStdout(`Outputs:\n${JSON.stringify(outputs, null, 2)}\n\n`);
    if (violations.length === 0) writeStdout("Policies: no violations\n");
    for (const violation of violations) {
      writeStdout(
        `[${violation.enforcementLevel}] ${violation.policy}: ${violation.urn}\n    ${violation.message}\n`,
      );
    }
    writeStdout(
      `\n${mandatory.length} mandatory, ${violations.length - mandatory.length} advisory violations\n`,
    );
  }
  return mandatory.length > 0 ? 1 : 0;
}

// The program's own console output goes to stderr, so that `--json` prints JSON alone.
const stdout = process.stdout.write.bind(process.stdout);
const writeStdout = (text: string) => stdout(text);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
console.log = console.error;
console.info = console.error;

void runCommand(PLAN_COMMAND, process.argv.slice(2), main, {
  out: writeStdout,
  err: (text) =>
    process.stderr.write(text.startsWith("npm run plan:") ? text : `plan failed: ${text}`),
  errorNames: false,
});
