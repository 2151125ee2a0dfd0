import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { awsTestConfig } from "../../test/harness/moto";
import { runTrailBackup, type TrailBackupDeps } from "./backup";
import { NoProgressError } from "./errors";
import { keysOf as keysOfBucket, trailBuckets } from "../../test/support/trail-backup";

const DAY_MS = 86_400_000;
const s3 = new S3Client(awsTestConfig());
const calls: { command: string; input: Record<string, unknown> }[] = [];
let failCopy: (key: string) => Error | undefined = () => undefined;
s3.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    calls.push({ command: context.commandName!, input });
    if (context.commandName === "CopyObjectCommand") {
      const error = failCopy(String(input.Key));
      if (error) throw error;
    }
    return next(args);
  },
  { step: "initialize", name: "recordCalls" },
);

const ORG = "AWSLogs/o-abc123def4";
const treeOf = (account: string, region: string) => `${ORG}/${account}/CloudTrail/${region}/`;
const TREES = [treeOf("111111111111", "eu-west-1"), treeOf("222222222222", "us-east-1")];
/** Two files a day in each tree, 2025-01-01 to 2025-01-05. */
const DAYS = ["01", "02", "03", "04", "05"].map((day) => `2025/01/${day}`);
const TRAIL_KEYS = TREES.flatMap((tree) =>
  DAYS.flatMap((day) => [`${tree}${day}/a.json.gz`, `${tree}${day}/b.json.gz`]),
);
/** The run at which `day` is the last day 85 whole days old. */
const asOfFor = (day: string, dryRun = false) => ({
  asOf: new Date(Date.parse(`${day.replace(/\//g, "-")}T06:00:00Z`) + 86 * DAY_MS),
  dryRun,
});

const newBuckets = trailBuckets(s3, "ct");
const makeBuckets = (keys: string[]) => newBuckets(keys, { concurrency: 3, layout: "cloudtrail" });

const keysOf = (bucket: string, prefix = "") => keysOfBucket(s3, bucket, prefix);

async function layoutState(bucket: string): Promise<Record<string, unknown>> {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: "trail-backup-state/layout.json" }),
  );
  return JSON.parse(await object.Body!.transformToString());
}

const deps = (extra: Partial<TrailBackupDeps> = {}): TrailBackupDeps => ({
  s3,
  remainingMs: () => 900_000,
  reserveMs: 60_000,
  pageSize: 1000,
  retry: { sleep: async () => undefined, maxAttempts: 1 },
  ...extra,
});
const copiedKeys = () =>
  calls.filter((call) => call.command === "CopyObjectCommand").map((call) => call.input.Key);
const listings = () => calls.filter((call) => call.command === "ListObjectsV2Command");
/** The listings of a whole day tree: its prefix and where each started. */
const treeListings = () =>
  listings()
    .filter((call) => TREES.includes(String(call.input.Prefix)) && !call.input.Delimiter)
    .map((call) => [call.input.Prefix, call.input.StartAfter]);

beforeEach(() => {
  calls.length = 0;
  failCopy = () => undefined;
});

describe("runTrailBackup in the cloudtrail layout", () => {
  test("the first run copies the eligible days and sets one watermark per day tree", async () => {
    const { backup, config } = await makeBuckets(TRAIL_KEYS);

    const result = await runTrailBackup(config, asOfFor(DAYS[2]), deps());

    expect(result).toEqual({
      scanned: 20,
      eligible: 12,
      copied: 12,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect((await keysOf(backup, "cloudtrail-backup/")).sort()).toEqual(
      TRAIL_KEYS.filter((key) => DAYS.slice(0, 3).some((day) => key.includes(day)))
        .map((key) => `cloudtrail-backup/${key}`)
        .sort(),
    );
    expect(await layoutState(backup)).toMatchObject({
      dayTrees: TREES,
      fullScans: [],
      looseObjectFolders: [],
      watermarks: {
        [TREES[0]]: { day: DAYS[2], clean: true },
        [TREES[1]]: { day: DAYS[2], clean: true },
      },
    });
  });

  test("a daily run lists each tree once from its watermark, copies the new day, and a rerun copies nothing", async () => {
    const { config } = await makeBuckets(TRAIL_KEYS);
    await runTrailBackup(config, asOfFor(DAYS[2]), deps());
    calls.length = 0;

    const daily = await runTrailBackup(config, asOfFor(DAYS[3]), deps());

    expect(daily).toEqual({
      scanned: 4,
      eligible: 4,
      copied: 4,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect(copiedKeys()).toEqual(
      TREES.flatMap((tree) => [
        `cloudtrail-backup/${tree}${DAYS[3]}/a.json.gz`,
        `cloudtrail-backup/${tree}${DAYS[3]}/b.json.gz`,
      ]),
    );
    // The state probe, then one listing of each tree after its watermark's day, which ends at the
    // first key of a day not yet eligible; the discovery is reused.
    expect(listings().map((call) => [call.input.Prefix, call.input.StartAfter])).toEqual([
      ["trail-backup-state/layout.json", undefined],
      [TREES[0], `${TREES[0]}${DAYS[2]}0`],
      [TREES[1], `${TREES[1]}${DAYS[2]}0`],
    ]);

    calls.length = 0;
    const rerun = await runTrailBackup(config, asOfFor(DAYS[3]), deps());

    expect(rerun).toEqual({
      scanned: 0,
      eligible: 0,
      copied: 0,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect(copiedKeys()).toEqual([]);
  });

  test("without watermarks, a backup that holds everything is copied to nothing and the watermarks are set", async () => {
    const { backup, config } = await makeBuckets(TRAIL_KEYS);
    const later = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };
    await runTrailBackup({ ...config, layout: "any" }, later, deps());
    calls.length = 0;

    const result = await runTrailBackup(config, asOfFor(DAYS[4]), deps());

    expect(result).toMatchObject({ scanned: 20, eligible: 20, copied: 0, skipped: 20 });
    expect(copiedKeys()).toEqual([]);
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: DAYS[4], clean: true },
      [TREES[1]]: { day: DAYS[4], clean: true },
    });
  });

  test("keys outside the layout are found, scanned in full and judged by LastModified", async () => {
    const offLayout = [
      "AWSLogs/o-abc123def4/111111111111/vpcflowlogs/eu-west-1/2025/01/01/flow.log.gz",
      "AWSLogs/o-abc123def4/readme.txt",
      "exports/deep/er/dump.json",
      `${TREES[0]}notes.txt`,
    ];
    const { backup, config } = await makeBuckets([...TRAIL_KEYS, ...offLayout]);
    // moto dates every object now: 90 days on, all of them are old enough by LastModified.
    const later = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };

    const result = await runTrailBackup(config, later, deps());

    expect(result).toMatchObject({ copied: 24, failed: 0, complete: true });
    expect((await keysOf(backup, "cloudtrail-backup/")).sort()).toEqual(
      [...TRAIL_KEYS, ...offLayout].map((key) => `cloudtrail-backup/${key}`).sort(),
    );
    expect(await layoutState(backup)).toMatchObject({
      dayTrees: TREES,
      fullScans: ["AWSLogs/o-abc123def4/111111111111/vpcflowlogs/", "exports/deep/er/"],
      looseObjectFolders: ["AWSLogs/o-abc123def4/"],
    });

    calls.length = 0;
    const rerun = await runTrailBackup(config, later, deps());

    expect(rerun).toMatchObject({ copied: 0, skipped: 3, complete: true });
  });

  test("a failed copy holds its tree's watermark before that day, and the next run retries it", async () => {
    const { backup, config } = await makeBuckets(TRAIL_KEYS);
    await runTrailBackup(config, asOfFor(DAYS[0]), deps());
    const broken = `cloudtrail-backup/${TREES[0]}${DAYS[2]}/a.json.gz`;
    failCopy = (key) =>
      key === broken ? Object.assign(new Error("boom"), { name: "SlowDown" }) : undefined;

    const failing = await runTrailBackup(config, asOfFor(DAYS[3]), deps());

    expect(failing).toMatchObject({ copied: 11, failed: 1, complete: true });
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: DAYS[1], clean: false },
      [TREES[1]]: { day: DAYS[3], clean: true },
    });

    failCopy = () => undefined;
    calls.length = 0;
    const retried = await runTrailBackup(config, asOfFor(DAYS[3]), deps());

    expect(retried).toMatchObject({ copied: 1, skipped: 3, failed: 0, complete: true });
    expect(copiedKeys()).toEqual([broken]);
    expect((await layoutState(backup)).watermarks).toMatchObject({
      [TREES[0]]: { day: DAYS[3], clean: true },
    });
  });

  test("a watermark decades old costs one listing per tree, not one per day since", async () => {
    const { backup, config } = await makeBuckets(TRAIL_KEYS);
    // A run as of 1990 finds nothing old enough and sets the watermarks to a day of 1989.
    await runTrailBackup(config, { asOf: new Date("1990-01-01T00:00:00Z"), dryRun: false }, deps());
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: "1989/10/07", clean: true },
      [TREES[1]]: { day: "1989/10/07", clean: true },
    });
    calls.length = 0;

    const dryRun = await runTrailBackup(config, asOfFor(DAYS[3], true), deps());

    expect(dryRun).toEqual({
      scanned: 16,
      eligible: 16,
      copied: 0,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect(treeListings()).toEqual([
      [TREES[0], `${TREES[0]}1989/10/070`],
      [TREES[1], `${TREES[1]}1989/10/070`],
    ]);
    // Besides those: the state probe and the discovery again (the state's is 35 years old).
    expect(listings()).toHaveLength(10);
    calls.length = 0;

    const run = await runTrailBackup(config, asOfFor(DAYS[3]), deps());

    expect(run).toMatchObject({ copied: 16, failed: 0, complete: true });
    expect(treeListings()).toHaveLength(2);
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: DAYS[3], clean: true },
      [TREES[1]]: { day: DAYS[3], clean: true },
    });
  });

  test("a dry run counts what it would copy and writes nothing", async () => {
    const { backup, config } = await makeBuckets(TRAIL_KEYS);

    const result = await runTrailBackup(config, asOfFor(DAYS[1], true), deps());

    expect(result).toMatchObject({ eligible: 8, copied: 0, skipped: 0, complete: true });
    expect(await keysOf(backup)).toEqual([]);
  });

  test("a run out of time keeps the finished days; the next run continues from them", async () => {
    const { backup, config: parallel } = await makeBuckets(TRAIL_KEYS);
    // One copy at a time, so that the copy after which time runs out is known.
    const config = { ...parallel, concurrency: 1 };
    await runTrailBackup(config, asOfFor(DAYS[0]), deps());
    let copies = 0;
    const shortOfTime = deps({ remainingMs: () => (copies >= 3 ? 0 : 900_000) });
    failCopy = () => {
      copies++;
      return undefined;
    };

    const first = await runTrailBackup(config, asOfFor(DAYS[4]), shortOfTime);

    expect(first).toMatchObject({ copied: 3, failed: 0, complete: false });
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: DAYS[1], clean: false },
      [TREES[1]]: { day: DAYS[0], clean: true },
    });

    const second = await runTrailBackup(config, asOfFor(DAYS[4]), deps());

    expect(second).toMatchObject({ copied: 13, skipped: 1, failed: 0, complete: true });
    expect(await keysOf(backup, "cloudtrail-backup/")).toHaveLength(20);
  });

  test("a day split across listing pages is passed only once all of it is copied", async () => {
    const { backup, config: parallel } = await makeBuckets(TRAIL_KEYS);
    const config = { ...parallel, concurrency: 1 };
    await runTrailBackup(config, asOfFor(DAYS[0]), deps({ pageSize: 1 }));
    let copies = 0;
    failCopy = () => {
      copies++;
      return undefined;
    };

    // One key a page: the third copy is the first file of 2025/01/03, then time runs out.
    const first = await runTrailBackup(
      config,
      asOfFor(DAYS[4]),
      deps({ pageSize: 1, remainingMs: () => (copies >= 3 ? 0 : 900_000) }),
    );

    expect(first).toMatchObject({ copied: 3, failed: 0, complete: false });
    expect((await layoutState(backup)).watermarks).toEqual({
      [TREES[0]]: { day: DAYS[1], clean: false },
      [TREES[1]]: { day: DAYS[0], clean: true },
    });
    const second = await runTrailBackup(config, asOfFor(DAYS[4]), deps({ pageSize: 1 }));
    expect(second).toMatchObject({ copied: 13, skipped: 1, failed: 0, complete: true });
  });

  test("a run with no time at all fails instead of saving no progress", async () => {
    const { config } = await makeBuckets(TRAIL_KEYS);

    await expect(
      runTrailBackup(config, asOfFor(DAYS[0]), deps({ remainingMs: () => 0 })),
    ).rejects.toThrow(NoProgressError);
  });
});
