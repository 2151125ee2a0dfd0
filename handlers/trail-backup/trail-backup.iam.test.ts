import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  assumeRoleOfFunction,
  createBucketIn,
  type FunctionUnderRole,
} from "../../test/harness/component-role";
import { motoS3Client } from "../../test/harness/moto-s3";
import { runTrailBackup, type TrailBackupDeps } from "./backup";
import { LAYOUT_STATE_KEY } from "../../contracts/trail-backup";
import { configFromEnv, type TrailBackupConfig } from "./config";

// moto enforces IAM: the backup copies between the buckets TrailBackup names, as the role it
// gives the function (source and backup buckets, prefixes and checkpoint key from the dev stack).
const DAY_MS = 86_400_000;
const TRAIL = "AWSLogs/123456789012/CloudTrail/eu-west-1/2025/01/01";
const LOGS = [1, 2, 3, 4].map((n) => `${TRAIL}/log-${n}.json.gz`);
const later = { asOf: new Date(Date.now() + 90 * DAY_MS), dryRun: false };

let role: FunctionUnderRole;
let config: TrailBackupConfig;
let admin: S3Client;

beforeAll(async () => {
  role = await assumeRoleOfFunction("trailBackup", "trail-backup-function");
  config = configFromEnv(role.env);
  admin = motoS3Client(role.adminConfig);
  await createBucketIn(admin, config.sourceBucket, role.region);
  await createBucketIn(admin, config.backupBucket, role.region);
  for (const key of [...LOGS, "elsewhere/not-a-trail.json.gz"]) {
    await admin.send(new PutObjectCommand({ Bucket: config.sourceBucket, Key: key, Body: key }));
  }
});

/** The function's S3 client; `stopAfterCopies` runs its time out after that many copies. */
function deps(stopAfterCopies = Infinity, extra: Partial<TrailBackupDeps> = {}): TrailBackupDeps {
  const s3 = motoS3Client(role.roleConfig, role.statements);
  let copies = 0;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (/^(CopyObject|CompleteMultipartUpload)Command$/.test(context.commandName!)) copies++;
      return next(args);
    },
    { step: "initialize", name: "countCopies" },
  );
  return {
    s3,
    remainingMs: () => (copies >= stopAfterCopies ? 0 : 900_000),
    reserveMs: 60_000,
    pageSize: 2,
    retry: { sleep: async () => undefined, maxAttempts: 1 },
    ...extra,
  };
}

async function backupKeys(): Promise<string[]> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: config.backupBucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

test("a run that runs out of time saves a checkpoint; the next resumes, copies the rest, drops it", async () => {
  const fullScan = { ...config, layout: "any" as const };
  const first = await runTrailBackup(fullScan, later, deps(2));

  expect(first).toMatchObject({ copied: 2, failed: 0, complete: false });
  expect(await backupKeys()).toEqual(
    [...LOGS.slice(0, 2).map((key) => config.backupPrefix + key), config.checkpointKey].sort(),
  );

  const second = await runTrailBackup(fullScan, later, deps());

  expect(second).toMatchObject({ copied: 2, failed: 0, complete: true, resumedFrom: LOGS[1] });
  expect(await backupKeys()).toEqual(LOGS.map((key) => config.backupPrefix + key));
});

test("objects copied in parts go through the multipart calls of the role", async () => {
  await admin.send(
    new PutObjectCommand({ Bucket: config.sourceBucket, Key: `${TRAIL}/log-5.json.gz`, Body: "5" }),
  );

  const result = await runTrailBackup(
    { ...config, layout: "any" },
    later,
    deps(Infinity, { multipartThreshold: 0 }),
  );

  expect(result).toMatchObject({ copied: 1, skipped: 4, failed: 0, complete: true });
  const copied = await admin.send(
    new GetObjectCommand({
      Bucket: config.backupBucket,
      Key: `${config.backupPrefix}${TRAIL}/log-5.json.gz`,
    }),
  );
  expect(await copied.Body!.transformToString()).toBe("5");
});

test("a key outside the granted prefixes is refused: its copy fails with AccessDenied", async () => {
  const failures: { key: string; error: string }[] = [];
  const wholeBucket = { ...config, sourcePrefix: "" };

  const result = await runTrailBackup(
    wholeBucket,
    later,
    deps(Infinity, { onFailure: (failure) => void failures.push(failure) }),
  );

  expect(result).toMatchObject({ failed: 1 });
  expect(failures).toEqual([
    { key: "elsewhere/not-a-trail.json.gz", error: "AccessDenied: Access Denied" },
  ]);
});

test("the cloudtrail layout discovers, follows a day folder and keeps its state under the role", async () => {
  // Ages come from the keys' day folders: 2025/01/01 is the last day 85 whole days old.
  const dayOneOldEnough = { asOf: new Date(Date.UTC(2025, 0, 1) + 86 * DAY_MS), dryRun: false };
  const first = await runTrailBackup(config, dayOneOldEnough, deps());

  expect(first).toMatchObject({ copied: 0, skipped: 5, failed: 0, complete: true });
  expect(await backupKeys()).toContain(LAYOUT_STATE_KEY);

  const nextDayKey = "AWSLogs/123456789012/CloudTrail/eu-west-1/2025/01/02/log-6.json.gz";
  await admin.send(
    new PutObjectCommand({ Bucket: config.sourceBucket, Key: nextDayKey, Body: "6" }),
  );
  const nextRun = { asOf: new Date(dayOneOldEnough.asOf.getTime() + DAY_MS), dryRun: false };

  const second = await runTrailBackup(config, nextRun, deps());

  expect(second).toMatchObject({ scanned: 1, copied: 1, skipped: 0, failed: 0, complete: true });
  expect(await backupKeys()).toContain(config.backupPrefix + nextDayKey);
});
