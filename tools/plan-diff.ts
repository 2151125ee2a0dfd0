/**
 * npm run plan-diff [-- --update]
 *
 * Guards a refactoring: runs `npm run plan -- --json` for each program below and compares its
 * resources (URN, type, name, parent, inputs) and policy violations with the accepted plans in
 * `test/fixtures/plans/`. The Lambda code hash (`sourceCodeHash`) is left out: moving a handler's
 * source changes its bundle, never its resources. Exits 1 and lists every difference when the plan
 * moved; `--update` accepts the current plans (commit them with the change that meant it).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCommand, type CommandSpec, type ParsedCommand } from "./shared/cli";

const REPO_ROOT = resolve(__dirname, "..");
const PLANS_DIR = join(REPO_ROOT, "test", "fixtures", "plans");

/** The programs whose plans are guarded: the dev stack, the bootstrap stack, the insecure sample. */
const PROGRAMS = [
  { id: "dev", program: "index.ts", stack: "dev" },
  { id: "bootstrap", program: "bootstrap/index.ts", stack: "bootstrap" },
  { id: "insecure", program: "examples/insecure/index.ts", stack: "dev" },
] as const;

/** Inputs that change with the handler's bundle, not with the resource. */
const IGNORED_INPUTS = new Set(["sourceCodeHash"]);

interface PlanReport {
  resources: { urn: string; type: string; name: string; parent?: string; inputs: unknown }[];
  violations: unknown[];
}

function runPlan(program: string, stack: string): PlanReport {
  let stdout: string;
  try {
    stdout = execFileSync(
      "npm",
      ["run", "--silent", "plan", "--", "--json", "--program", program, "--stack", stack],
      { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 },
    );
  } catch (error) {
    // The plan exits 1 on a mandatory violation; its JSON is still the plan.
    const failed = error as { stdout?: string; stderr?: string };
    if (!failed.stdout) throw new Error(`plan of ${program} failed: ${failed.stderr ?? error}`);
    stdout = failed.stdout;
  }
  return JSON.parse(stdout) as PlanReport;
}

function withoutIgnored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIgnored);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !IGNORED_INPUTS.has(key))
        .map(([key, inner]) => [key, withoutIgnored(inner)]),
    );
  }
  return value;
}

/** The plan as it is compared: resources sorted by URN, the code hash left out. */
export function normalizePlan(report: PlanReport) {
  return {
    resources: [...report.resources]
      .sort((a, b) => a.urn.localeCompare(b.urn))
      .map(({ urn, type, name, parent, inputs }) => ({
        urn,
        type,
        name,
        parent: parent ?? null,
        inputs: withoutIgnored(inputs),
      })),
    violations: [...report.violations]
      .map((violation) => JSON.stringify(violation))
      .sort()
      .map((line) => JSON.parse(line) as unknown),
  };
}

type NormalizedPlan = ReturnType<typeof normalizePlan>;

/** Every difference between two plans, one line each, naming the resource and the input. */
export function diffPlans(accepted: NormalizedPlan, current: NormalizedPlan): string[] {
  const differences: string[] = [];
  const acceptedByUrn = new Map(accepted.resources.map((resource) => [resource.urn, resource]));
  const currentByUrn = new Map(current.resources.map((resource) => [resource.urn, resource]));
  for (const urn of acceptedByUrn.keys()) {
    if (!currentByUrn.has(urn)) differences.push(`removed: ${urn}`);
  }
  for (const [urn, resource] of currentByUrn) {
    const before = acceptedByUrn.get(urn);
    if (!before) {
      differences.push(`added: ${urn}`);
      continue;
    }
    if (before.parent !== resource.parent) differences.push(`parent changed: ${urn}`);
    const keys = new Set([
      ...Object.keys(before.inputs as object),
      ...Object.keys(resource.inputs as object),
    ]);
    for (const key of [...keys].sort()) {
      const was = JSON.stringify((before.inputs as Record<string, unknown>)[key]);
      const now = JSON.stringify((resource.inputs as Record<string, unknown>)[key]);
      if (was !== now)
        differences.push(`input ${key} changed: ${urn}\n    was ${was}\n    now ${now}`);
    }
  }
  const acceptedViolations = new Set(accepted.violations.map((v) => JSON.stringify(v)));
  const currentViolations = new Set(current.violations.map((v) => JSON.stringify(v)));
  for (const violation of acceptedViolations) {
    if (!currentViolations.has(violation)) differences.push(`violation gone: ${violation}`);
  }
  for (const violation of currentViolations) {
    if (!acceptedViolations.has(violation)) differences.push(`violation new: ${violation}`);
  }
  return differences;
}

export const PLAN_DIFF_COMMAND: CommandSpec = {
  command: "npm run plan-diff --",
  description:
    "Compares the dev, bootstrap and insecure plans (resources, inputs, violations; the Lambda code\n" +
    "hash aside) with the accepted ones in test/fixtures/plans/. Exits 1 on any difference.",
  flags: [{ name: "update", help: "accepts the current plans as the new accepted ones" }],
};

function main(args: ParsedCommand): number {
  const update = args.has("update");
  mkdirSync(PLANS_DIR, { recursive: true });
  let failed = false;
  for (const { id, program, stack } of PROGRAMS) {
    const current = normalizePlan(runPlan(program, stack));
    const file = join(PLANS_DIR, `${id}.json`);
    if (update) {
      writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
      process.stdout.write(`${id}: accepted ${current.resources.length} resources → ${file}\n`);
      continue;
    }
    if (!existsSync(file)) throw new Error(`no accepted plan ${file}: run with --update first`);
    const accepted = JSON.parse(readFileSync(file, "utf8")) as NormalizedPlan;
    const differences = diffPlans(accepted, current);
    if (differences.length === 0) {
      process.stdout.write(`${id}: ${current.resources.length} resources, no change\n`);
    } else {
      failed = true;
      process.stdout.write(
        `${id}: ${differences.length} differences\n  ${differences.join("\n  ")}\n`,
      );
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  void runCommand(PLAN_DIFF_COMMAND, process.argv.slice(2), main, {
    err: (text) =>
      process.stderr.write(
        text.startsWith("npm run plan-diff:") ? text : `plan-diff failed: ${text}`,
      ),
    errorNames: false,
  });
}
