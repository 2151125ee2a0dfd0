/**
 * npm run bench -- trail-backup-org [--accounts N] [--regions N] [--days N] [--per-day N]
 *   [--batch-threshold N]
 *
 * Seeds a private moto server with an organization trail's bucket (accounts × regions day trees of
 * `--days` day folders, `--per-day` files each; by default 3 × 3 × 400 × 14 = 50,400 objects) and
 * runs the trail-backup core in the `cloudtrail` layout three times, counting every S3 request:
 * the first run, a daily run one day later, and a rerun of that day. Ages come from the keys' day
 * folders (moto dates every object now).
 *
 * moto does not run S3 Batch Operations jobs: S3 Control is answered by aws-sdk-client-mock, and
 * between the first and the daily run the bench does the job's work itself (a server-side copy of
 * every manifest row, an empty failure report), uncounted. With `--batch-threshold 0` the first run
 * copies itself.
 *
 * Prints a JSON summary; exits 1 when a target is missed: the first run submits one job whose
 * manifest lists every eligible object (or copies them all itself), the daily run makes at most
 * (new objects / 1,000 + day trees + 10) list calls and copies exactly the newly eligible objects,
 * and the rerun copies nothing.
 */
import "../tools/shared/node-version";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateJobCommand,
  DescribeJobCommand,
  S3ControlClient,
  type CreateJobCommandInput,
} from "@aws-sdk/client-s3-control";
import { mockClient } from "aws-sdk-client-mock";
import { runTrailBackup } from "../handlers/trail-backup/backup";
import type { TrailBackupSettings } from "../handlers/trail-backup/types";
import { onCommand } from "../test/harness/on-command";
import { startMotoServer } from "../test/harness/moto-server";
import {
  positiveIntegerFlag,
  runCommand,
  type CommandSpec,
  type ParsedCommand,
} from "../tools/shared/cli";

const DAY_MS = 86_400_000;
const THRESHOLD_DAYS = 85;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1"];

export const TRAIL_BACKUP_ORG_BENCH: CommandSpec = {
  command: "npm run bench -- trail-backup-org",
  description:
    "Seeds moto with an organization trail's bucket and counts the S3 requests of a first run, a\n" +
    "daily run and a rerun of the trail-backup core in the cloudtrail layout.",
  flags: [
    { name: "accounts", value: "<n>", help: "accounts in the organization; defaults to 3" },
    { name: "regions", value: "<n>", help: "regions per account (at most 5); defaults to 3" },
    { name: "days", value: "<n>", help: "day folders per account and region; defaults to 400" },
    { name: "per-day", value: "<n>", help: "files per day folder; defaults to 14" },
    {
      name: "batch-threshold",
      value: "<n>",
      help: "objects above which a run submits a Batch Operations job (0: never); defaults to 10000",
    },
  ],
};

const dayFolder = (dayIndex: number) =>
  new Date(FIRST_DAY + dayIndex * DAY_MS).toISOString().slice(0, 10).replace(/-/g, "/");

/** The run at which day `dayIndex` is the last one `THRESHOLD_DAYS` whole days old. */
const asOfWhenEligible = (dayIndex: number) =>
  new Date(FIRST_DAY + (dayIndex + 1 + THRESHOLD_DAYS) * DAY_MS + 6 * 3_600_000);

async function inParallel(count: number, limit: number, work: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function main(args: ParsedCommand): Promise<number> {
  const accounts = positiveIntegerFlag(args, "accounts", 3);
  const regions = Math.min(positiveIntegerFlag(args, "regions", 3), REGIONS.length);
  const days = positiveIntegerFlag(args, "days", 400);
  const perDay = positiveIntegerFlag(args, "per-day", 14);
  const batchThreshold =
    args.string("batch-threshold") === "0"
      ? 0
      : positiveIntegerFlag(args, "batch-threshold", 10_000);
  if (days <= THRESHOLD_DAYS + 1) throw new Error(`--days must be over ${THRESHOLD_DAYS + 1}`);
  const moto = await startMotoServer();
  try {
    const s3 = new S3Client({
      endpoint: moto.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    const counts = new Map<string, number>();
    onCommand(s3, (command) => counts.set(command, (counts.get(command) ?? 0) + 1));
    const count = (command: string) => counts.get(command) ?? 0;
    for (const bucket of ["org-trail", "org-trail-backup"]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }

    const trees = Array.from({ length: accounts * regions }, (_, index) => {
      const account = String(111111111111 * (Math.floor(index / regions) + 1)).slice(0, 12);
      return `AWSLogs/o-bench12345/${account}/CloudTrail/${REGIONS[index % regions]}/`;
    });
    const objects = trees.length * days * perDay;
    let started = performance.now();
    await inParallel(objects, 64, async (index) => {
      const tree = trees[index % trees.length];
      const dayIndex = Math.floor(index / trees.length / perDay);
      const file = index % perDay;
      const key = `${tree}${dayFolder(dayIndex)}/${String(file).padStart(4, "0")}.json.gz`;
      await s3.send(
        new PutObjectCommand({ Bucket: "org-trail", Key: key, Body: `{"n":${index}}` }),
      );
    });
    const seedMs = performance.now() - started;

    const s3control = new S3ControlClient({ region: "us-east-1" });
    const jobs: CreateJobCommandInput[] = [];
    const control = mockClient(s3control);
    control.on(CreateJobCommand).callsFake((input: CreateJobCommandInput) => {
      jobs.push(input);
      return { JobId: `bench-job-${jobs.length}` };
    });
    control.on(DescribeJobCommand).resolves({ Job: { Status: "Complete" } });
    /** What S3 would do with the job: copy every manifest row; report no failed task. */
    const doTheJob = async (job: CreateJobCommandInput) => {
      const manifestKey = job.Manifest!.Location!.ObjectArn!.replace(
        "arn:aws:s3:::org-trail-backup/",
        "",
      );
      const manifest = await s3.send(
        new GetObjectCommand({ Bucket: "org-trail-backup", Key: manifestKey }),
      );
      const rows = (await manifest.Body!.transformToString()).split("\n").filter(Boolean);
      const prefix = job.Operation!.S3PutObjectCopy!.TargetKeyPrefix!;
      await inParallel(rows.length, 32, async (index) => {
        const [bucket, encodedKey] = rows[index].split(",");
        await s3.send(
          new CopyObjectCommand({
            Bucket: "org-trail-backup",
            Key: `${prefix}/${decodeURIComponent(encodedKey)}`,
            CopySource: `${bucket}/${encodedKey}`,
          }),
        );
      });
      await s3.send(
        new PutObjectCommand({
          Bucket: "org-trail-backup",
          Key: `${job.Report!.Prefix}/job-bench-job-${jobs.length}/manifest.json`,
          Body: JSON.stringify({ Format: "Report_CSV_20180820", Results: [] }),
        }),
      );
      return rows.length;
    };

    const config: TrailBackupSettings = {
      sourceBucket: "org-trail",
      sourcePrefix: "",
      backupBucket: "org-trail-backup",
      backupPrefix: "cloudtrail-backup/",
      thresholdDays: THRESHOLD_DAYS,
      concurrency: 32,
      layout: "cloudtrail",
      batchOperationsThreshold: batchThreshold,
      batchOperationsRoleArn: "arn:aws:iam::123456789012:role/trail-backup-batch",
    };
    const deps = { s3, s3control, remainingMs: () => 900_000, reserveMs: 60_000 };
    // The first run sees every day but the last 87; the daily run adds exactly one day per tree.
    const firstLastDay = days - THRESHOLD_DAYS - 2;
    const run = async (asOf: Date) => {
      counts.clear();
      started = performance.now();
      const result = await runTrailBackup(config, { asOf, dryRun: false }, deps);
      return {
        ms: Math.round(performance.now() - started),
        result,
        listCalls: count("ListObjectsV2Command"),
        copyCalls: count("CopyObjectCommand"),
        requests: Object.fromEntries([...counts].sort()),
      };
    };

    const first = await run(asOfWhenEligible(firstLastDay));
    const manifestRows = jobs.length > 0 ? await doTheJob(jobs[0]) : 0;
    const daily = await run(asOfWhenEligible(firstLastDay + 1));
    const rerun = await run(asOfWhenEligible(firstLastDay + 1));

    const newlyEligible = trees.length * perDay;
    const firstEligible = (firstLastDay + 1) * trees.length * perDay;
    const listBound = newlyEligible / 1000 + trees.length + 10;
    const targetsMet = {
      firstRunHandsEveryEligibleObjectOn:
        batchThreshold > 0 && firstEligible > batchThreshold
          ? jobs.length === 1 && manifestRows === firstEligible && first.copyCalls === 0
          : first.result.copied === firstEligible,
      dailyListCallsWithinBound: daily.listCalls <= listBound,
      dailyCopiesExactlyTheNewDay:
        daily.result.copied === newlyEligible && daily.copyCalls === newlyEligible,
      rerunCopiesNothing: rerun.result.copied === 0 && rerun.copyCalls === 0,
    };
    const summary = {
      objects,
      dayTrees: trees.length,
      seedMs: Math.round(seedMs),
      firstRun: {
        ...first,
        eligible: firstEligible,
        batchOperations: { threshold: batchThreshold, jobs: jobs.length, manifestRows },
      },
      dailyRun: { ...daily, newlyEligible, listCallBound: listBound },
      rerun,
      targetsMet,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return Object.values(targetsMet).every(Boolean) ? 0 : 1;
  } finally {
    await moto.stop();
  }
}

void runCommand(TRAIL_BACKUP_ORG_BENCH, process.argv.slice(2), main);
