import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateJobCommand,
  DescribeJobCommand,
  S3ControlClient,
  type JobStatus,
} from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { awsTestConfig } from "../../test/harness/moto";
import { runTrailBackup, type TrailBackupDeps } from "./backup";
import { createJobInput, manifestCsv } from "./batch-operations";
import { trailBuckets } from "../../test/support/trail-backup";

const DAY_MS = 86_400_000;
const s3 = new S3Client(awsTestConfig());
const s3control = new S3ControlClient({ region: "us-east-1" });
const s3controlMock = mockClient(S3ControlClient);
const commands: string[] = [];
s3.middlewareStack.add(
  (next, context) => async (args) => {
    commands.push(context.commandName!);
    return next(args);
  },
  { step: "initialize", name: "recordCommands" },
);

const ROLE = "arn:aws:iam::123456789012:role/trail-backup-batch";
const TREE = "AWSLogs/123456789012/CloudTrail/eu-west-1/";
const DAYS = ["2025/01/01", "2025/01/02", "2025/01/03"];
const KEYS = DAYS.flatMap((day) => [`${TREE}${day}/a b.json.gz`, `${TREE}${day}/c+d.json.gz`]);
const asOfFor = (day: string) => ({
  asOf: new Date(Date.parse(`${day.replace(/\//g, "-")}T06:00:00Z`) + 86 * DAY_MS),
  dryRun: false,
});

const newBuckets = trailBuckets(s3, "bo");
const makeBuckets = () =>
  newBuckets(KEYS, {
    concurrency: 2,
    layout: "cloudtrail",
    batchOperationsThreshold: 3,
    batchOperationsRoleArn: ROLE,
  });

const deps = (): TrailBackupDeps => ({
  s3,
  s3control,
  remainingMs: () => 900_000,
  reserveMs: 60_000,
  retry: { sleep: async () => undefined, maxAttempts: 1 },
});

async function text(bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}
async function layoutState(bucket: string) {
  return JSON.parse(await text(bucket, "trail-backup-state/layout.json"));
}
async function keysOf(bucket: string, prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}
const jobIs = (status: JobStatus) =>
  s3controlMock.on(DescribeJobCommand).resolves({ Job: { JobId: "job-1", Status: status } });

/** Submits the job of the first two days; returns the buckets and the manifest key. */
async function submitted() {
  const made = await makeBuckets();
  s3controlMock.on(CreateJobCommand).resolves({ JobId: "job-1" });
  const result = await runTrailBackup(made.config, asOfFor(DAYS[1]), deps());
  return { ...made, result };
}

/** What S3 would do: copy the manifest's keys but `failedKey`, and report that one as failed. */
async function completeJob(source: string, backup: string, keys: string[], failedKey: string) {
  for (const key of keys.filter((key) => key !== failedKey)) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: backup,
        Key: `cloudtrail-backup/${key}`,
        CopySource: `${source}/${encodeURIComponent(key)}`,
      }),
    );
  }
  const reports = "trail-backup-state/batch/reports/job-job-1";
  await s3.send(
    new PutObjectCommand({
      Bucket: backup,
      Key: `${reports}/manifest.json`,
      Body: JSON.stringify({
        Format: "Report_CSV_20180820",
        ReportCreationDate: "2025-04-01T00:00:00.000Z",
        Results: [
          {
            TaskExecutionStatus: "failed",
            Bucket: backup,
            MD5Checksum: "x",
            Key: `${reports}/results/failed.csv`,
          },
        ],
        ReportSchema:
          "Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage",
      }),
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: backup,
      Key: `${reports}/results/failed.csv`,
      Body: `${source},${encodeURIComponent(failedKey)},,failed,500,500,InternalError\n`,
    }),
  );
}

beforeEach(() => {
  s3controlMock.reset();
  commands.length = 0;
});

describe("the Batch Operations requests", () => {
  test("the manifest has one URL-encoded bucket,key line per object", () => {
    expect(manifestCsv("trail", ["AWSLogs/a b.json", "AWSLogs/c+d,é.json"])).toBe(
      "trail,AWSLogs%2Fa%20b.json\ntrail,AWSLogs%2Fc%2Bd%2C%C3%A9.json\n",
    );
  });

  test("CreateJob copies into the backup prefix, with a report of failed tasks", () => {
    const input = createJobInput(
      {
        sourceBucket: "trail",
        backupBucket: "backup",
        backupPrefix: "cloudtrail-backup/",
        roleArn: ROLE,
      },
      { key: "trail-backup-state/batch/manifests/m.csv", etag: '"0123abcd"' },
    );

    expect(input).toEqual({
      AccountId: "123456789012",
      ConfirmationRequired: false,
      Operation: {
        S3PutObjectCopy: {
          TargetResource: "arn:aws:s3:::backup",
          TargetKeyPrefix: "cloudtrail-backup",
        },
      },
      Manifest: {
        Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key"] },
        Location: {
          ObjectArn: "arn:aws:s3:::backup/trail-backup-state/batch/manifests/m.csv",
          ETag: "0123abcd",
        },
      },
      Report: {
        Bucket: "arn:aws:s3:::backup",
        Prefix: "trail-backup-state/batch/reports",
        Format: "Report_CSV_20180820",
        Enabled: true,
        ReportScope: "FailedTasksOnly",
      },
      Priority: 10,
      RoleArn: ROLE,
      ClientRequestToken: "trail-backup-0123abcd",
      Description: "trail-backup: copy trail-backup-state/batch/manifests/m.csv",
    });
  });
});

describe("runTrailBackup above the Batch Operations threshold", () => {
  test("it writes the manifest, submits one job with the manifest's ETag, copies nothing itself", async () => {
    const { source, backup, result } = await submitted();

    expect(result).toEqual({
      scanned: 6,
      eligible: 4,
      copied: 0,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect(commands).not.toContain("CopyObjectCommand");
    const manifestKey = "trail-backup-state/batch/manifests/2025-03-29T06:00:00.000Z-4.csv";
    expect(await text(backup, manifestKey)).toBe(manifestCsv(source, KEYS.slice(0, 4)));
    const head = await s3.send(new HeadObjectCommand({ Bucket: backup, Key: manifestKey }));
    expect(s3controlMock).toHaveReceivedCommandTimes(CreateJobCommand, 1);
    expect(s3controlMock.commandCalls(CreateJobCommand)[0].args[0].input).toEqual(
      createJobInput(
        {
          sourceBucket: source,
          backupBucket: backup,
          backupPrefix: "cloudtrail-backup/",
          roleArn: ROLE,
        },
        { key: manifestKey, etag: head.ETag! },
      ),
    );
    const state = await layoutState(backup);
    expect(state.watermarks).toEqual({});
    expect(state.pendingJob).toEqual({
      jobId: "job-1",
      accountId: "123456789012",
      manifestKey,
      watermarks: { [TREE]: { day: DAYS[1], clean: true } },
    });
  });

  test("while the job runs, a run only asks about it", async () => {
    const { config } = await submitted();
    jobIs("Active");
    commands.length = 0;

    const result = await runTrailBackup(config, asOfFor(DAYS[2]), deps());

    expect(result).toMatchObject({ scanned: 0, copied: 0, complete: true });
    expect(s3controlMock).toHaveReceivedCommandWith(DescribeJobCommand, {
      AccountId: "123456789012",
      JobId: "job-1",
    });
    expect(commands).toEqual(["ListObjectsV2Command", "GetObjectCommand"]);
  });

  test("after it completes, the report's failed keys are copied, then the watermarks move", async () => {
    const { source, backup, config } = await submitted();
    await completeJob(source, backup, KEYS.slice(0, 4), KEYS[1]);
    jobIs("Complete");

    const result = await runTrailBackup(config, asOfFor(DAYS[1]), deps());

    expect(result).toMatchObject({ copied: 1, failed: 0, complete: true });
    expect((await keysOf(backup, "cloudtrail-backup/")).sort()).toEqual(
      KEYS.slice(0, 4)
        .map((key) => `cloudtrail-backup/${key}`)
        .sort(),
    );
    const state = await layoutState(backup);
    expect(state.pendingJob).toBeUndefined();
    expect(state.watermarks).toEqual({ [TREE]: { day: DAYS[1], clean: true } });
  });

  test("a failed job leaves the watermarks; the next run checks the backup and submits again", async () => {
    const { backup, config } = await submitted();
    jobIs("Failed");
    s3controlMock.on(CreateJobCommand).resolves({ JobId: "job-2" });

    const result = await runTrailBackup(config, asOfFor(DAYS[1]), deps());

    expect(result).toMatchObject({ eligible: 4, copied: 0, complete: true });
    // The first job's submission, then this run's.
    expect(s3controlMock).toHaveReceivedCommandTimes(CreateJobCommand, 2);
    expect((await layoutState(backup)).pendingJob).toMatchObject({ jobId: "job-2" });
  });

  test("at or below the threshold, the run copies itself", async () => {
    const { backup, config } = await makeBuckets();

    const result = await runTrailBackup(
      { ...config, batchOperationsThreshold: 4 },
      asOfFor(DAYS[1]),
      deps(),
    );

    expect(result).toMatchObject({ eligible: 4, copied: 4, failed: 0, complete: true });
    expect(s3controlMock).toHaveReceivedCommandTimes(CreateJobCommand, 0);
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREE]: { day: DAYS[1], clean: true },
    });
  });
});
