/**
 * npm run invoke -- <handler> --event <file|-> [--env KEY=VALUE ...] [--endpoint <url>] [--region <r>]
 *                    [--timeout <seconds>] [handler-specific flags]
 *
 * Runs one handler locally as the Lambda runtime would and prints its return value as JSON on stdout.
 * Everything the handler logs goes to stderr, so `npm run --silent invoke …` prints only that JSON.
 * With `--endpoint`, every AWS SDK client goes to that URL (S3 path-style): moto, LocalStack, …
 * Without `--endpoint`, a handler listed in `LOCAL_MODES` runs its no-AWS mode instead of its entry
 * (`policy-monitor/detector`: `tools/policy-detector-local.ts`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { flag, parseArgs } from "./shared/args";
import { lambdaContext } from "./shared/lambda-context";

const REPO_ROOT = resolve(__dirname, "..");

type LocalMode = (event: unknown, flags: Map<string, string[]>) => Promise<unknown>;

/** Development-only modes that need no AWS, by handler name; loaded only when used. */
const LOCAL_MODES: Record<string, () => Promise<LocalMode>> = {
  "policy-monitor/detector": async () =>
    (await import("./policy-detector-local")).runPolicyDetectorLocally,
};

function readEvent(source: string): unknown {
  const text = source === "-" ? readFileSync(0, "utf8") : readFileSync(resolve(source), "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`--event ${source} is not valid JSON: ${(error as Error).message}`);
  }
}

async function main(argv: string[]): Promise<unknown> {
  const args = parseArgs(argv);
  const handlerName = args.positional[0];
  if (!handlerName)
    throw new Error(
      "usage: npm run invoke -- <handler> --event <file|-> [--env KEY=VALUE ...] [--endpoint <url>] [--region <r>]",
    );
  const entry = join(REPO_ROOT, "handlers", handlerName, "index.ts");
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(handlerName) || !existsSync(entry)) {
    throw new Error(`unknown handler "${handlerName}": no handlers/${handlerName}/index.ts`);
  }
  const eventSource = flag(args, "event");
  if (!eventSource) throw new Error("--event <file|-> is required");
  const event = readEvent(eventSource);

  for (const pair of args.flags.get("env") ?? []) {
    const separator = pair.indexOf("=");
    if (separator < 1) throw new Error(`--env ${pair}: expected KEY=VALUE`);
    process.env[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  const region = flag(args, "region") ?? process.env.AWS_REGION ?? "us-east-1";
  process.env.AWS_REGION = region;
  process.env.AWS_DEFAULT_REGION = region;
  const endpoint = flag(args, "endpoint");
  if (endpoint) {
    process.env.AWS_ENDPOINT_URL = endpoint;
    // A local endpoint accepts any credentials; real ones from the profile are used when present.
    process.env.AWS_ACCESS_KEY_ID ??= "testing";
    process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  }
  process.env.AWS_LAMBDA_FUNCTION_NAME ??= `opsguard-${handlerName}`;

  const localMode = LOCAL_MODES[handlerName];
  if (!endpoint && localMode) return (await localMode())(event, args.flags);
  // Imported only now: handlers build their SDK clients and config at module scope from the environment.
  const module = (await import(entry)) as {
    handler?: (event: unknown, context: unknown) => Promise<unknown>;
  };
  if (typeof module.handler !== "function")
    throw new Error(`handlers/${handlerName}/index.ts exports no handler`);
  const timeoutSeconds = Number(flag(args, "timeout") ?? 900);
  return module.handler(event, lambdaContext(handlerName, timeoutSeconds * 1000));
}

// Logs go to stderr: stdout carries only the result.
const writeResult = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
console.log = console.error;
console.info = console.error;
console.debug = console.error;

main(process.argv.slice(2)).then(
  (result) => {
    writeResult(`${JSON.stringify(result ?? null, null, 2)}\n`);
  },
  (error: Error) => {
    process.stderr.write(
      `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}\n`,
    );
    process.exitCode = 1;
  },
);
