import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import { CheckpointError } from "./errors";

const checkpointSchema = z.strictObject({
  version: z.literal(1),
  sourceBucket: z.string(),
  sourcePrefix: z.string(),
  backupPrefix: z.string(),
  /** Every source key up to and including this one has been handled. */
  startAfter: z.string().min(1),
  asOf: z.iso.datetime({ offset: true }),
  savedAt: z.iso.datetime({ offset: true }),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface CheckpointLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * Reads the checkpoint, if there is one. It lists the key before reading it: without s3:ListBucket
 * on a key, S3 answers a GET of a missing object with 403 AccessDenied, not 404, and the role's
 * ListBucket is limited to the backup prefix and this key.
 */
export async function readCheckpoint(
  s3: S3Client,
  location: CheckpointLocation,
): Promise<Checkpoint | undefined> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.key, MaxKeys: 1 }),
  );
  if (listed.Contents?.[0]?.Key !== location.key) return undefined;
  const object = await s3.send(
    new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
  );
  const text = (await object.Body?.transformToString()) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CheckpointError(`s3://${location.bucket}/${location.key} is not JSON`);
  }
  const checkpoint = checkpointSchema.safeParse(parsed);
  if (!checkpoint.success) {
    const issue = checkpoint.error.issues[0];
    throw new CheckpointError(
      `s3://${location.bucket}/${location.key}: ${issue.path.join(".") || "checkpoint"} ${issue.message}`,
    );
  }
  return checkpoint.data;
}

export async function writeCheckpoint(
  s3: S3Client,
  location: CheckpointLocation,
  checkpoint: Checkpoint,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: location.bucket,
      Key: location.key,
      Body: JSON.stringify(checkpoint),
      ContentType: "application/json",
    }),
  );
}

export async function deleteCheckpoint(s3: S3Client, location: CheckpointLocation): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key }));
}
