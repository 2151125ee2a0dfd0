import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { awsTestConfig } from "../../test/harness/moto";
import { runTrailBackup, type FailedCopy, type TrailBackupDeps } from "./backup";
import { CheckpointError, NoProgressError } from "./errors";
import { keysOf as keysOfBucket, trailBuckets } from "../../test/support/trail-backup";

const DAY_MS = 86_400_000;
const s3 = new S3Client(awsTestConfig());
const calls: { command: string; input: Record<string, unknown> }[] = [];
let failCopy: (key: string, attempt: number) => Error | undefined = () => undefined;
const copyAttempts = new Map<string, number>();
s3.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    calls.push({ command: context.commandName!, input });
    if (context.commandName === "CopyObjectCommand") {
      const key = String(input.Key);
      const attempt = (copyAttempts.get(key) ?? 0) + 1;
      copyAttempts.set(key, attempt);
      const error = failCopy(key, attempt);
      if (error) throw error;
    }
    return next(args);
  },
  { step: "initialize", name: "recordCalls" },
);

const newBuckets = trailBuckets(s3, "trail");
const makeBuckets = (keys: string[]) => newBuckets(keys, { concurrency: 3 });

const keysOf = (bucket: string, prefix = "") => keysOfBucket(s3, bucket, prefix);

const later = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };
const deps = (extra: Partial<TrailBackupDeps> = {}): TrailBackupDeps => ({
  s3,
  remainingMs: () => 900_000,
  reserveMs: 60_000,
  pageSize: 2,
  retry: { sleep: async () => undefined },
  ...extra,
});
const commands = (name: string) => calls.filter((call) => call.command === name);

beforeEach(() => {
  calls.length = 0;
  copyAttempts.clear();
  failCopy = () => undefined;
});

const TRAIL = "AWSLogs/123456789012/CloudTrail/us-east-1/2025/01/01";
const ODD_KEYS = [
  `${TRAIL}/a b+c.json.gz`,
  `${TRAIL}/café 100%.json.gz`,
  `${TRAIL}/日本語 #?.json.gz`,
  `${TRAIL}/emoji 😀.json.gz`,
  `${TRAIL}/plain.json.gz`,
];

describe("runTrailBackup against moto", () => {
  test("copies each old object server-side under the backup prefix, paging both listings", async () => {
    const { backup, config } = await makeBuckets([...ODD_KEYS, "other/outside-prefix.json"]);
    calls.length = 0;

    const result = await runTrailBackup({ ...config, sourcePrefix: "AWSLogs/" }, later, deps());
    const runCalls = calls.map((call) => call.command);

    expect(result).toEqual({
      scanned: 5,
      eligible: 5,
      copied: 5,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect((await keysOf(backup)).sort()).toEqual(
      ODD_KEYS.map((key) => `cloudtrail-backup/${key}`).sort(),
    );
    const body = await s3.send(
      new GetObjectCommand({ Bucket: backup, Key: `cloudtrail-backup/${ODD_KEYS[2]}` }),
    );
    expect(await body.Body!.transformToString()).toBe(`log of ${ODD_KEYS[2]}`);
    // 5 keys in pages of 2: 3 source pages; the backup listing is empty (1 page); 1 checkpoint probe.
    expect(runCalls.filter((name) => name === "ListObjectsV2Command")).toHaveLength(5);
    expect(runCalls.filter((name) => name === "CopyObjectCommand")).toHaveLength(5);
    expect(runCalls).toHaveLength(10);
    expect(commands("CopyObjectCommand").map((call) => call.input.CopySource)).toContain(
      `${config.sourceBucket}/AWSLogs/123456789012/CloudTrail/us-east-1/2025/01/01/a%20b%2Bc.json.gz`,
    );
  });

  test("an object is copied from the instant it is exactly thresholdDays old, not a millisecond sooner", async () => {
    const { source, backup, config } = await makeBuckets(["one.json"]);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: source }));
    const lastModified = listed.Contents![0].LastModified!.getTime();

    const early = await runTrailBackup(
      config,
      { asOf: new Date(lastModified + 85 * DAY_MS - 1), dryRun: false },
      deps(),
    );
    const exact = await runTrailBackup(
      config,
      { asOf: new Date(lastModified + 85 * DAY_MS), dryRun: false },
      deps(),
    );

    expect(early).toMatchObject({ scanned: 1, eligible: 0, copied: 0 });
    expect(exact).toMatchObject({ scanned: 1, eligible: 1, copied: 1, complete: true });
    expect(await keysOf(backup)).toEqual(["cloudtrail-backup/one.json"]);
  });

  test("a second run copies nothing and reads no object", async () => {
    const { config } = await makeBuckets(ODD_KEYS);
    await runTrailBackup(config, later, deps());
    calls.length = 0;

    const second = await runTrailBackup(config, later, deps());

    expect(second).toEqual({
      scanned: 5,
      eligible: 5,
      copied: 0,
      skipped: 5,
      failed: 0,
      complete: true,
    });
    expect(calls.map((call) => call.command)).toEqual(Array(7).fill("ListObjectsV2Command"));
  });

  test("a dry run reports what it would copy and writes nothing", async () => {
    const { backup, config } = await makeBuckets(ODD_KEYS);

    const result = await runTrailBackup(config, { ...later, dryRun: true }, deps());

    expect(result).toEqual({
      scanned: 5,
      eligible: 5,
      copied: 0,
      skipped: 0,
      failed: 0,
      complete: true,
    });
    expect(await keysOf(backup)).toEqual([]);
    expect(commands("CopyObjectCommand")).toHaveLength(0);
  });

  test("a run cut off midway saves a checkpoint; the next resumes and each object is copied once", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `logs/${String(i).padStart(2, "0")} é.json`);
    const { backup, config } = await makeBuckets(keys);
    const copiesStarted = () => commands("CopyObjectCommand").length;

    const first = await runTrailBackup(
      config,
      later,
      deps({ remainingMs: () => (copiesStarted() < 5 ? 900_000 : 1_000) }),
    );
    const checkpointKeys = await keysOf(backup, "trail-backup-state/");
    const second = await runTrailBackup(config, later, deps());
    const third = await runTrailBackup(config, later, deps());

    expect(first).toEqual({
      scanned: 5,
      eligible: 5,
      copied: 5,
      skipped: 0,
      failed: 0,
      complete: false,
    });
    expect(checkpointKeys).toEqual(["trail-backup-state/checkpoint.json"]);
    expect(second).toEqual({
      scanned: 7,
      eligible: 7,
      copied: 7,
      skipped: 0,
      failed: 0,
      complete: true,
      resumedFrom: keys[4],
    });
    expect(third).toMatchObject({ copied: 0, skipped: 12, complete: true });
    expect(third.resumedFrom).toBeUndefined();
    const copiedKeys = commands("CopyObjectCommand").map((call) => call.input.Key);
    expect(copiedKeys).toEqual(keys.map((key) => `cloudtrail-backup/${key}`));
    expect(await keysOf(backup, "trail-backup-state/")).toEqual([]);
  });

  test("a failing copy is retried with backoff; one that keeps failing is counted and reported", async () => {
    const { backup, config } = await makeBuckets(["a.json", "flaky.json", "broken.json"]);
    failCopy = (key, attempt) => {
      if (key.endsWith("broken.json"))
        return Object.assign(new Error("boom"), { name: "SlowDown" });
      if (key.endsWith("flaky.json") && attempt < 3)
        return Object.assign(new Error("try later"), { name: "InternalError" });
      return undefined;
    };
    const sleeps: number[] = [];
    const failures: FailedCopy[] = [];

    const result = await runTrailBackup(
      config,
      later,
      deps({
        retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0, baseDelayMs: 200 },
        onFailure: (failure) => failures.push(failure),
      }),
    );

    expect(result).toEqual({
      scanned: 3,
      eligible: 3,
      copied: 2,
      skipped: 0,
      failed: 1,
      complete: true,
    });
    expect(failures).toEqual([{ key: "broken.json", error: "SlowDown: boom" }]);
    expect(copyAttempts.get("cloudtrail-backup/broken.json")).toBe(3);
    expect(copyAttempts.get("cloudtrail-backup/flaky.json")).toBe(3);
    expect(sleeps.sort((a, b) => a - b)).toEqual([100, 100, 200, 200]);
    expect((await keysOf(backup)).sort()).toEqual([
      "cloudtrail-backup/a.json",
      "cloudtrail-backup/flaky.json",
    ]);
  });

  test("a source object in Glacier fails at once, without retries", async () => {
    const { source, config } = await makeBuckets([]);
    await s3.send(
      new PutObjectCommand({
        Bucket: source,
        Key: "cold.json",
        Body: "x",
        StorageClass: "GLACIER",
      }),
    );
    const failures: FailedCopy[] = [];

    const result = await runTrailBackup(
      config,
      later,
      deps({ onFailure: (f) => failures.push(f) }),
    );

    expect(result).toMatchObject({ eligible: 1, copied: 0, failed: 1 });
    expect(copyAttempts.get("cloudtrail-backup/cold.json")).toBe(1);
    expect(failures[0].error).toMatch(/^ObjectNotInActiveTierError: /);
  });

  test("a checkpoint of another source is not resumed; a malformed one fails loudly", async () => {
    const { backup, config } = await makeBuckets(["a.json"]);
    const foreign = {
      version: 1,
      sourceBucket: "another-bucket",
      sourcePrefix: "",
      backupPrefix: "cloudtrail-backup/",
      startAfter: "zzz",
      asOf: "2025-01-01T00:00:00.000Z",
      savedAt: "2025-01-01T00:00:00.000Z",
    };
    const put = (body: string) =>
      s3.send(
        new PutObjectCommand({
          Bucket: backup,
          Key: "trail-backup-state/checkpoint.json",
          Body: body,
        }),
      );

    await put(JSON.stringify(foreign));
    const result = await runTrailBackup(config, later, deps());
    await put(JSON.stringify({ ...foreign, startAfter: 42 }));
    const malformed = runTrailBackup(config, later, deps());

    expect(result).toMatchObject({ scanned: 1, copied: 1, complete: true });
    expect(result.resumedFrom).toBeUndefined();
    await expect(malformed).rejects.toThrow(CheckpointError);
    await expect(malformed).rejects.toThrow(
      `s3://${backup}/trail-backup-state/checkpoint.json: startAfter Invalid input: expected string, received number`,
    );
  });

  test("a run with no time to copy anything fails instead of looping", async () => {
    const { backup, config } = await makeBuckets(["a.json"]);

    const run = runTrailBackup(config, later, deps({ remainingMs: () => 10_000 }));

    await expect(run).rejects.toThrow(NoProgressError);
    await expect(run).rejects.toThrow(
      "stopped before copying anything: 10000 ms left, 60000 ms kept in reserve",
    );
    expect(await keysOf(backup)).toEqual([]);
  });
});
