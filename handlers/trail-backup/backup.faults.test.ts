import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { faultClientConfig, useFaultProxy } from "../../test/faults/clients";
import type { Fault } from "../../test/faults/proxy";
import { awsTestConfig } from "../../test/harness/moto";
import { runTrailBackup, type FailedCopy, type TrailBackupDeps } from "./backup";
import { CheckpointError } from "./errors";
import { parseBackupEvent } from "./event";
import { keysOf as keysOfBucket, trailBuckets } from "../../test/support/trail-backup";

const DAY_MS = 86_400_000;
const CHECKPOINT = "trail-backup-state/checkpoint.json";
const proxy = useFaultProxy();
const direct = new S3Client(awsTestConfig());
let s3: S3Client;
const later = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };
const failures: FailedCopy[] = [];
const copyWaits: number[] = [];

beforeAll(() => {
  s3 = new S3Client(faultClientConfig(proxy.current));
});
beforeEach(() => {
  failures.length = 0;
  copyWaits.length = 0;
});

const newBuckets = trailBuckets(direct, "trail-faults");
const makeBuckets = (keys: string[]) => newBuckets(keys, { concurrency: 1 });

const keysOf = (bucket: string, prefix = "") => keysOfBucket(direct, bucket, prefix);

const deps = (extra: Partial<TrailBackupDeps> = {}): TrailBackupDeps => ({
  s3,
  remainingMs: () => 900_000,
  reserveMs: 60_000,
  pageSize: 2,
  retry: { sleep: async (ms) => void copyWaits.push(ms), random: () => 0, baseDelayMs: 200 },
  onFailure: (failure) => failures.push(failure),
  ...extra,
});

describe("trail backup under S3 faults", () => {
  test.each<Fault>(["500", "503-slowdown", "throttle", "drop", "lost-answer"])(
    "one %s on a CopyObject: every object is copied in the same run, and a rerun copies nothing",
    async (fault) => {
      const { backup, config } = await makeBuckets(["a.json", "b.json", "c.json"]);
      proxy.current.inject({ operation: "CopyObject", fault, times: 1, pathIncludes: "b.json" });

      const result = await runTrailBackup(config, later, deps());
      const rerun = await runTrailBackup(config, later, deps());

      expect(result).toEqual({
        scanned: 3,
        eligible: 3,
        copied: 3,
        skipped: 0,
        failed: 0,
        complete: true,
      });
      expect(proxy.current.count("CopyObject", "b.json")).toBe(2);
      expect(copyWaits).toEqual([]);
      expect(rerun).toMatchObject({ copied: 0, skipped: 3, failed: 0 });
      expect(await keysOf(backup)).toEqual([
        "cloudtrail-backup/a.json",
        "cloudtrail-backup/b.json",
        "cloudtrail-backup/c.json",
      ]);
    },
  );

  test.each<[string, Fault, string[]]>([
    [
      "UploadPartCopy",
      "500",
      [
        "CreateMultipartUpload ok",
        "UploadPartCopy 500",
        "UploadPartCopy ok",
        "CompleteMultipartUpload ok",
      ],
    ],
    [
      "CompleteMultipartUpload",
      "503-slowdown",
      [
        "CreateMultipartUpload ok",
        "UploadPartCopy ok",
        "CompleteMultipartUpload 503-slowdown",
        "CompleteMultipartUpload ok",
      ],
    ],
    [
      "CompleteMultipartUpload",
      "lost-answer",
      [
        "CreateMultipartUpload ok",
        "UploadPartCopy ok",
        "CompleteMultipartUpload lost-answer",
        "CompleteMultipartUpload ok",
      ],
    ],
  ])(
    "a multipart copy meets one %s %s: copied in the same run",
    async (operation, fault, writes) => {
      const { backup, config } = await makeBuckets(["big.json"]);
      proxy.current.inject({ operation, fault, times: 1 });

      const result = await runTrailBackup(config, later, deps({ multipartThreshold: 1 }));

      expect(result).toMatchObject({ copied: 1, failed: 0, complete: true });
      expect(failures).toEqual([]);
      expect(
        proxy.current.requests.slice(-4).map((r) => `${r.operation} ${r.fault ?? "ok"}`),
      ).toEqual(writes);
      expect(await keysOf(backup)).toEqual(["cloudtrail-backup/big.json"]);
      const rerun = await runTrailBackup(config, later, deps({ multipartThreshold: 1 }));
      expect(rerun).toMatchObject({ copied: 0, skipped: 1 });
    },
  );

  test("a copy that keeps meeting SlowDown is retried, then reported by key; the others are copied", async () => {
    const { backup, config } = await makeBuckets(["a.json", "stuck.json"]);
    proxy.current.inject({
      operation: "CopyObject",
      fault: "503-slowdown",
      times: "always",
      pathIncludes: "stuck.json",
    });

    const result = await runTrailBackup(config, later, deps());

    expect(result).toMatchObject({ copied: 1, failed: 1, complete: true });
    expect(failures).toEqual([
      { key: "stuck.json", error: "SlowDown: Please reduce your request rate." },
    ]);
    // The SDK's 3 attempts, for each of the handler's 3.
    expect(proxy.current.count("CopyObject", "stuck.json")).toBe(9);
    expect(copyWaits).toEqual([100, 200]);
    expect(await keysOf(backup)).toEqual(["cloudtrail-backup/a.json"]);
  });

  test("a source listing that keeps failing ends the run with an error naming the bucket", async () => {
    const { source, config } = await makeBuckets(["a.json"]);
    proxy.current.inject({
      operation: "ListObjectsV2",
      fault: "500",
      times: "always",
      pathIncludes: source,
    });

    await expect(runTrailBackup(config, later, deps())).rejects.toMatchObject({
      name: "StepFailedError",
      message: `listing s3://${source}/ failed: InternalError: We encountered an internal error.`,
    });
    expect(proxy.current.count("ListObjectsV2")).toBe(4);
  });

  test("the checkpoint write keeps failing: an error naming it, and the next run converges", async () => {
    const keys = ["a.json", "b.json", "c.json", "d.json"];
    const { backup, config } = await makeBuckets(keys);
    proxy.current.inject({ operation: "PutObject", fault: "throttle", times: "always" });
    const copies = () => proxy.current.count("CopyObject");

    await expect(
      runTrailBackup(config, later, deps({ remainingMs: () => (copies() < 2 ? 900_000 : 1_000) })),
    ).rejects.toThrow(
      `writing checkpoint s3://${backup}/${CHECKPOINT} failed: SlowDown: Please reduce your request rate.`,
    );
    proxy.current.reset();
    const next = await runTrailBackup(config, later, deps());

    expect(next).toEqual({
      scanned: 4,
      eligible: 4,
      copied: 2,
      skipped: 2,
      failed: 0,
      complete: true,
    });
    expect(proxy.current.count("CopyObject")).toBe(2);
    expect(await keysOf(backup)).toEqual(keys.map((key) => `cloudtrail-backup/${key}`));
  });

  test.each([
    ["not JSON", "{ truncated", " is not JSON"],
    ["of another shape", '{"version":2}', ": version Invalid input: expected 1"],
  ])(
    "a checkpoint %s fails one run, is deleted, and the next run backs everything up",
    async (_what, body, problem) => {
      const { backup, config } = await makeBuckets(["a.json", "b.json"]);
      await direct.send(new PutObjectCommand({ Bucket: backup, Key: CHECKPOINT, Body: body }));

      const corrupt = runTrailBackup(config, later, deps());

      await expect(corrupt).rejects.toThrow(CheckpointError);
      await expect(corrupt).rejects.toThrow(
        `s3://${backup}/${CHECKPOINT}${problem}; deleted it, so the next run starts from the beginning (copies already made are skipped)`,
      );
      expect(await keysOf(backup, "trail-backup-state/")).toEqual([]);
      const next = await runTrailBackup(config, later, deps());
      expect(next).toMatchObject({ copied: 2, failed: 0, complete: true });
    },
  );

  test("a transient fault on reading the checkpoint is retried by the SDK", async () => {
    const { backup, config } = await makeBuckets(["a.json"]);
    await direct.send(
      new PutObjectCommand({
        Bucket: backup,
        Key: CHECKPOINT,
        Body: JSON.stringify({
          version: 1,
          sourceBucket: config.sourceBucket,
          sourcePrefix: "",
          backupPrefix: "cloudtrail-backup/",
          startAfter: "0",
          asOf: "2025-01-01T00:00:00.000Z",
          savedAt: "2025-01-01T00:00:00.000Z",
        }),
      }),
    );
    proxy.current.inject({ operation: "GetObject", fault: "drop", times: 1 });

    const result = await runTrailBackup(config, later, deps());

    expect(result).toMatchObject({ copied: 1, complete: true, resumedFrom: "0" });
    expect(proxy.current.count("GetObject")).toBe(2);
    expect(await keysOf(backup, "trail-backup-state/")).toEqual([]);
  });

  test("a source key whose backup key would pass 1,024 bytes is reported at once, not copied", async () => {
    const long = `${"k".repeat(1010)}.json`;
    const { backup, config } = await makeBuckets([long, "short.json"]);

    const result = await runTrailBackup(config, later, deps());

    expect(result).toMatchObject({ copied: 1, failed: 1 });
    expect(failures).toEqual([
      {
        key: long,
        error:
          "KeyTooLongError: the backup key (BACKUP_PREFIX + key) would be 1033 bytes, over S3's limit of 1024",
      },
    ]);
    expect(proxy.current.count("CopyObject", long)).toBe(0);
    expect(await keysOf(backup)).toEqual(["cloudtrail-backup/short.json"]);
  });

  test.each([
    [null, { dryRun: false }],
    [{}, { dryRun: false, manualRun: "empty event" }],
  ])("the event %j runs the backup now: every field is optional", (event, expected) => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(parseBackupEvent(event, now)).toEqual({ asOf: now, ...expected });
  });

  test("an event that is not an object gets an error naming it", () => {
    expect(() => parseBackupEvent([], new Date())).toThrow("event must be a JSON object, got []");
  });
});

describe("the cloudtrail layout under S3 faults", () => {
  const TREE = "AWSLogs/123456789012/CloudTrail/eu-west-1/";
  const KEYS = ["2025/01/01", "2025/01/02"].flatMap((day) => [
    `${TREE}${day}/a.json.gz`,
    `${TREE}${day}/b.json.gz`,
  ]);
  /** The run at which `day` is the last day 85 whole days old. */
  const asOfFor = (day: string) => ({
    asOf: new Date(Date.parse(`${day}T06:00:00Z`) + 86 * DAY_MS),
    dryRun: false,
  });

  test.each<[string, Fault, string | undefined]>([
    // A listing's prefix is in its query, which the proxy does not match: the first listing.
    ["ListObjectsV2", "503-slowdown", undefined],
    ["PutObject", "lost-answer", "layout.json"],
    ["GetObject", "500", "layout.json"],
  ])(
    "one %s %s: the daily run copies its day, and a rerun copies nothing",
    async (operation, fault, pathIncludes) => {
      const { backup, config: settings } = await makeBuckets(KEYS);
      const config = { ...settings, layout: "cloudtrail" as const };
      await runTrailBackup(config, asOfFor("2025-01-01"), deps());
      proxy.current.inject({
        operation,
        fault,
        times: 1,
        ...(pathIncludes ? { pathIncludes } : {}),
      });

      const daily = await runTrailBackup(config, asOfFor("2025-01-02"), deps());
      const rerun = await runTrailBackup(config, asOfFor("2025-01-02"), deps());

      expect(daily).toMatchObject({ copied: 2, failed: 0, complete: true });
      expect(rerun).toMatchObject({ copied: 0, failed: 0, complete: true });
      expect((await keysOf(backup, "cloudtrail-backup/")).sort()).toEqual(
        KEYS.map((key) => `cloudtrail-backup/${key}`).sort(),
      );
      expect(failures).toEqual([]);
      expect(proxy.current.requests.filter((request) => request.fault)).toEqual([
        expect.objectContaining({ operation, fault }),
      ]);
    },
  );
});
