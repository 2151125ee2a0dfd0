import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../core/policy";

export interface TrailBackupStatementsArgs {
  readonly sourceBucketName: pulumi.Input<string>;
  readonly sourcePrefix: string;
  readonly backupBucketArn: pulumi.Output<string>;
  readonly backupPrefix: string;
  readonly checkpointKey: string;
  readonly backupKmsKeyArn: pulumi.Output<string>;
  readonly sourceKmsKeyArn?: pulumi.Input<string>;
}

/** What the backup function may do: exactly what the handler does, on the narrowest ARNs. */
export function trailBackupStatements(
  args: TrailBackupStatementsArgs,
): pulumi.Input<PolicyStatement>[] {
  const { sourcePrefix, backupPrefix, checkpointKey } = args;
  const sourceArn = pulumi.interpolate`arn:aws:s3:::${args.sourceBucketName}`;
  const backupArn = args.backupBucketArn;
  const statements: pulumi.Input<PolicyStatement>[] = [
    {
      Sid: "ListSource",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: sourceArn,
      ...(sourcePrefix ? { Condition: { StringLike: { "s3:prefix": [`${sourcePrefix}*`] } } } : {}),
    },
    {
      Sid: "ReadSourceObjects",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: pulumi.interpolate`${sourceArn}/${sourcePrefix}*`,
    },
    {
      Sid: "ListBackupPrefixAndCheckpoint",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: backupArn,
      Condition: {
        StringLike: { "s3:prefix": [`${backupPrefix}${sourcePrefix}*`, checkpointKey] },
      },
    },
    {
      Sid: "WriteBackups",
      Effect: "Allow",
      // AbortMultipartUpload cleans up a failed copy of an object over 5 GB.
      Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: pulumi.interpolate`${backupArn}/${backupPrefix}${sourcePrefix}*`,
    },
    {
      Sid: "ReadWriteCheckpoint",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: pulumi.interpolate`${backupArn}/${checkpointKey}`,
    },
    {
      Sid: "UseBackupKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.backupKmsKeyArn,
    },
  ];
  if (args.sourceKmsKeyArn) {
    statements.push({
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: args.sourceKmsKeyArn,
    });
  }
  return statements;
}
