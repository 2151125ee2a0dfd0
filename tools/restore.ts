/**
 * npm run restore -- --function <name> [--version-id <s3 version id>] [--list] [--dry-run]
 *                    [--bucket <b>] [--prefix <p>] [--endpoint <url>] [--region <r>]
 *
 * Lists the backups of a function (`--list`), or puts one back with UpdateFunctionCode from that S3
 * object version (the newest backup without `--version-id`) after checking its SHA-256. `--bucket` and
 * `--prefix` default to DEST_BUCKET and DEST_PREFIX (or `lambda-code-backups`). Prints JSON.
 * With `--endpoint`, both clients go to that URL (S3 path-style), with test credentials when the
 * environment has none, as `npm run invoke` does.
 */
import "./shared/node-version";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { CODE_WATCHER_ENV, DEFAULT_DEST_PREFIX } from "../contracts/code-watcher";
import { listBackups, restoreBackup } from "../handlers/code-watcher/restore";
import { runCommand, UsageError, type CommandSpec, type ParsedCommand } from "./shared/cli";

export const RESTORE_COMMAND: CommandSpec = {
  command: "npm run restore --",
  description:
    "Lists a function's CodeWatcher backups (--list), or puts one back with UpdateFunctionCode after\n" +
    "checking its SHA-256 (the newest without --version-id). Prints JSON.",
  flags: [
    {
      name: "function",
      value: "<name>",
      help: "the function whose backups to list or restore (required)",
    },
    { name: "list", help: "lists the backups instead of restoring one" },
    {
      name: "version-id",
      value: "<id>",
      help: "the S3 version of the backup to restore; defaults to the newest",
    },
    {
      name: "dry-run",
      help: "checks the backup and says what would be restored, changing nothing",
    },
    {
      name: "bucket",
      value: "<name>",
      help: `the backup bucket; defaults to $${CODE_WATCHER_ENV.destBucket}`,
    },
    {
      name: "prefix",
      value: "<prefix>",
      help: `the backups' key prefix; defaults to $${CODE_WATCHER_ENV.destPrefix} or ${DEFAULT_DEST_PREFIX}`,
    },
    {
      name: "endpoint",
      value: "<url>",
      help: "sends S3 and Lambda calls there (moto, …); test credentials if none",
    },
    { name: "region", value: "<region>", help: "defaults to $AWS_REGION or us-east-1" },
  ],
};

async function main(args: ParsedCommand): Promise<void> {
  const functionName = args.string("function");
  if (!functionName) throw new UsageError("--function <name> is required");
  const bucket = args.string("bucket") ?? process.env[CODE_WATCHER_ENV.destBucket];
  if (!bucket) {
    throw new UsageError(`--bucket <name> (or ${CODE_WATCHER_ENV.destBucket}) is required`);
  }
  const destPrefix = (
    args.string("prefix") ??
    process.env[CODE_WATCHER_ENV.destPrefix] ??
    DEFAULT_DEST_PREFIX
  ).replace(/^\/+|\/+$/g, "");
  const region = args.string("region") ?? process.env.AWS_REGION ?? "us-east-1";
  const endpoint = args.string("endpoint");
  if (endpoint) {
    // A local endpoint accepts any credentials; real ones from the environment are used when present.
    process.env.AWS_ACCESS_KEY_ID ??= "testing";
    process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  }
  const config = endpoint ? { region, endpoint, forcePathStyle: true } : { region };
  const s3 = new S3Client(config);
  const lambda = new LambdaClient(config);
  const target = { bucket, destPrefix, functionName };
  const result = args.has("list")
    ? await listBackups(s3, target)
    : await restoreBackup(
        { lambda, s3 },
        { ...target, versionId: args.string("version-id"), dryRun: args.has("dry-run") },
      );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

void runCommand(RESTORE_COMMAND, process.argv.slice(2), main);
