import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { motoEndpoint } from "../harness/moto";
import { documentedCommands, extractCommands, skipRuleOf } from "./doc-commands";

const ROOT = join(__dirname, "..", "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
/** The local endpoint the docs use; the test's own moto server answers instead. */
const DOCUMENTED_MOTO = "http://127.0.0.1:5000";

const commands = documentedCommands(ROOT);
const run = commands.filter(({ command }) => !skipRuleOf(command));
const skipped = commands.filter(({ command }) => skipRuleOf(command));

/** A shell as a reader's: PATH and HOME only, no AWS credentials, no npm settings of the runner. */
function shell(command: string) {
  const result = spawnSync("bash", ["-o", "pipefail", "-c", command], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("extractCommands", () => {
  test("takes the commands of bash blocks only, joins continuations and reads `exits N`", () => {
    const markdown = [
      "```bash",
      "npm run plan   # the dev stack",
      "# a comment line",
      "",
      "npm run --silent invoke -- listing-api \\",
      "  --event e.json",
      "npm run plan -- --program x.ts   # exits 1: it trips every policy",
      "```",
      "```text",
      "npm run invoke -- <handler>",
      "```",
      "```ts",
      "npm run plan",
      "```",
    ].join("\n");

    expect(extractCommands(markdown, "README.md")).toEqual([
      { where: "README.md:2", command: "npm run plan   # the dev stack", expectedExit: 0 },
      {
        where: "README.md:5",
        command: "npm run --silent invoke -- listing-api --event e.json",
        expectedExit: 0,
      },
      {
        where: "README.md:7",
        command: "npm run plan -- --program x.ts   # exits 1: it trips every policy",
        expectedExit: 1,
      },
    ]);
  });

  test.each([
    ["pulumi up --policy-pack policy-pack", "needs the Pulumi CLI and a state backend"],
    ["(cd bootstrap && pulumi preview --policy-pack ../policy-pack)", "needs the Pulumi CLI"],
    ["bash tools/setup.sh && npm run plan", "installs system packages"],
    ["npm run bench", "a full benchmark run takes minutes"],
    ["npm run bench -- trail-backup --objects 10000", "a full benchmark run takes minutes"],
    ["moto_server -p 5000 &", "the test's own moto server stands in for it"],
  ])("%s is skipped: %s", (command, reason) => {
    expect(skipRuleOf(command)?.reason).toContain(reason);
  });

  test.each([
    "npm run plan -- --stack dev",
    "npm run bench -- trail-backup --objects 100",
    "curl -sf -X PUT http://127.0.0.1:5000/my-bucket",
  ])("%s is run", (command) => {
    expect(skipRuleOf(command)).toBeUndefined();
  });
});

describe("the documented commands", () => {
  test("are found, and most of them run", () => {
    expect(run.length).toBeGreaterThanOrEqual(10);
  });

  // Listed as skipped tests, so every run shows what the docs hold that it did not run, and why.
  test.skip.each(skipped.map((doc) => [doc.where, doc.command, skipRuleOf(doc.command)!.reason]))(
    "%s `%s` is not run: %s",
    () => undefined,
  );

  // In document order: a command may use what an earlier one created (the bucket, the moto server).
  test.each(run.map((doc) => [doc.where, doc.command, doc.expectedExit]))(
    "%s `%s` exits %i",
    (_where, command, expectedExit) => {
      const { code, stdout, stderr } = shell(command.split(DOCUMENTED_MOTO).join(motoEndpoint()));
      expect({ code, stderr: code === expectedExit ? "" : `${stdout}\n${stderr}` }).toEqual({
        code: expectedExit,
        stderr: "",
      });
    },
  );
});

describe("the command reference", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");

  test.each([
    ["tools/plan.ts", true],
    ["tools/invoke.ts", true],
    ["tools/restore.ts", true],
    ["tools/call-api.ts", true],
    ["bench/run.ts", true],
    ["bench/trail-backup.ts", true],
    ["bench/trail-backup-org.ts", true],
    ["bench/code-watcher.ts", true],
    ["bench/policy-detector.ts", false],
    ["tools/plan-diff.ts", false],
    ["tools/schema.ts", false],
    ["tools/build-package.ts", false],
  ])("%s --help prints its usage, exits 0 (and is in the README: %s)", (script, documented) => {
    const result = spawnSync(TSX, [join(ROOT, script), "--help"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });

    expect({ code: result.status, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: /);
    if (documented) expect(readme).toContain(`\`\`\`text\n${result.stdout}\`\`\``);
  });
});
