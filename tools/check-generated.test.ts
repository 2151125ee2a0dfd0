import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(__dirname, "..");
const CATALOGUE = "policy-pack/lib/iam/catalogue";
const GENERATED = `${CATALOGUE}/generated/actions.ts`;

/** `git` in `cwd`, failing the test on a non-zero exit. */
function git(cwd: string, ...args: string[]): string {
  const run = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** The CI step, run in `repo`: its exit code and what it printed. */
function checkGenerated(repo: string) {
  const run = spawnSync("bash", ["tools/check-generated.sh"], { cwd: repo, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** Edits a file of `repo` and commits it, as a change that lands without regenerating would. */
function commitChange(repo: string, path: string, edit: (text: string) => string): void {
  writeFileSync(join(repo, path), edit(readFileSync(join(repo, path), "utf8")));
  git(repo, "commit", "-qam", `edit ${path}`);
}

describe("tools/check-generated.sh (run by .ci/run)", () => {
  let repo: string;

  // A repository holding this working tree (its files that git does not ignore), committed, with
  // its node_modules.
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), "check-generated-"));
    const files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
      .split("\0")
      .filter(Boolean);
    for (const file of files.filter((path) => existsSync(join(ROOT, path)))) {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(repo, file));
    }
    symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"));
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "base");
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  test("passes when the committed code is what the generator writes, and leaves it so", () => {
    expect(checkGenerated(repo)).toEqual({
      status: 0,
      output: expect.stringContaining(`check-generated: ${CATALOGUE}/generated up to date`),
    });
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  test.each([
    [
      "a hand edit of the generated file",
      GENERATED,
      (text: string) => text.replace("\nPassRole W\n", "\nPassRole R\n"),
    ],
    [
      "a generator changed without regenerating",
      `${CATALOGUE}/generate.ts`,
      (text: string) => text.replace("Do not edit: CI", "Never edit: CI"),
    ],
  ])("fails on %s, naming the file", (_, path, edit) => {
    commitChange(repo, path, edit);
    const { status, output } = checkGenerated(repo);
    expect(status).toBe(1);
    expect(output).toContain(`${GENERATED} | 2 +-`);
    expect(output).toContain("check-generated: generated code differs");
  });

  test("fails on a committed file of the generated folder that no generator writes", () => {
    writeFileSync(join(repo, CATALOGUE, "generated", "stale.ts"), "export {};\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "stale");
    const { status, output } = checkGenerated(repo);
    expect(status).toBe(1);
    expect(output).toContain(`${CATALOGUE}/generated/stale.ts | 1 -`);
  });

  test("fails on a generated file that is not committed", () => {
    git(repo, "rm", "-q", GENERATED);
    git(repo, "commit", "-qm", "drop");
    const { status, output } = checkGenerated(repo);
    expect(status).toBe(1);
    expect(output).toContain(`${GENERATED} (not committed)`);
  });
});
