import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../core/policy";

export interface TrailBackupStatementsArgs {
  readonly sourceBucketName: pulumi.Input<string>;
  readonly sourcePrefix: string;
  readonly backupBucketArn: pulumi.Output<string>;
  readonly backupPrefix: string;
  readonly checkpointKey: string;
  /** The `cloudtrail` layout's discovered prefixes and watermarks. */
  readonly layoutStateKey: string;
  readonly backupKmsKeyArn: pulumi.Output<string>;
  readonly sourceKmsKeyArn?: pulumi.Input<string>;
  /** Set when runs may submit Batch Operations jobs: the role they pass, and where jobs read and write. */
  readonly batchOperations?: {
    readonly roleArn: pulumi.Output<string>;
    readonly manifestPrefix: string;
    readonly reportPrefix: string;
  };
}

/** What the backup function may do: exactly what the handler does, on the narrowest ARNs. */
export function trailBackupStatements(
  args: TrailBackupStatementsArgs,
): pulumi.Input<PolicyStatement>[] {
  const { sourcePrefix, backupPrefix, checkpointKey, layoutStateKey } = args;
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
        StringLike: {
          "s3:prefix": [`${backupPrefix}${sourcePrefix}*`, checkpointKey, layoutStateKey],
        },
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
      Resource: [
        pulumi.interpolate`${backupArn}/${checkpointKey}`,
        pulumi.interpolate`${backupArn}/${layoutStateKey}`,
      ],
    },
    {
      Sid: "UseBackupKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.backupKmsKeyArn,
    },
  ];
  if (args.batchOperations) {
    const batch = args.batchOperations;
    statements.push(
      {
        Sid: "SubmitAndFollowBatchCopyJobs",
        Effect: "Allow",
        // CreateJob has no resource type. DescribeJob's job ARNs are regional S3 ARNs, which
        // moto's policy validator (the IAM tests) refuses; the job's role, the power a job has,
        // is narrowed by PassRole below.
        Action: ["s3:CreateJob", "s3:DescribeJob"],
        Resource: "*",
      },
      {
        Sid: "PassBatchOperationsRole",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: batch.roleArn,
        Condition: { StringEquals: { "iam:PassedToService": "batchoperations.s3.amazonaws.com" } },
      },
      {
        Sid: "WriteBatchManifests",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: pulumi.interpolate`${backupArn}/${batch.manifestPrefix}*`,
      },
      {
        Sid: "ReadBatchReports",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: pulumi.interpolate`${backupArn}/${batch.reportPrefix}/*`,
      },
    );
  }
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
