/**
 * npm run invoke -- <handler> --event <file|-> [--env KEY=VALUE ...] [--endpoint <url>] [--region <r>]
 *                    [--timeout <seconds>] [--now <iso>] [--rules <file>] [--suppress <file>]
 *                    [--policy-document <file>]
 *
 * Runs one handler locally as the Lambda runtime would and prints its return value as JSON on stdout.
 * Everything the handler logs goes to stderr, so `npm run --silent invoke …` prints only that JSON.
 * With `--endpoint`, every AWS SDK client goes to that URL (S3 path-style): moto, LocalStack, …
 * Without `--endpoint`, a handler listed in `LOCAL_MODES` runs its no-AWS mode instead of its entry
 * (`policy-monitor/detector`: `tools/policy-detector-local.ts`).
 * With `--now`, the handler runs at that clock (`tools/shared/clock.ts`): how tests and demos
 * simulate a date, since handlers refuse an event that claims a future one.
 */
import "./shared/node-version";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  checkFlagFile,
  positiveIntegerFlag,
  readFlagFile,
  runCommand,
  UsageError,
  type CommandSpec,
  type ParsedCommand,
} from "./shared/cli";
import { setClock } from "./shared/clock";
import { lambdaContext } from "./shared/lambda-context";

const REPO_ROOT = resolve(__dirname, "..");

type LocalMode = (event: unknown, flags: Map<string, string[]>) => Promise<unknown>;

/** Development-only modes that need no AWS, by handler name; loaded only when used. */
const LOCAL_MODES: Record<string, () => Promise<LocalMode>> = {
  "policy-monitor/detector": async () =>
    (await import("./policy-detector-local")).runPolicyDetectorLocally,
};

/** The detector's local-mode flags that name files. */
const LOCAL_FILE_FLAGS = ["rules", "suppress", "policy-document"] as const;

export const INVOKE_COMMAND: CommandSpec = {
  command: "npm run invoke --",
  description:
    "Runs one handler as the Lambda runtime would and prints its return value as JSON on stdout;\n" +
    "logs go to stderr. A failure exits 1 with the error's name and message.",
  positionals: [
    {
      name: "handler",
      help: "its folder under handlers/: listing-api, policy-monitor/detector, …",
    },
  ],
  flags: [
    { name: "event", value: "<file|->", help: "the event JSON, or - for stdin (required)" },
    {
      name: "env",
      value: "<KEY=VALUE>",
      help: "sets a variable of the handler's environment",
      repeatable: true,
    },
    {
      name: "endpoint",
      value: "<url>",
      help: "sends every AWS call there (moto, LocalStack); test credentials if none",
    },
    {
      name: "region",
      value: "<region>",
      help: "the handler's AWS_REGION; defaults to $AWS_REGION or us-east-1",
    },
    {
      name: "timeout",
      value: "<seconds>",
      help: "the timeout the Lambda context reports; defaults to 900",
    },
    {
      name: "now",
      value: "<iso>",
      help: "runs the handler at this clock, e.g. 2030-01-31T02:00:00Z (local endpoints)",
    },
    {
      name: "rules",
      value: "<file>",
      help: "detector without --endpoint: rules file; default rules/rules.yaml",
    },
    {
      name: "suppress",
      value: "<file>",
      help: "detector without --endpoint: suppressions; default rules/suppress.yaml",
    },
    {
      name: "policy-document",
      value: "<file>",
      help: "detector without --endpoint: the customer-managed policy's document",
    },
  ],
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function readEvent(source: string): unknown {
  const text = readFlagFile("event", source);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--event ${source} is not valid JSON: ${(error as Error).message}`);
  }
}

async function main(args: ParsedCommand): Promise<unknown> {
  const handlerName = args.positionals[0];
  const entry = join(REPO_ROOT, "handlers", handlerName, "index.ts");
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(handlerName) || !existsSync(entry)) {
    throw new UsageError(`unknown handler "${handlerName}": no handlers/${handlerName}/index.ts`);
  }
  const eventSource = args.string("event");
  if (!eventSource) throw new UsageError("--event <file|-> is required");
  const event = readEvent(eventSource);
  const endpoint = args.string("endpoint");
  const localMode = endpoint ? undefined : LOCAL_MODES[handlerName];
  for (const fileFlag of LOCAL_FILE_FLAGS) {
    const path = args.string(fileFlag);
    if (path === undefined) continue;
    if (!localMode) {
      throw new UsageError(`--${fileFlag} is for policy-monitor/detector without --endpoint`);
    }
    checkFlagFile(fileFlag, path);
  }
  const timeoutSeconds = positiveIntegerFlag(args, "timeout", 900);
  const now = args.string("now");
  if (now !== undefined) {
    if (!ISO_INSTANT.test(now) || Number.isNaN(Date.parse(now))) {
      throw new UsageError(
        `--now must be an ISO-8601 date-time with a time zone, e.g. 2030-01-31T02:00:00Z, got "${now.slice(0, 64)}"`,
      );
    }
    setClock(new Date(now));
  }

  for (const pair of args.all("env")) {
    const separator = pair.indexOf("=");
    if (separator < 1) throw new UsageError(`--env ${pair}: expected KEY=VALUE`);
    process.env[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  const region = args.string("region") ?? process.env.AWS_REGION ?? "us-east-1";
  process.env.AWS_REGION = region;
  process.env.AWS_DEFAULT_REGION = region;
  if (endpoint) {
    process.env.AWS_ENDPOINT_URL = endpoint;
    // A local endpoint accepts any credentials; real ones from the profile are used when present.
    process.env.AWS_ACCESS_KEY_ID ??= "testing";
    process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  }
  process.env.AWS_LAMBDA_FUNCTION_NAME ??= `opsguard-${handlerName}`;

  if (localMode) {
    const flags = new Map([...args.flags].map(([name, values]) => [name, [...values]]));
    return (await localMode())(event, flags);
  }
  // Imported only now: handlers build their SDK clients and config at module scope from the environment.
  const module = (await import(entry)) as {
    handler?: (event: unknown, context: unknown) => Promise<unknown>;
  };
  if (typeof module.handler !== "function")
    throw new Error(`handlers/${handlerName}/index.ts exports no handler`);
  return module.handler(event, lambdaContext(handlerName, timeoutSeconds * 1000));
}

// Logs go to stderr: stdout carries only the result.
const writeResult = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
console.log = console.error;
console.info = console.error;
console.debug = console.error;

void runCommand(
  INVOKE_COMMAND,
  process.argv.slice(2),
  async (args) => {
    const result = await main(args);
    writeResult(`${JSON.stringify(result ?? null, null, 2)}\n`);
  },
  { out: writeResult },
);
