import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  CreateJobCommand,
  DescribeJobCommand,
  type CreateJobCommandInput,
  type S3ControlClient,
} from "@aws-sdk/client-s3-control";
import { BATCH_MANIFEST_PREFIX, BATCH_REPORT_PREFIX } from "../../contracts/trail-backup";
import { atStep } from "../shared/aws-errors";

/** Where a Batch Operations copy job reads and writes, and as whom. */
export interface BatchJobTarget {
  readonly sourceBucket: string;
  readonly backupBucket: string;
  /** Ends with `/`: the job copies `key` to `<prefix without the slash>/key`. */
  readonly backupPrefix: string;
  /** The role Batch Operations assumes; its account is the job's. */
  readonly roleArn: string;
}

export interface SubmittedJob {
  readonly jobId: string;
  readonly accountId: string;
  readonly manifestKey: string;
}

/** The account of a role ARN (`arn:aws:iam::<account>:role/…`). */
export function accountOf(roleArn: string): string {
  return roleArn.split(":")[4];
}

/** A manifest in `S3BatchOperations_CSV_20180820` form: `bucket,key` lines, keys URL-encoded. */
export function manifestCsv(sourceBucket: string, keys: readonly string[]): string {
  return keys.map((key) => `${sourceBucket},${encodeURIComponent(key)}\n`).join("");
}

/** The CreateJob request of a copy job over the manifest at `manifestKey` (with its ETag). */
export function createJobInput(
  target: BatchJobTarget,
  manifest: { readonly key: string; readonly etag: string },
): CreateJobCommandInput {
  const backupArn = `arn:aws:s3:::${target.backupBucket}`;
  const etag = manifest.etag.replace(/"/g, "");
  return {
    AccountId: accountOf(target.roleArn),
    ConfirmationRequired: false,
    Operation: {
      S3PutObjectCopy: {
        TargetResource: backupArn,
        TargetKeyPrefix: target.backupPrefix.replace(/\/$/, ""),
      },
    },
    Manifest: {
      Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key"] },
      Location: { ObjectArn: `${backupArn}/${manifest.key}`, ETag: etag },
    },
    Report: {
      Bucket: backupArn,
      Prefix: BATCH_REPORT_PREFIX,
      Format: "Report_CSV_20180820",
      Enabled: true,
      ReportScope: "FailedTasksOnly",
    },
    Priority: 10,
    RoleArn: target.roleArn,
    // The same manifest is the same job: a retried CreateJob does not start a second one.
    ClientRequestToken: `trail-backup-${etag}`.slice(0, 64),
    Description: `trail-backup: copy ${manifest.key}`,
  };
}

/** Writes the manifest of `keys` to the backup bucket and submits the copy job over it. */
export async function submitCopyJob(
  s3: S3Client,
  s3control: S3ControlClient,
  target: BatchJobTarget,
  keys: readonly string[],
  asOf: Date,
): Promise<SubmittedJob> {
  const manifestKey = `${BATCH_MANIFEST_PREFIX}${asOf.toISOString()}-${keys.length}.csv`;
  const written = await atStep(`writing manifest s3://${target.backupBucket}/${manifestKey}`, () =>
    s3.send(
      new PutObjectCommand({
        Bucket: target.backupBucket,
        Key: manifestKey,
        Body: manifestCsv(target.sourceBucket, keys),
        ContentType: "text/csv",
      }),
    ),
  );
  const input = createJobInput(target, { key: manifestKey, etag: written.ETag ?? "" });
  const created = await atStep(`creating a Batch Operations job over ${manifestKey}`, () =>
    s3control.send(new CreateJobCommand(input)),
  );
  return { jobId: created.JobId!, accountId: accountOf(target.roleArn), manifestKey };
}

/** The job has ended: `Complete`, `Failed` or `Cancelled`; undefined while it runs. */
export async function endedStatus(
  s3control: S3ControlClient,
  job: Pick<SubmittedJob, "jobId" | "accountId">,
): Promise<"Complete" | "Failed" | "Cancelled" | undefined> {
  const described = await atStep(`describing Batch Operations job ${job.jobId}`, () =>
    s3control.send(new DescribeJobCommand({ AccountId: job.accountId, JobId: job.jobId })),
  );
  const status = described.Job?.Status;
  return status === "Complete" || status === "Failed" || status === "Cancelled"
    ? status
    : undefined;
}

interface ReportManifest {
  readonly Results?: readonly { readonly TaskExecutionStatus?: string; readonly Key?: string }[];
}

/**
 * The source keys whose copy failed, from the job's completion report: its `manifest.json` names
 * the result CSVs, whose lines are `bucket,key,version,status,…` with the key URL-encoded.
 */
export async function failedKeysOfReport(
  s3: S3Client,
  backupBucket: string,
  jobId: string,
): Promise<string[]> {
  const read = (key: string) =>
    atStep(`reading job report s3://${backupBucket}/${key}`, async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: backupBucket, Key: key }));
      return (await object.Body?.transformToString()) ?? "";
    });
  const report = JSON.parse(
    await read(`${BATCH_REPORT_PREFIX}/job-${jobId}/manifest.json`),
  ) as ReportManifest;
  const failed: string[] = [];
  for (const result of report.Results ?? []) {
    if (result.TaskExecutionStatus !== "failed" || !result.Key) continue;
    for (const line of (await read(result.Key)).split("\n")) {
      const [, encodedKey] = line.split(",");
      if (encodedKey) failed.push(decodeURIComponent(encodedKey.replace(/\+/g, " ")));
    }
  }
  return failed;
}
