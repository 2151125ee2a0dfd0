import {
  BATCH_MANIFEST_PREFIX,
  BATCH_REPORT_PREFIX,
  LAYOUT_STATE_KEY,
} from "../../contracts/trail-backup";
import type { IamCall } from "../shared/iam-calls";

const source = "arn:aws:s3:::{env:SOURCE_BUCKET}/{env:SOURCE_PREFIX}123456789012/log.json.gz";
const backup =
  "arn:aws:s3:::{env:BACKUP_BUCKET}/{env:BACKUP_PREFIX}{env:SOURCE_PREFIX}123456789012/log.json.gz";
const checkpoint = "arn:aws:s3:::{env:BACKUP_BUCKET}/{env:CHECKPOINT_KEY}";
const layoutState = `arn:aws:s3:::{env:BACKUP_BUCKET}/${LAYOUT_STATE_KEY}`;
const manifest = `arn:aws:s3:::{env:BACKUP_BUCKET}/${BATCH_MANIFEST_PREFIX}2025-04-01T02:00:00.000Z-150000.csv`;
const report = `arn:aws:s3:::{env:BACKUP_BUCKET}/${BATCH_REPORT_PREFIX}/job-0123/results/failed.csv`;
const SSE_KMS_WRITE = "SSE-KMS: S3 asks KMS for a data key to encrypt the copy";
const SSE_KMS_READ = "SSE-KMS: S3 asks KMS to decrypt the object's data key";
const SOURCE_KMS = "an SSE-KMS source: S3 decrypts it to copy it";

/** The backup's SDK commands (`handlers/trail-backup/index.ts` and what it imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "ListObjectsV2Command",
    needs: [
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:SOURCE_BUCKET}",
        context: { "s3:prefix": "{env:SOURCE_PREFIX}" },
      },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:BACKUP_BUCKET}",
        context: { "s3:prefix": "{env:BACKUP_PREFIX}{env:SOURCE_PREFIX}" },
      },
      {
        // readCheckpoint lists the key before it reads it, so a missing one is a 200, not a 403.
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:BACKUP_BUCKET}",
        context: { "s3:prefix": "{env:CHECKPOINT_KEY}" },
      },
      {
        // The same probe for the layout state of the `cloudtrail` layout.
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:BACKUP_BUCKET}",
        context: { "s3:prefix": LAYOUT_STATE_KEY },
      },
    ],
  },
  {
    command: "GetObjectCommand",
    needs: [
      { action: "s3:GetObject", resource: checkpoint },
      { action: "s3:GetObject", resource: layoutState },
      { action: "s3:GetObject", resource: report },
      { action: "kms:Decrypt", resource: "{backupKey}", implied: SSE_KMS_READ },
    ],
  },
  {
    command: "PutObjectCommand",
    needs: [
      { action: "s3:PutObject", resource: checkpoint },
      { action: "s3:PutObject", resource: layoutState },
      { action: "s3:PutObject", resource: manifest },
      { action: "kms:GenerateDataKey", resource: "{backupKey}", implied: SSE_KMS_WRITE },
    ],
  },
  {
    command: "DeleteObjectCommand",
    needs: [
      { action: "s3:DeleteObject", resource: checkpoint },
      { action: "s3:DeleteObject", resource: layoutState },
    ],
  },
  {
    command: "CopyObjectCommand",
    needs: [
      { action: "s3:GetObject", resource: source, implied: "CopyObject reads its source" },
      { action: "s3:PutObject", resource: backup },
      { action: "kms:GenerateDataKey", resource: "{backupKey}", implied: SSE_KMS_WRITE },
      {
        action: "kms:Decrypt",
        resource: "{sourceKey}",
        implied: SOURCE_KMS,
        only: "sourceKmsKeyArn",
      },
    ],
  },
  {
    // Of an object just listed: it exists.
    command: "HeadObjectCommand",
    needs: [{ action: "s3:GetObject", resource: source }],
  },
  {
    command: "CreateMultipartUploadCommand",
    needs: [
      { action: "s3:PutObject", resource: backup },
      { action: "kms:GenerateDataKey", resource: "{backupKey}", implied: SSE_KMS_WRITE },
    ],
  },
  {
    command: "UploadPartCopyCommand",
    needs: [
      { action: "s3:GetObject", resource: source, implied: "UploadPartCopy reads its source" },
      { action: "s3:PutObject", resource: backup },
      {
        action: "kms:Decrypt",
        resource: "{sourceKey}",
        implied: SOURCE_KMS,
        only: "sourceKmsKeyArn",
      },
    ],
  },
  {
    command: "CompleteMultipartUploadCommand",
    needs: [
      { action: "s3:PutObject", resource: backup },
      {
        action: "kms:Decrypt",
        resource: "{backupKey}",
        implied: "a multipart upload with SSE-KMS decrypts the parts' data keys to complete",
      },
    ],
  },
  {
    command: "AbortMultipartUploadCommand",
    needs: [{ action: "s3:AbortMultipartUpload", resource: backup }],
  },
  {
    // s3control: a copy job over a manifest, run as the Batch Operations role the function passes.
    command: "CreateJobCommand",
    needs: [
      { action: "s3:CreateJob", resource: "*" },
      {
        action: "iam:PassRole",
        resource: "{env:BATCH_OPERATIONS_ROLE_ARN}",
        context: { "iam:PassedToService": "batchoperations.s3.amazonaws.com" },
        implied: "CreateJob passes the job's role to S3 Batch Operations",
      },
    ],
  },
  {
    command: "DescribeJobCommand",
    needs: [{ action: "s3:DescribeJob", resource: "*" }],
  },
  {
    command: "InvokeCommand",
    needs: [
      {
        action: "lambda:InvokeFunction",
        resource: "arn:aws:lambda:{region}:{account}:function:{functionName}",
      },
    ],
  },
];
