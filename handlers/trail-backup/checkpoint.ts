import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { z } from "zod";
import { formatIssue } from "../../contracts/zod-issues";
import { atStep } from "../shared/aws-errors";
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

const uri = (location: CheckpointLocation) => `s3://${location.bucket}/${location.key}`;

/**
 * Reads the checkpoint, if there is one. It lists the key before reading it: without s3:ListBucket
 * on a key, S3 answers a GET of a missing object with 403 AccessDenied, not 404, and the role's
 * ListBucket is limited to the backup prefix and this key.
 *
 * A checkpoint that is not one this handler wrote is deleted before the error that reports it, so
 * that it fails one run, not every run: the next starts from the beginning, where the backup listing
 * skips what is already copied.
 */
export async function readCheckpoint(
  s3: S3Client,
  location: CheckpointLocation,
): Promise<Checkpoint | undefined> {
  const text = await readStateText(s3, location, "checkpoint");
  if (text === undefined) return undefined;
  const parsed = parseCheckpoint(text, uri(location));
  if (typeof parsed === "string") {
    await deleteCheckpoint(s3, location);
    throw new CheckpointError(
      `${parsed}; deleted it, so the next run starts from the beginning (copies already made are skipped)`,
    );
  }
  return parsed;
}

/**
 * The text of a state object of the handler, or undefined when there is none. The key is listed
 * before it is read: without s3:ListBucket on a key, a GET of a missing object is a 403.
 */
export async function readStateText(
  s3: S3Client,
  location: CheckpointLocation,
  what: string,
): Promise<string | undefined> {
  return atStep(`reading ${what} ${uri(location)}`, async () => {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.key, MaxKeys: 1 }),
    );
    if (listed.Contents?.[0]?.Key !== location.key) return undefined;
    const object = await s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
    );
    return (await object.Body?.transformToString()) ?? "";
  });
}

/** The checkpoint in `text`, or what is wrong with it. */
function parseCheckpoint(text: string, where: string): Checkpoint | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${where} is not JSON`;
  }
  const checkpoint = checkpointSchema.safeParse(json);
  if (checkpoint.success) return checkpoint.data;
  const reason = formatIssue(checkpoint.error.issues[0], {
    style: "dots",
    whole: "checkpoint",
    separator: " ",
  });
  return `${where}: ${reason}`;
}

export async function writeCheckpoint(
  s3: S3Client,
  location: CheckpointLocation,
  checkpoint: Checkpoint,
): Promise<void> {
  await atStep(`writing checkpoint ${uri(location)}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Body: JSON.stringify(checkpoint),
        ContentType: "application/json",
      }),
    ),
  );
}

export async function deleteCheckpoint(s3: S3Client, location: CheckpointLocation): Promise<void> {
  await atStep(`deleting checkpoint ${uri(location)}`, () =>
    s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })),
  );
}
