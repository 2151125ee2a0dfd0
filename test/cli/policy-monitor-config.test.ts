import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

const rule = (id: string, severity: string) =>
  `  - id: ${id}\n    title: t\n    description: d\n    severity: ${severity}\n` +
  `    match:\n      statement:\n        actions: { anyOf: ["iam:PassRole"] }\n`;

/**
 * The repository's program in a project folder of its own (inside the checkout, so that it
 * resolves the repository's packages) whose stack names a rules file of that folder.
 */
function projectWithRules(rulesText: string): string {
  mkdirSync(join(ROOT, ".build"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".build", "policy-monitor-config-"));
  writeFileSync(join(dir, "index.ts"), 'import "../../index";\n');
  writeFileSync(join(dir, "Pulumi.yaml"), "name: opsguard\nruntime: nodejs\n");
  mkdirSync(join(dir, "rules"));
  writeFileSync(join(dir, "rules", "team.yaml"), rulesText);
  writeFileSync(
    join(dir, "Pulumi.dev.yaml"),
    "config:\n  aws:region: eu-west-1\n" +
      "  opsguard:alerts:\n    emails: [oncall@example.com]\n" +
      "  opsguard:policyMonitor:\n    rulesPath: rules/team.yaml\n",
  );
  return dir;
}

test("npm run plan fails on a bad rules.yaml, naming the arg, the file and the key", () => {
  const rules = ["a", "b", "c"].map((id) => rule(id, "HIGH")).join("");
  const project = projectWithRules(`version: 1\nrules:\n${rules}${rule("d", "URGENT")}`);
  try {
    // Run from elsewhere: the plan runs the program in its project folder, as the Pulumi CLI
    // does, so rulesPath is read from there.
    const program = join(project, "index.ts");
    const result = spawnSync(TSX, [join(ROOT, "tools", "plan.ts"), "--program", program], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });

    expect({ code: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "plan failed: PolicyMonitor policy-monitor: rulesPath rules/team.yaml: " +
        "rules[3].severity must be one of LOW, MEDIUM, HIGH, CRITICAL\n",
    });
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
