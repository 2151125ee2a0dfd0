/**
 * npm run restore -- --function <name> [--version-id <s3 version id>] [--list] [--dry-run]
 *                    [--bucket <b>] [--prefix <p>] [--endpoint <url>] [--region <r>]
 *
 * Lists the backups of a function (`--list`), or puts one back with UpdateFunctionCode from that S3
 * object version (the newest backup without `--version-id`) after checking its SHA-256. `--bucket` and
 * `--prefix` default to DEST_BUCKET and DEST_PREFIX (or `lambda-code-backups`). Prints JSON.
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { CODE_WATCHER_ENV, DEFAULT_DEST_PREFIX } from "../contracts/code-watcher";
import { listBackups, restoreBackup } from "../handlers/code-watcher/restore";
import { flag, parseArgs } from "./shared/args";

async function main(argv: string[]): Promise<unknown> {
  const args = parseArgs(argv, ["list", "dry-run"]);
  const functionName = flag(args, "function");
  if (!functionName) throw new Error("--function <name> is required");
  const bucket = flag(args, "bucket") ?? process.env[CODE_WATCHER_ENV.destBucket];
  if (!bucket) throw new Error(`--bucket <name> (or ${CODE_WATCHER_ENV.destBucket}) is required`);
  const destPrefix = (
    flag(args, "prefix") ??
    process.env[CODE_WATCHER_ENV.destPrefix] ??
    DEFAULT_DEST_PREFIX
  ).replace(/^\/+|\/+$/g, "");
  const region = flag(args, "region") ?? process.env.AWS_REGION ?? "us-east-1";
  const endpoint = flag(args, "endpoint");
  const config = endpoint ? { region, endpoint, forcePathStyle: true } : { region };
  const s3 = new S3Client(config);
  const lambda = new LambdaClient(config);
  const target = { bucket, destPrefix, functionName };
  if (flag(args, "list") === "true") return listBackups(s3, target);
  return restoreBackup(
    { lambda, s3 },
    { ...target, versionId: flag(args, "version-id"), dryRun: flag(args, "dry-run") === "true" },
  );
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
  (error: Error) => {
    process.stderr.write(
      `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}\n`,
    );
    process.exitCode = 1;
  },
);
