import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../core/policy";

export interface CodeWatcherStatementsArgs {
  /** Function names; empty: every function of the account and region. */
  readonly watched: readonly string[];
  readonly sweepAll: boolean;
  readonly bucketArn: pulumi.Output<string>;
  readonly destPrefix: string;
  readonly statePrefix: string;
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * True for a bucket the component did not create: only then may the watcher turn versioning on.
   * Its own SecureBucket is versioned already, and a role that may set versioning may suspend it.
   */
  readonly existingBucket: boolean;
  /** The ARN of a function of this account and region, by name. */
  readonly functionArn: (functionName: string) => pulumi.Output<string>;
}

/** What the watcher may do: read the watched functions' code, keep backups and state in the bucket. */
export function codeWatcherStatements(
  args: CodeWatcherStatementsArgs,
): pulumi.Input<PolicyStatement>[] {
  const { watched, bucketArn, statePrefix, functionArn } = args;
  // The state prefix needs no grant of its own when it lies under the backups' prefix.
  const objectPrefixes = [args.destPrefix, statePrefix].filter(
    (prefix, index, all) => index === 0 || !prefix.startsWith(`${all[0]}/`),
  );
  return [
    {
      Sid: "ReadFunctionCode",
      Effect: "Allow",
      Action: ["lambda:GetFunction"],
      // The qualified ARN (`:*`) covers GetFunction of a published version.
      Resource:
        watched.length > 0
          ? watched.flatMap((fn) => [functionArn(fn), pulumi.interpolate`${functionArn(fn)}:*`])
          : [functionArn("*")],
    },
    ...(args.sweepAll
      ? [
          {
            Sid: "ListFunctions",
            Effect: "Allow" as const,
            Action: ["lambda:ListFunctions"],
            Resource: "*",
          },
        ]
      : []),
    {
      Sid: "EnsureVersioning",
      Effect: "Allow",
      Action: args.existingBucket
        ? ["s3:GetBucketVersioning", "s3:PutBucketVersioning"]
        : ["s3:GetBucketVersioning"],
      Resource: bucketArn,
    },
    {
      // No s3:ListBucket: a read of a state not written yet gets 403, which the watcher takes for
      // "no backup yet" (a prefix condition would not help: a read of one key has no s3:prefix).
      Sid: "ReadWriteBackups",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: objectPrefixes.map((prefix) => pulumi.interpolate`${bucketArn}/${prefix}/*`),
    },
    ...(args.kmsKeyArn
      ? [
          {
            Sid: "UseBucketKey",
            Effect: "Allow" as const,
            // SSE-KMS: a write needs a data key, a read decrypts it.
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.kmsKeyArn,
          },
        ]
      : []),
  ];
}
