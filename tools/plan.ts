/**
 * npm run plan [-- --stack <name>] [--program <file>] [--json] [--policy-config <file>]
 *
 * Runs the Pulumi program under the Pulumi SDK's mock runtime with the config of
 * `Pulumi.<stack>.yaml` (default `dev`), prints the resource tree, and evaluates every policy of
 * `policy-pack/` against every resource and the stack. Exits 1 on a mandatory violation.
 * With `--json`, prints one object: `{ resources: [...], violations: [...] }`.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { evaluatePolicies } from "../policy-pack/lib/evaluate";
import { formatTree } from "./mock-runtime/format-tree";
import { runProgram } from "./mock-runtime/run-program";
import { readProjectName, readStackConfig } from "./mock-runtime/stack-config";
import { flag, parseArgs } from "./shared/args";

const REPO_ROOT = resolve(__dirname, "..");

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json", "preview"]);
  const stack = flag(args, "stack") ?? "dev";
  const programPath = resolve(flag(args, "program") ?? resolve(REPO_ROOT, "index.ts"));
  const json = flag(args, "json") === "true";
  const policyConfigFile = flag(args, "policy-config");
  const policyConfig = policyConfigFile
    ? JSON.parse(readFileSync(policyConfigFile, "utf8"))
    : undefined;

  // Stack config comes from the program's folder, as with the Pulumi CLI.
  const projectDir = flag(args, "program") ? dirname(programPath) : REPO_ROOT;
  const config = readStackConfig(projectDir, stack);
  const { resources, outputs } = await runProgram({
    program: () => import(programPath),
    config,
    stack,
    project: readProjectName(projectDir, "opsguard"),
    preview: flag(args, "preview") === "true",
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`plan failed: ${error.message}\n`);
    process.exitCode = 1;
  },
);
