import { load } from "js-yaml";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const workflow = (name: string) =>
  load(readFileSync(join(ROOT, ".github", "workflows", name), "utf8")) as {
    jobs: Record<
      string,
      { needs?: string; if?: string; environment?: string; steps: { run?: string }[] }
    >;
  };
const deployable = JSON.parse(
  readFileSync(join(ROOT, ".github", "deployable-stacks.json"), "utf8"),
) as string[];

describe("deploys follow the checks", () => {
  test("deploy.yml deploys only after lint, type-check, tests, plan-diff and the plans of its stacks", () => {
    const { jobs } = workflow("deploy.yml");
    expect(jobs.up.needs).toBe("check");
    const runs = jobs.check.steps.map((step) => step.run ?? "");
    const order = [
      "npm run lint",
      "npm run typecheck",
      "npm test",
      "npm run --silent plan-diff",
      'npm run --silent plan -- --stack "$stack"',
    ].map((command) => runs.findIndex((run) => run.includes(command)));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test.each(["deploy.yml", "pr.yml"])(
    "%s reaches AWS only for the listed stacks, each in its own environment",
    (file) => {
      const { jobs } = workflow(file);
      const awsJob = Object.values(jobs).find((job) => job.environment !== undefined)!;
      expect(awsJob.if).toBe("needs.check.outputs.stacks != '[]'");
      expect(JSON.stringify(awsJob)).toContain("fromJSON(needs.check.outputs.stacks)");
    },
  );

  test.each(["deploy.yml", "pr.yml"])("%s fails when generated code drifts", (file) => {
    const runs = workflow(file).jobs.check.steps.map((step) => step.run);
    expect(runs).toContain("bash tools/check-generated.sh");
  });

  test(".ci/run fails when generated code drifts", () => {
    const lines = readFileSync(join(ROOT, ".ci", "run"), "utf8").split("\n");
    expect(lines).toContain("bash tools/check-generated.sh || status=1");
    expect(lines.at(-2)).toBe('exit "$status"');
  });

  test("the committed example stack is never deployable; every deployable stack has its config", () => {
    expect(deployable).not.toContain("dev");
    expect(deployable.filter((stack) => !existsSync(join(ROOT, `Pulumi.${stack}.yaml`)))).toEqual(
      [],
    );
  });

  test("the example stack names no principal outside its made-up account", () => {
    const arns =
      readFileSync(join(ROOT, "Pulumi.dev.yaml"), "utf8").match(/arn:aws:iam::\d+:[^\s"]+/g) ?? [];
    expect(arns.filter((arn) => !arn.startsWith("arn:aws:iam::123456789012:"))).toEqual([]);
    expect(arns).not.toContain("arn:aws:iam::123456789012:role/reporting-reader");
  });
});
