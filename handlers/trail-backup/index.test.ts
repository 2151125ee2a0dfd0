import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-jest";
import { awsTestConfig, motoEndpoint } from "../../test/harness/moto";
import { setClock } from "../../tools/shared/clock";
import { InvalidEventError } from "../shared/errors";
import { BackupFailedError } from "./errors";

const s3 = new S3Client(awsTestConfig());
const lambdaMock = mockClient(LambdaClient);
// The objects moto holds are new: the handler runs 90 days later, as `npm run invoke -- --now` would.
const clockAt = new Date(Date.now() + 90 * 86_400_000);
let restoreClock: () => void;
let continuation: { asOf: string };
let handler: (event: unknown, context: Context) => Promise<unknown>;
let emf: Record<string, unknown>[] = [];

/** A context whose remaining time is plenty for the first `generousCalls` reads, then nearly gone. */
function context(generousCalls = Infinity): Context {
  let reads = 0;
  return {
    functionName: "trail-backup-function-abc1234",
    getRemainingTimeInMillis: () => (++reads <= generousCalls ? 300_000 : 1_000),
  } as Context;
}

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL = motoEndpoint();
  Object.assign(process.env, {
    SOURCE_BUCKET: "entry-source",
    BACKUP_BUCKET: "entry-backup",
    CONTINUE_BY_SELF_INVOKE: "true",
    // Keys outside CloudTrail's layout, to follow the checkpoint of a full scan.
    LAYOUT: "any",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  await s3.send(new CreateBucketCommand({ Bucket: "entry-source" }));
  await s3.send(new CreateBucketCommand({ Bucket: "entry-backup" }));
  for (const key of ["a.json", "b.json", "c.json"]) {
    await s3.send(new PutObjectCommand({ Bucket: "entry-source", Key: key, Body: key }));
  }
  ({ handler } = await import("./index"));
  restoreClock = setClock(clockAt);
});
afterAll(() => restoreClock());

beforeEach(() => {
  lambdaMock.reset();
  emf = [];
  jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    const line = String(chunk);
    if (line.includes('"_aws"')) emf.push(JSON.parse(line));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

const backupKeys = async () =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: "entry-backup" }))).Contents ?? []).map(
    (object) => object.Key,
  );

describe("trail-backup handler", () => {
  test("a run short of time copies what it can, saves its place and re-invokes itself", async () => {
    // 1: the reserve, 2: the first page, 3: the first copy; every later read is short.
    const result = await handler({}, context(3));

    expect(result).toEqual({
      scanned: 1,
      eligible: 1,
      copied: 1,
      skipped: 0,
      failed: 0,
      complete: false,
    });
    expect(await backupKeys()).toEqual([
      "cloudtrail-backup/a.json",
      "trail-backup-state/checkpoint.json",
    ]);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    const invoke = lambdaMock.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invoke.FunctionName).toBe("trail-backup-function-abc1234");
    expect(invoke.InvocationType).toBe("Event");
    continuation = JSON.parse(Buffer.from(invoke.Payload as Uint8Array).toString());
    expect(Object.keys(continuation)).toEqual(["asOf"]);
    expect(Date.parse(continuation.asOf)).toBeGreaterThanOrEqual(clockAt.getTime());
    expect(Date.parse(continuation.asOf)).toBeLessThanOrEqual(Date.now());
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      service: "trail-backup",
      FunctionName: "trail-backup-function-abc1234",
      ObjectsCopied: 1,
      ObjectsFailed: 0,
    });
  });

  test("the continuation finishes the run, removes the checkpoint and invokes nothing", async () => {
    const result = await handler(continuation, context());

    expect(result).toEqual({
      scanned: 2,
      eligible: 2,
      copied: 2,
      skipped: 0,
      failed: 0,
      complete: true,
      resumedFrom: "a.json",
    });
    expect(await backupKeys()).toEqual([
      "cloudtrail-backup/a.json",
      "cloudtrail-backup/b.json",
      "cloudtrail-backup/c.json",
    ]);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  test("an object that cannot be copied fails the invocation and is counted in ObjectsFailed", async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: "entry-source",
        Key: "d.json",
        Body: "d",
        StorageClass: "GLACIER",
      }),
    );

    const run = handler(continuation, context());

    await expect(run).rejects.toThrow(BackupFailedError);
    await expect(run).rejects.toThrow(
      /^1 object\(s\) could not be copied to the backup, e\.g\. d\.json \(ObjectNotInActiveTierError: /,
    );
    expect(emf[0]).toMatchObject({ ObjectsCopied: 0, ObjectsSkipped: 3, ObjectsFailed: 1 });
    expect(emf[0]._aws).toMatchObject({
      CloudWatchMetrics: [
        expect.objectContaining({
          Namespace: "opsguard/TrailBackup",
          Dimensions: [["service", "FunctionName"]],
        }),
      ],
    });
  });

  test("a bad asOf and a missing variable are named", async () => {
    await expect(handler({ asOf: "soon" }, context())).rejects.toThrow(InvalidEventError);
    const bucket = process.env.SOURCE_BUCKET;
    delete process.env.SOURCE_BUCKET;
    try {
      // The entry reads its environment once, at import: a cold start without it fails.
      await expect(
        jest.isolateModulesAsync(async () => {
          await import("./index");
        }),
      ).rejects.toThrow("SOURCE_BUCKET is not set");
    } finally {
      process.env.SOURCE_BUCKET = bucket;
    }
  });
});
