import type { IamCall } from "../shared/iam-calls";

const backup = "arn:aws:s3:::{env:DEST_BUCKET}/{env:DEST_PREFIX}/{watchedFunction}.zip";
const state = "arn:aws:s3:::{env:DEST_BUCKET}/{env:STATE_PREFIX}/{watchedFunction}.json";
const SSE_KMS_WRITE = "SSE-KMS: S3 asks KMS for a data key to encrypt the object";
const SSE_KMS_READ = "SSE-KMS: S3 asks KMS to decrypt the object's data key";

/** The watcher's SDK commands (`handlers/code-watcher/index.ts` and what it imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "ListFunctionsCommand",
    needs: [{ action: "lambda:ListFunctions", resource: "*", only: "sweepAllFunctions" }],
  },
  {
    command: "GetFunctionCommand",
    needs: [
      {
        action: "lambda:GetFunction",
        resource: "arn:aws:lambda:{region}:{account}:function:{watchedFunction}",
      },
      {
        action: "lambda:GetFunction",
        resource: "arn:aws:lambda:{region}:{account}:function:{watchedFunction}:7",
      },
    ],
  },
  {
    command: "GetBucketVersioningCommand",
    needs: [{ action: "s3:GetBucketVersioning", resource: "arn:aws:s3:::{env:DEST_BUCKET}" }],
  },
  {
    command: "PutBucketVersioningCommand",
    needs: [
      {
        action: "s3:PutBucketVersioning",
        resource: "arn:aws:s3:::{env:DEST_BUCKET}",
        // The component's own bucket is created versioned, so the call never happens there.
        only: "bucketName",
      },
    ],
  },
  {
    command: "GetObjectCommand",
    needs: [
      { action: "s3:GetObject", resource: state },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:DEST_BUCKET}",
        implied: "a read of a key that may be missing: S3 answers 404 only to a lister",
        withheld: "readState takes the 403 of a state not written yet for no backup",
      },
      { action: "kms:Decrypt", resource: "{bucketKey}", implied: SSE_KMS_READ, only: "kmsKeyArn" },
    ],
  },
  {
    command: "PutObjectCommand",
    needs: [
      { action: "s3:PutObject", resource: backup },
      { action: "s3:PutObject", resource: state },
      {
        action: "kms:GenerateDataKey",
        resource: "{bucketKey}",
        implied: SSE_KMS_WRITE,
        only: "kmsKeyArn",
      },
    ],
  },
  {
    // Only after a conditional write failed: the key exists.
    command: "HeadObjectCommand",
    needs: [{ action: "s3:GetObject", resource: backup }],
  },
];
