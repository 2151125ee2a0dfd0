import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { IamNeed } from "../../handlers/shared/iam-calls";
import { matchesGlob } from "../../policy-pack/lib/iam/glob";
import type { PolicyStatement } from "../../policy-pack/lib/iam/policy-document";

export const REPO_ROOT = resolve(__dirname, "..", "..");

/** Commands that a library sends for a handler: the handler writes the library's constructor. */
const LIBRARY_COMMANDS: Record<string, string> = {
  SSMProvider: "GetParameterCommand",
};

/** The non-test `.ts` files of `handlers/` that `entry` imports, itself included, transitively. */
export function handlerFiles(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  // Static imports, and the dynamic ones an entry defers a module's loading with.
  const text = readFileSync(entry, "utf8");
  for (const match of text.matchAll(/(?:from\s+|import\()"(\.[^"]+)"/g)) {
    const base = resolve(dirname(entry), match[1]);
    const file = [`${base}.ts`, `${base}/index.ts`].find(existsSync);
    if (file && file.startsWith(resolve(REPO_ROOT, "handlers"))) handlerFiles(file, seen);
  }
  return seen;
}

/** Each SDK command class a file constructs, with the files (relative to the repo) that do. */
export function commandsIn(files: Iterable<string>): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/new (\w+Command|\w+Provider)\(/g)) {
      const command = LIBRARY_COMMANDS[match[1]] ?? match[1];
      if (!command.endsWith("Command")) continue;
      commands.set(command, [...(commands.get(command) ?? []), relative(REPO_ROOT, file)]);
    }
  }
  return commands;
}

export type Values = Readonly<Record<string, string | readonly string[]>>;

/**
 * The ARNs (or condition values) a template stands for: each `{name}` replaced by its value, a list
 * giving one result per item. A placeholder with no value is an error that names it.
 */
export function expand(template: string, values: Values): string[] {
  const match = /\{([^}]+)\}/.exec(template);
  if (!match) return [template];
  const value = values[match[1]];
  const items = typeof value === "string" ? [value] : (value ?? []);
  if (items.length === 0) throw new Error(`no value for {${match[1]}} in "${template}"`);
  return items.flatMap((item) =>
    expand(
      template.slice(0, match.index) + item + template.slice(match.index + match[0].length),
      values,
    ),
  );
}

const CONDITION_MATCHERS: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (expected, actual) => expected === actual,
  StringLike: (expected, actual) => matchesGlob(expected, actual),
  ArnEquals: (expected, actual) => expected === actual,
  ArnLike: (expected, actual) => matchesGlob(expected, actual),
};

/** Whether the request context meets every condition of the statement; a key it lacks fails. */
function conditionsMet(
  statement: PolicyStatement,
  context: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(statement.condition ?? {}).every(([operator, keys]) => {
    const matcher = CONDITION_MATCHERS[operator];
    if (!matcher)
      throw new Error(`${statement.sid}: condition operator ${operator} is not handled`);
    return Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      const options = (Array.isArray(expected) ? expected : [expected]).map(String);
      return actual !== undefined && options.some((option) => matcher(option, actual));
    });
  });
}

function applies(statement: PolicyStatement, action: string, resource: string): boolean {
  if (statement.notAction || statement.notResource) {
    throw new Error(`${statement.sid}: NotAction and NotResource are not handled`);
  }
  return (
    (statement.action ?? []).some((pattern) =>
      matchesGlob(pattern, action, { ignoreCase: true }),
    ) && (statement.resource ?? []).some((pattern) => matchesGlob(pattern, resource))
  );
}

/** Whether the statements let a call do `action` on `resource`: an Allow and no Deny apply. */
export function isAllowed(
  statements: readonly PolicyStatement[],
  action: string,
  resource: string,
  context: Readonly<Record<string, string>> = {},
): boolean {
  const matching = statements.filter(
    (statement) => applies(statement, action, resource) && conditionsMet(statement, context),
  );
  return (
    matching.some((statement) => statement.effect === "Allow") &&
    !matching.some((statement) => statement.effect === "Deny")
  );
}

/** A need with its placeholders filled: one per ARN it stands for. */
export interface ResolvedNeed {
  readonly command: string;
  readonly need: IamNeed;
  readonly resource: string;
  readonly context: Readonly<Record<string, string>>;
}

export function resolveNeed(command: string, need: IamNeed, values: Values): ResolvedNeed[] {
  const context = Object.fromEntries(
    Object.entries(need.context ?? {}).map(([key, template]) => {
      const [value, ...more] = expand(template, values);
      if (more.length > 0) throw new Error(`${command}: context ${key} stands for several values`);
      return [key, value];
    }),
  );
  return expand(need.resource, values).map((resource) => ({ command, need, resource, context }));
}

/** Whether a granted action on a granted resource (both may be globs) serves this need. */
export function serves(
  actionPattern: string,
  resourcePattern: string,
  need: ResolvedNeed,
): boolean {
  return (
    matchesGlob(actionPattern, need.need.action, { ignoreCase: true }) &&
    matchesGlob(resourcePattern, need.resource)
  );
}
