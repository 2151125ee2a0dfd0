import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "../core/policy";

export interface BatchOperationsRoleArgs {
  readonly sourceBucketName: pulumi.Input<string>;
  readonly sourcePrefix: string;
  readonly backupBucketArn: pulumi.Output<string>;
  readonly backupPrefix: string;
  readonly manifestPrefix: string;
  readonly reportPrefix: string;
  readonly backupKmsKeyArn: pulumi.Output<string>;
  readonly sourceKmsKeyArn?: pulumi.Input<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The principal S3 Batch Operations assumes a job's role as. */
export const BATCH_OPERATIONS_PRINCIPAL = "batchoperations.s3.amazonaws.com";

/**
 * What a Batch Operations copy job does: read the manifest and the source objects, write the copies
 * under the backup prefix and the completion report, with the keys of both buckets.
 */
export function batchOperationsStatements(
  args: BatchOperationsRoleArgs,
): pulumi.Input<PolicyStatement>[] {
  const backupArn = args.backupBucketArn;
  const statements: pulumi.Input<PolicyStatement>[] = [
    {
      Sid: "ReadSourceObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: pulumi.interpolate`arn:aws:s3:::${args.sourceBucketName}/${args.sourcePrefix}*`,
    },
    {
      Sid: "WriteBackups",
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: pulumi.interpolate`${backupArn}/${args.backupPrefix}${args.sourcePrefix}*`,
    },
    {
      Sid: "ReadManifests",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: pulumi.interpolate`${backupArn}/${args.manifestPrefix}*`,
    },
    {
      Sid: "WriteReports",
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: pulumi.interpolate`${backupArn}/${args.reportPrefix}/*`,
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

/** The role the backup's Batch Operations copy jobs run as, and its policy. */
export function createBatchOperationsRole(
  name: string,
  args: BatchOperationsRoleArgs,
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  const role = new aws.iam.Role(
    `${name}-batch-role`,
    {
      description: "S3 Batch Operations copy jobs of the CloudTrail backup",
      assumeRolePolicy: policyDocument([
        {
          Effect: "Allow",
          Principal: { Service: BATCH_OPERATIONS_PRINCIPAL },
          Action: ["sts:AssumeRole"],
        },
      ]),
      tags: args.tags,
    },
    opts,
  );
  new aws.iam.RolePolicy(
    `${name}-batch-policy`,
    { role: role.id, policy: policyDocument(batchOperationsStatements(args)) },
    opts,
  );
  return role;
}
