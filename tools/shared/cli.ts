/**
 * The one command-line parser of the tools and benchmarks. A tool declares its usage line,
 * description, positional arguments and flags; `parseCommand` reads argv against that declaration
 * and `runCommand` turns `--help` into the generated usage (exit 0) and a bad argument into a
 * one-line error (exit 1, as any other failure). Values are taken as `--flag value` or
 * `--flag=value`; an unknown flag is refused with the closest known one.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { closest } from "../../config/suggest";

export interface FlagSpec {
  /** The flag without its dashes: `stack` for `--stack`. */
  readonly name: string;
  /** The value's placeholder in the usage (`<name>`); a flag without one is a switch. */
  readonly value?: string;
  readonly help: string;
  /** The flag may be given several times; every value is kept. */
  readonly repeatable?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly help: string;
  /** Defaults to true. */
  readonly required?: boolean;
  /** Takes every remaining positional argument. */
  readonly variadic?: boolean;
}

export interface CommandSpec {
  /** How the command is run, without its arguments: `npm run plan --`. */
  readonly command: string;
  readonly description: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
  /**
   * Set, everything from the first flag after the positionals on is handed over to another command
   * unparsed (`rest`), as `npm run bench -- trail-backup --objects 100` forwards `--objects 100`;
   * the value names those flags in the usage line (`<benchmark flags>`).
   */
  readonly forwardsRest?: string;
}

export interface ParsedCommand {
  readonly positionals: readonly string[];
  /** Every value of every flag given, by name; a switch holds `"true"`. */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  /** The arguments handed over unparsed (`forwardsRest`). */
  readonly rest: readonly string[];
  /** The last value of a flag. */
  string(name: string): string | undefined;
  /** Whether a switch was given. */
  has(name: string): boolean;
  /** Every value of a repeatable flag. */
  all(name: string): readonly string[];
}

/** A command line that does not match the command's declaration; the message says what and where. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Signals `--help`/`-h`: the caller prints the usage and exits 0. */
export const HELP_REQUESTED = Symbol("help requested");

const HELP_FLAG: FlagSpec = { name: "help", help: "print this help and exit" };

function unknownFlag(name: string, spec: CommandSpec): UsageError {
  const suggestion = closest(
    name,
    spec.flags.map((flag) => flag.name),
  );
  const hint = suggestion ? `; did you mean --${suggestion}?` : `; see --help`;
  return new UsageError(`unknown flag --${name}${hint}`);
}

/** Reads argv against the declaration; returns HELP_REQUESTED for `--help`/`-h`. */
export function parseCommand(
  spec: CommandSpec,
  argv: readonly string[],
): ParsedCommand | typeof HELP_REQUESTED {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  let rest: string[] = [];
  const bySpecName = new Map(spec.flags.map((flag) => [flag.name, flag]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (spec.forwardsRest && arg.startsWith("-") && positionals.length > 0) {
      rest = argv.slice(i);
      break;
    }
    if (arg === "--help" || arg === "-h") return HELP_REQUESTED;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) throw new UsageError(`unknown flag ${arg}; see --help`);
    const separator = arg.indexOf("=");
    const name = separator < 0 ? arg.slice(2) : arg.slice(2, separator);
    const flag = bySpecName.get(name);
    if (!flag) throw unknownFlag(name, spec);
    let value: string;
    if (!flag.value) {
      if (separator >= 0) throw new UsageError(`--${name} takes no value`);
      value = "true";
    } else if (separator >= 0) {
      value = arg.slice(separator + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) {
        throw new UsageError(`--${name} needs a value: --${name} ${flag.value}`);
      }
      value = next;
      i++;
    }
    if (flags.has(name) && !flag.repeatable) {
      throw new UsageError(`--${name} is given more than once`);
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  checkPositionals(spec, positionals);
  return {
    positionals,
    flags,
    rest,
    string: (name) => flags.get(name)?.at(-1),
    has: (name) => flags.has(name),
    all: (name) => flags.get(name) ?? [],
  };
}

function checkPositionals(spec: CommandSpec, positionals: readonly string[]): void {
  const declared = spec.positionals ?? [];
  const variadic = declared.some((positional) => positional.variadic);
  declared.forEach((positional, index) => {
    if ((positional.required ?? true) && positionals[index] === undefined) {
      throw new UsageError(`missing <${positional.name}>: ${positional.help}`);
    }
  });
  if (!variadic && positionals.length > declared.length) {
    throw new UsageError(`unexpected argument "${positionals[declared.length]}"; see --help`);
  }
}

function usageLine(spec: CommandSpec): string {
  const positionals = (spec.positionals ?? []).map((positional) => {
    const name = `<${positional.name}>${positional.variadic ? " ..." : ""}`;
    return (positional.required ?? true) ? name : `[${name}]`;
  });
  const rest = spec.forwardsRest ? [`[${spec.forwardsRest}]`] : [];
  const args = [...positionals, spec.flags.length > 0 ? "[flags]" : "", ...rest].filter(Boolean);
  // npm's `--` only separates npm's own flags from the script's: without arguments it is noise.
  return args.length > 0 ? [spec.command, ...args].join(" ") : spec.command.replace(/ --$/, "");
}

/** The help text: usage line, description, positionals and flags with their placeholders. */
export function formatUsage(spec: CommandSpec): string {
  const rows: [string, string][] = [
    ...(spec.positionals ?? []).map((positional): [string, string] => [
      `<${positional.name}>`,
      positional.help,
    ]),
    ...[...spec.flags, HELP_FLAG].map((flag): [string, string] => [
      `--${flag.name}${flag.value ? ` ${flag.value}` : ""}`,
      `${flag.help}${flag.repeatable ? " (repeatable)" : ""}`,
    ]),
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`);
  return `usage: ${usageLine(spec)}\n\n${spec.description}\n\n${lines.join("\n")}\n`;
}

export interface CommandOutput {
  /** Where the usage goes; defaults to stdout. */
  readonly out?: (text: string) => void;
  /** Where errors go; defaults to stderr. */
  readonly err?: (text: string) => void;
  /** Whether an error's class name precedes its message; defaults to true. */
  readonly errorNames?: boolean;
}

/**
 * Parses argv and runs `main` with the result. `--help` prints the usage on stdout and exits 0;
 * a UsageError prints `<command>: <message>` on stderr and exits 1; any other error prints its
 * name (unless `errorNames` is false) and message and exits 1. `main`'s number, when it returns
 * one, is the exit code.
 */
export function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  main: (args: ParsedCommand) => Promise<number | void> | number | void,
  write: CommandOutput = {},
): Promise<void> {
  const out = write.out ?? ((text: string) => process.stdout.write(text));
  const err = write.err ?? ((text: string) => process.stderr.write(text));
  const fail = (error: unknown) => {
    const { name, message } = error as Error;
    if (error instanceof UsageError) {
      err(`${spec.command.replace(/ --$/, "")}: ${message}\n`);
      process.exitCode = 1;
      return;
    }
    const named = write.errorNames !== false && name && name !== "Error";
    err(`${named ? `${name}: ` : ""}${message}\n`);
    process.exitCode = 1;
  };
  let args: ParsedCommand | typeof HELP_REQUESTED;
  try {
    args = parseCommand(spec, argv);
  } catch (error) {
    fail(error);
    return Promise.resolve();
  }
  if (args === HELP_REQUESTED) {
    out(formatUsage(spec));
    process.exitCode = 0;
    return Promise.resolve();
  }
  const parsed = args;
  return Promise.resolve()
    .then(() => main(parsed))
    .then((code) => {
      if (typeof code === "number") process.exitCode = code;
    }, fail);
}

/**
 * The text of the file a flag names (`-` is stdin). A missing path names the flag and the path:
 * `--event: no such file: events/missing.json`.
 */
export function readFlagFile(flag: string, path: string): string {
  if (path === "-") return readFileSync(0, "utf8");
  return readFileSync(checkFlagFile(flag, path), "utf8");
}

/** The absolute path of the file a flag names; a missing file or a folder names the flag and path. */
export function checkFlagFile(flag: string, path: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UsageError(`--${flag}: no such file: ${path}`);
  if (statSync(absolute).isDirectory()) throw new UsageError(`--${flag}: ${path} is a folder`);
  return absolute;
}

/** The flag's value as a positive integer; anything else names the flag and the value. */
export function positiveIntegerFlag(args: ParsedCommand, flag: string, fallback: number): number {
  const raw = args.string(flag);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${flag} must be a positive integer, got "${raw}"`);
  }
  return value;
}
