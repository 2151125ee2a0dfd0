import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { TrailBackupSettings } from "../../handlers/trail-backup/types";

/**
 * A maker of fresh source and backup buckets for one test file: each call creates
 * `<prefix>-source-<n>` holding `keys` (body `log of <key>`) and an empty `<prefix>-backup-<n>`, and
 * returns the handler's settings for them (85 days, `cloudtrail-backup/`), with `settings` on top.
 */
export function trailBuckets(s3: S3Client, prefix: string) {
  let count = 0;
  return async (keys: readonly string[], settings: Partial<TrailBackupSettings> = {}) => {
    count++;
    const source = `${prefix}-source-${count}`;
    const backup = `${prefix}-backup-${count}`;
    await s3.send(new CreateBucketCommand({ Bucket: source }));
    await s3.send(new CreateBucketCommand({ Bucket: backup }));
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: source, Key: key, Body: `log of ${key}` }));
    }
    const config: TrailBackupSettings = {
      sourceBucket: source,
      sourcePrefix: "",
      backupBucket: backup,
      backupPrefix: "cloudtrail-backup/",
      thresholdDays: 85,
      ...settings,
    };
    return { source, backup, config };
  };
}

/** The keys of a bucket under `prefix`, in S3's order (one page: the tests' buckets are small). */
export async function keysOf(s3: S3Client, bucket: string, prefix = ""): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}
