import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configFromEnv } from "./config";
import { InvalidEventError } from "../shared/errors";
import { parseBackupEvent } from "./event";

const FIXTURES = join(__dirname, "../../test/fixtures/events/trail-backup");
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const now = new Date("2025-10-01T02:00:00Z");

describe("parseBackupEvent", () => {
  test.each([
    ["scheduled.json", { asOf: now, dryRun: false }],
    ["continuation.json", { asOf: new Date("2025-06-01T02:00:00.000Z"), dryRun: false }],
    ["dry-run.json", { asOf: new Date("2025-09-01T00:00:00+02:00"), dryRun: true }],
  ])("%s", (name, expected) => {
    expect(parseBackupEvent(fixture(name), now)).toEqual(expected);
  });

  test.each([
    [
      { asOf: "yesterday" },
      'event.asOf must be an ISO-8601 date-time with a time zone, e.g. 2025-01-31T00:00:00Z, got "yesterday"',
    ],
    [
      { asOf: "2025-01-01T00:00:00" },
      'event.asOf must be an ISO-8601 date-time with a time zone, e.g. 2025-01-31T00:00:00Z, got "2025-01-01T00:00:00"',
    ],
    [{ dryRun: "yes" }, 'event.dryRun must be true or false, got "yes"'],
    ["run", 'event must be a JSON object, got "run"'],
    [
      { asOf: "2025-10-01T02:05:00.001Z" },
      "event.asOf 2025-10-01T02:05:00.001Z is later than now (2025-10-01T02:00:00.000Z): a backup judged at a future instant would skip days that have not ended; to simulate a date, run the handler at that clock (npm run invoke -- trail-backup --now <iso>)",
    ],
    [
      { asOf: "2027-06-01T00:00:00Z", dryRun: true },
      "event.asOf 2027-06-01T00:00:00Z is later than now (2025-10-01T02:00:00.000Z): a backup judged at a future instant would skip days that have not ended; to simulate a date, run the handler at that clock (npm run invoke -- trail-backup --now <iso>)",
    ],
    [
      { asof: "2025-01-01T00:00:00Z" },
      'event has unknown key(s) ["asof"]: send {}, a Scheduled Event or { "asOf"?, "dryRun"? }',
    ],
    [
      {
        "detail-type": "AWS API Call via CloudTrail",
        source: "aws.iam",
        detail: { eventName: "CreateRole" },
      },
      'TrailBackup does not take "AWS API Call via CloudTrail" from aws.iam (CreateRole): it runs on a Scheduled Event, {} or { "asOf"?, "dryRun"? }',
    ],
  ])("%j is rejected", (event, message) => {
    expect(() => parseBackupEvent(event, now)).toThrow(new InvalidEventError(message));
  });

  test.each([
    [{}, "empty event"],
    [{ key1: "value1", key2: "value2", key3: "value3" }, "console test event"],
  ])("%j is a manual run as of now", (event, manualRun) => {
    expect(parseBackupEvent(event, now)).toEqual({ asOf: now, dryRun: false, manualRun });
  });

  test("an asOf within five minutes of clock skew is taken as given", () => {
    expect(parseBackupEvent({ asOf: "2025-10-01T02:05:00Z" }, now).asOf).toEqual(
      new Date("2025-10-01T02:05:00Z"),
    );
  });

  test("a 200 KB asOf is quoted in 200 characters", () => {
    expect(() => parseBackupEvent({ asOf: "9".repeat(200_000) }, now)).toThrow(
      `event.asOf must be an ISO-8601 date-time with a time zone, e.g. 2025-01-31T00:00:00Z, got "${"9".repeat(199)}… (199802 more characters)`,
    );
  });
});

describe("configFromEnv", () => {
  const env = { SOURCE_BUCKET: "trail", BACKUP_BUCKET: "backup" };

  test("defaults", () => {
    expect(configFromEnv(env)).toEqual({
      sourceBucket: "trail",
      sourcePrefix: "",
      backupBucket: "backup",
      backupPrefix: "cloudtrail-backup/",
      thresholdDays: 85,
      checkpointKey: "trail-backup-state/checkpoint.json",
      concurrency: 32,
      continueBySelfInvoke: false,
      layout: "cloudtrail",
      batchOperationsThreshold: 0,
    });
  });

  test("with a Batch Operations role the threshold defaults to 100,000", () => {
    const role = "arn:aws:iam::123456789012:role/trail-backup-batch";
    expect(configFromEnv({ ...env, BATCH_OPERATIONS_ROLE_ARN: role })).toMatchObject({
      batchOperationsThreshold: 100_000,
      batchOperationsRoleArn: role,
    });
  });

  test("LAYOUT=any scans every key", () => {
    expect(configFromEnv({ ...env, LAYOUT: "any" }).layout).toBe("any");
  });

  test.each([
    [{ BACKUP_BUCKET: "b" }, "SOURCE_BUCKET is not set"],
    [{ SOURCE_BUCKET: "s" }, "BACKUP_BUCKET is not set"],
    [
      { ...env, THRESHOLD_DAYS: "85.5" },
      'THRESHOLD_DAYS must be an integer from 1 to 3650, got "85.5"',
    ],
    [{ ...env, THRESHOLD_DAYS: "0" }, 'THRESHOLD_DAYS must be an integer from 1 to 3650, got "0"'],
    [
      { ...env, CONTINUE_BY_SELF_INVOKE: "maybe" },
      'CONTINUE_BY_SELF_INVOKE must be true or false, got "maybe"',
    ],
    [
      { ...env, CHECKPOINT_KEY: "cloudtrail-backup/state.json" },
      'CHECKPOINT_KEY "cloudtrail-backup/state.json" must not be under BACKUP_PREFIX "cloudtrail-backup/"',
    ],
    [{ ...env, LAYOUT: "s3" }, 'LAYOUT must be one of cloudtrail, any, got "s3"'],
    [
      { ...env, BATCH_OPERATIONS_THRESHOLD: "10" },
      "BATCH_OPERATIONS_THRESHOLD is 10 but BATCH_OPERATIONS_ROLE_ARN is not set (set the threshold to 0 to never submit a job)",
    ],
    [
      { ...env, BATCH_OPERATIONS_THRESHOLD: "-1" },
      'BATCH_OPERATIONS_THRESHOLD must be an integer from 0 to 1000000000, got "-1"',
    ],
    [
      { ...env, BACKUP_PREFIX: "trail-backup-state/" },
      'BACKUP_PREFIX "trail-backup-state/" must not contain trail-backup-state/layout.json',
    ],
  ])("%j → %s", (partialEnv, message) => {
    expect(() => configFromEnv(partialEnv)).toThrow(message);
  });
});
