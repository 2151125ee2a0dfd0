import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function plan(...args: string[]) {
  const result = spawnSync(TSX, [join(ROOT, "tools", "plan.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run plan", () => {
  test("--json prints one JSON object with every resource and violation; mandatory ones exit 1", () => {
    const program = join(ROOT, "test", "fixtures", "programs", "late-registrations", "index.ts");
    const { code, stdout, stderr } = plan("--program", program, "--stack", "test", "--json");

    expect(stderr).not.toContain("plan failed");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(Object.keys(report).sort()).toEqual(["resources", "violations"]);
    expect(report.resources).toHaveLength(13);
    const queue = report.resources.find((r: { name: string }) => r.name === "nested-2-queue");
    expect(Object.keys(queue).sort()).toEqual(["inputs", "name", "parent", "type", "urn"]);
    expect(queue.urn).toBe(
      "urn:pulumi:test::opsguard::opsguard:test:Nested$aws:sqs/queue:Queue::nested-2-queue",
    );
    expect(queue.parent).toBe("urn:pulumi:test::opsguard::opsguard:test:Nested::nested-2");
    // Stack config from the program's folder: the region of Pulumi.test.yaml.
    expect(queue.inputs.tags.topic).toMatch(/^arn:aws:sns:eu-west-1:/);
    // The fixture's seven topics are unencrypted: one mandatory finding each, nothing else.
    const topics = report.resources
      .filter((r: { type: string }) => r.type === "aws:sns/topic:Topic")
      .map((r: { urn: string }) => r.urn)
      .sort();
    expect(topics).toHaveLength(7);
    expect(report.violations.map((v: { urn: string }) => v.urn).sort()).toEqual(topics);
    expect(new Set(report.violations.map((v: { policy: string }) => v.policy))).toEqual(
      new Set(["enable-sns-topic-encryption"]),
    );
    expect(
      new Set(report.violations.map((v: { enforcementLevel: string }) => v.enforcementLevel)),
    ).toEqual(new Set(["mandatory"]));
  });

  test("a stack without a config file fails and names the file", () => {
    const { code, stderr, stdout } = plan("--stack", "nope");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      `plan failed: no stack config: ${join(ROOT, "Pulumi.nope.yaml")} does not exist`,
    );
  });
});

describe("npm run plan on the dev stack", () => {
  test("prints every component of Pulumi.dev.yaml with its children and has no mandatory violation", () => {
    const { code, stdout } = plan();
    expect(code).toBe(0);
    for (const component of [
      "■ opsguard:index:CodeWatcher  code-watcher",
      "■ opsguard:index:PolicyMonitor  policy-monitor",
      "■ opsguard:index:SecretSync  secret-sync",
      "■ opsguard:index:TrailBackup  trail-backup",
      "■ opsguard:index:ListingApi  listing-api",
    ]) {
      expect(stdout).toContain(`\n${component}\n`);
    }
    // The responders are a child of the PolicyMonitor, as the stack config nests them.
    expect(stdout).toContain("\n  ■ opsguard:index:PolicyResponders  policy-monitor-responders\n");
    // Children are indented under their component.
    expect(stdout).toMatch(/\n■ opsguard:index:TrailBackup {2}trail-backup\n {2}[+■] /);
    expect(stdout).toMatch(/\n0 mandatory, \d+ advisory violations\n$/);
  });
});

describe("npm run plan on the bootstrap stack", () => {
  const program = join(ROOT, "bootstrap", "index.ts");

  test("uses the program's own project and stack config", () => {
    const { code, stdout } = plan(
      "--program",
      program,
      "--stack",
      "bootstrap",
      "--policy-config",
      join(ROOT, "bootstrap", "policy-config.json"),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("\n■ opsguard:index:GithubDeployRole  github-deploy\n");
    expect(stdout).toContain(
      '"deployRoleArn": "arn:aws:iam::123456789012:role/opsguard-github-deploy"',
    );
    expect(stdout).toMatch(/\n0 mandatory, 0 advisory violations\n$/);
  });

  test("without its exemptions the deploy role's broad statements are mandatory violations", () => {
    const { code, stdout } = plan("--program", program, "--stack", "bootstrap", "--json");
    expect(code).toBe(1);
    const { violations } = JSON.parse(stdout);
    const found = new Set(
      violations.map(
        (v: { policy: string; urn: string }) => `${v.policy} ${v.urn.split("::").pop()}`,
      ),
    );
    expect(found).toEqual(
      new Set([
        "disallow-iam-wildcard-actions github-deploy-compute",
        "disallow-iam-wildcard-actions github-deploy-observability",
        "disallow-iam-wildcard-resources github-deploy-compute",
      ]),
    );
  });
});
