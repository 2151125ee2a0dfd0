import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** One command of a fenced `bash` block of the docs, with the exit code the docs promise. */
export interface DocCommand {
  /** `README.md:63`: where the command starts. */
  readonly where: string;
  /** The command as written, continuation lines joined. */
  readonly command: string;
  /** 0, or the code a trailing `# … exits N …` comment announces. */
  readonly expectedExit: number;
}

/** Why a documented command is not run by the docs test; the first matching rule wins. */
export interface SkipRule {
  readonly pattern: RegExp;
  readonly reason: string;
  /** The rule holds only on some machines; defaults to always. */
  readonly applies?: () => boolean;
}

const onPath = (program: string) =>
  spawnSync("bash", ["-c", `command -v ${program}`], { stdio: "ignore" }).status === 0;

export const SKIP_RULES: readonly SkipRule[] = [
  { pattern: /(^|&&\s*)pulumi\s/, reason: "needs the Pulumi CLI and a state backend" },
  { pattern: /tools\/setup\.sh/, reason: "installs system packages; the test runs after it" },
  { pattern: /^npm ci\b/, reason: "reinstalls node_modules under the running test" },
  { pattern: /\bnpm pack\b/, reason: "builds the whole package; test/consumer/ covers it" },
  { pattern: /opsguard-[\d.]+\.tgz|~\/opsguard/, reason: "needs the packed tarball (npm pack)" },
  { pattern: /^cd my-/, reason: "runs in a program of the reader's own" },
  { pattern: /^moto_server\b/, reason: "the test's own moto server stands in for it" },
  { pattern: /\bnpm test\b/, reason: "the test suite itself" },
  {
    pattern: /\bnpm run bench\b(?!.*--objects \d{1,3}\b)/,
    reason: "a full benchmark run takes minutes; only tiny runs (--objects ≤ 999) are run",
  },
  {
    pattern: /\bnpm run bench -- trail-backup\b/,
    reason: "compares itself with `aws s3 cp`, and the AWS CLI is not installed here",
    applies: () => !onPath("aws"),
  },
];

/** The docs whose commands must work: README.md and every Markdown file of docs/. */
export function docFiles(root: string): string[] {
  const docs = join(root, "docs");
  return [
    join(root, "README.md"),
    ...readdirSync(docs)
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => join(docs, name)),
  ];
}

/** Every command of every ```bash block of a Markdown text; `\` continuations are joined. */
export function extractCommands(markdown: string, file: string): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = markdown.split("\n");
  let inBash = false;
  let pending: { start: number; text: string } | undefined;
  lines.forEach((line, index) => {
    const fence = /^```(\S*)/.exec(line);
    if (fence) {
      inBash = !inBash && fence[1] === "bash";
      return;
    }
    if (!inBash) return;
    const text = pending ? `${pending.text} ${line.trim()}` : line.trim();
    const start = pending?.start ?? index + 1;
    if (text.endsWith("\\")) {
      pending = { start, text: text.slice(0, -1).trimEnd() };
      return;
    }
    pending = undefined;
    if (text === "" || text.startsWith("#")) return;
    commands.push({ where: `${file}:${start}`, command: text, expectedExit: expectedExit(text) });
  });
  return commands;
}

/** `… # another program; exits 1: it trips every policy` → 1. */
function expectedExit(command: string): number {
  const comment = command.match(/\s#\s(.*)$/)?.[1] ?? "";
  const code = /\bexits (\d+)\b/.exec(comment)?.[1];
  return code === undefined ? 0 : Number(code);
}

/** The rule that skips a command, or undefined when the docs test runs it. */
export function skipRuleOf(command: string): SkipRule | undefined {
  return SKIP_RULES.find((rule) => rule.pattern.test(command) && (rule.applies?.() ?? true));
}

/** Every command of the docs under `root`, with its file relative to `root`. */
export function documentedCommands(root: string): DocCommand[] {
  return docFiles(root).flatMap((file) =>
    extractCommands(readFileSync(file, "utf8"), relative(root, file)),
  );
}
