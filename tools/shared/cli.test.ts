import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatUsage,
  HELP_REQUESTED,
  parseCommand,
  positiveIntegerFlag,
  readFlagFile,
  runCommand,
  type CommandSpec,
  type ParsedCommand,
} from "./cli";

const PLAN: CommandSpec = {
  command: "npm run plan --",
  description: "Plans a stack offline.",
  flags: [
    { name: "stack", value: "<name>", help: "the stack; defaults to dev" },
    { name: "program", value: "<file>", help: "the program" },
    { name: "json", help: "print JSON" },
    { name: "env", value: "<KEY=VALUE>", help: "an environment variable", repeatable: true },
  ],
};

const INVOKE: CommandSpec = {
  command: "npm run invoke --",
  description: "Runs a handler.",
  positionals: [{ name: "handler", help: "the handler's folder under handlers/" }],
  flags: [{ name: "event", value: "<file|->", help: "the event" }],
};

const BENCH: CommandSpec = {
  command: "npm run bench --",
  description: "Runs benchmarks.",
  positionals: [{ name: "name", help: "a benchmark", required: false, variadic: true }],
  flags: [],
  forwardsRest: "<benchmark flags>",
};

function parsed(spec: CommandSpec, argv: string[]): ParsedCommand {
  const result = parseCommand(spec, argv);
  if (result === HELP_REQUESTED) throw new Error("unexpected help");
  return result;
}

describe("parseCommand", () => {
  test.each([
    { argv: ["--stack", "prod"], flag: "stack", value: "prod" },
    { argv: ["--stack=prod"], flag: "stack", value: "prod" },
    { argv: ["--json"], flag: "json", value: "true" },
    { argv: ["--env", "A=1=2"], flag: "env", value: "A=1=2" },
    { argv: ["--env=A=1"], flag: "env", value: "A=1" },
    { argv: ["--program", "-"], flag: "program", value: "-" },
  ])("$argv sets --$flag to $value", ({ argv, flag, value }) => {
    expect(parsed(PLAN, argv).string(flag)).toBe(value);
  });

  test("a repeatable flag keeps every value in order", () => {
    expect(parsed(PLAN, ["--env", "A=1", "--env=B=2"]).all("env")).toEqual(["A=1", "B=2"]);
  });

  test.each([
    { argv: ["--stak", "prod"], message: "unknown flag --stak; did you mean --stack?" },
    { argv: ["--jsn"], message: "unknown flag --jsn; did you mean --json?" },
    { argv: ["--progam=x"], message: "unknown flag --progam; did you mean --program?" },
    { argv: ["--verbose"], message: "unknown flag --verbose; see --help" },
    { argv: ["-v"], message: "unknown flag -v; see --help" },
    { argv: ["--stack"], message: "--stack needs a value: --stack <name>" },
    { argv: ["--stack", "--json"], message: "--stack needs a value: --stack <name>" },
    { argv: ["--json=yes"], message: "--json takes no value" },
    { argv: ["--stack", "a", "--stack", "b"], message: "--stack is given more than once" },
    { argv: ["extra"], message: 'unexpected argument "extra"; see --help' },
  ])("$argv fails: $message", ({ argv, message }) => {
    expect(() => parseCommand(PLAN, argv)).toThrow(message);
  });

  test.each([["--help"], ["-h"], ["--stack", "prod", "--help"]])("%s asks for help", (...argv) => {
    expect(parseCommand(PLAN, argv)).toBe(HELP_REQUESTED);
  });

  test("a missing positional names it", () => {
    expect(() => parseCommand(INVOKE, ["--event", "e.json"])).toThrow(
      "missing <handler>: the handler's folder under handlers/",
    );
  });

  test.each([
    {
      argv: ["trail-backup", "--objects", "100"],
      names: ["trail-backup"],
      rest: ["--objects", "100"],
    },
    { argv: ["trail-backup", "--objects=100"], names: ["trail-backup"], rest: ["--objects=100"] },
    { argv: ["trail-backup", "--help"], names: ["trail-backup"], rest: ["--help"] },
    { argv: ["a", "b"], names: ["a", "b"], rest: [] },
    { argv: [], names: [], rest: [] },
  ])("forwardsRest: $argv → names $names, rest $rest", ({ argv, names, rest }) => {
    const result = parsed(BENCH, argv);
    expect(result.positionals).toEqual(names);
    expect(result.rest).toEqual(rest);
  });

  test("forwardsRest still rejects a flag before any positional", () => {
    expect(() => parseCommand(BENCH, ["--objects", "1"])).toThrow(
      "unknown flag --objects; see --help",
    );
  });
});

describe("formatUsage", () => {
  test("lists the usage line, the positionals and every flag with its placeholder", () => {
    expect(formatUsage(INVOKE)).toBe(
      [
        "usage: npm run invoke -- <handler> [flags]",
        "",
        "Runs a handler.",
        "",
        "  <handler>         the handler's folder under handlers/",
        "  --event <file|->  the event",
        "  --help            print this help and exit",
        "",
      ].join("\n"),
    );
  });
});

describe("runCommand", () => {
  const outputs = () => {
    const written = { out: "", err: "" };
    return {
      written,
      write: {
        out: (text: string) => (written.out += text),
        err: (text: string) => (written.err += text),
      },
    };
  };
  afterEach(() => {
    process.exitCode = undefined;
  });

  test("--help prints the usage on stdout, exits 0 and does not run main", async () => {
    const { written, write } = outputs();
    const main = jest.fn();
    await runCommand(PLAN, ["--help"], main, write);
    expect(written.out).toBe(formatUsage(PLAN));
    expect(written.err).toBe("");
    expect(process.exitCode).toBe(0);
    expect(main).not.toHaveBeenCalled();
  });

  test("a usage error is one line on stderr and exits 1", async () => {
    const { written, write } = outputs();
    await runCommand(PLAN, ["--stak", "prod"], jest.fn(), write);
    expect(written.err).toBe("npm run plan: unknown flag --stak; did you mean --stack?\n");
    expect(process.exitCode).toBe(1);
  });

  test("an error of main prints its name and message and exits 1", async () => {
    const { written, write } = outputs();
    class ConfigError extends Error {
      name = "ConfigError";
    }
    await runCommand(PLAN, [], () => Promise.reject(new ConfigError("A is not set")), write);
    expect(written.err).toBe("ConfigError: A is not set\n");
    expect(process.exitCode).toBe(1);
  });

  test("main's number is the exit code", async () => {
    const { write } = outputs();
    await runCommand(PLAN, ["--json"], (args) => (args.has("json") ? 3 : 0), write);
    expect(process.exitCode).toBe(3);
  });
});

describe("readFlagFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("reads the file", () => {
    writeFileSync(join(dir, "event.json"), "{}");
    expect(readFlagFile("event", join(dir, "event.json"))).toBe("{}");
  });

  test.each([
    { path: "no/such/event.json", message: "--event: no such file: no/such/event.json" },
    { path: dir, message: `--event: ${dir} is a folder` },
  ])("$path fails: $message", ({ path, message }) => {
    expect(() => readFlagFile("event", path)).toThrow(message);
  });
});

describe("positiveIntegerFlag", () => {
  const spec: CommandSpec = {
    command: "bench",
    description: "",
    flags: [{ name: "objects", value: "<n>", help: "" }],
  };
  test.each([
    { argv: [], expected: 10 },
    { argv: ["--objects", "100"], expected: 100 },
    { argv: ["--objects=7"], expected: 7 },
  ])("$argv → $expected", ({ argv, expected }) => {
    expect(positiveIntegerFlag(parsed(spec, argv), "objects", 10)).toBe(expected);
  });

  test.each([["0"], ["-1"], ["1.5"], ["ten"]])("%s is refused", (raw) => {
    expect(() => positiveIntegerFlag(parsed(spec, [`--objects=${raw}`]), "objects", 10)).toThrow(
      `--objects must be a positive integer, got "${raw}"`,
    );
  });
});
