import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { formatIssue } from "../../contracts/zod-issues";
import { atStep } from "../shared/aws-errors";
import { readStateText, type CheckpointLocation } from "./checkpoint";
import { CheckpointError } from "./errors";

const day = z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/);

const watermark = z.strictObject({ day, clean: z.boolean() });

const layoutStateSchema = z.strictObject({
  version: z.literal(1),
  sourceBucket: z.string(),
  sourcePrefix: z.string(),
  backupPrefix: z.string(),
  /** When the prefixes were last discovered (judged against the runs' `asOf`). */
  discoveredAt: z.iso.datetime({ offset: true }),
  /** `…/<region>/` folders whose keys follow CloudTrail's day folders. */
  dayTrees: z.array(z.string()),
  /** Folders outside the layout: scanned in full on every run, age by LastModified. */
  fullScans: z.array(z.string()),
  /** Folders on the way to the day trees that hold objects of their own. */
  looseObjectFolders: z.array(z.string()),
  /**
   * Per day tree: every eligible object of `day` and of the days before it is in the backup.
   * `clean` says no copy was made after `day` since (a run finished there with nothing pending), so
   * the next days need no look at the backup.
   */
  watermarks: z.record(z.string(), watermark),
  /**
   * An S3 Batch Operations copy job not yet seen to end, and the watermarks to set once it has
   * completed and its failed keys are copied.
   */
  pendingJob: z
    .strictObject({
      jobId: z.string(),
      accountId: z.string(),
      manifestKey: z.string(),
      watermarks: z.record(z.string(), watermark),
    })
    .optional(),
});

export type LayoutState = z.infer<typeof layoutStateSchema>;
export type Watermark = LayoutState["watermarks"][string];

const uri = (location: CheckpointLocation) => `s3://${location.bucket}/${location.key}`;

/**
 * The saved layout state, if any. One this handler did not write is deleted before the error that
 * reports it: the next run discovers again and checks every eligible day against the backup.
 */
export async function readLayoutState(
  s3: S3Client,
  location: CheckpointLocation,
): Promise<LayoutState | undefined> {
  const text = await readStateText(s3, location, "layout state");
  if (text === undefined) return undefined;
  let json: unknown;
  let problem: string | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    problem = `${uri(location)} is not JSON`;
  }
  if (problem === undefined) {
    const parsed = layoutStateSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const reason = formatIssue(parsed.error.issues[0], {
      style: "dots",
      whole: "layout state",
      separator: " ",
    });
    problem = `${uri(location)}: ${reason}`;
  }
  await atStep(`deleting layout state ${uri(location)}`, () =>
    s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })),
  );
  throw new CheckpointError(
    `${problem}; deleted it, so the next run discovers the prefixes again (copies already made are skipped)`,
  );
}

export async function writeLayoutState(
  s3: S3Client,
  location: CheckpointLocation,
  state: LayoutState,
): Promise<void> {
  await atStep(`writing layout state ${uri(location)}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Body: JSON.stringify(state),
        ContentType: "application/json",
      }),
    ),
  );
}
