import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig, motoEndpoint } from "../test/harness/moto";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const EVENT = join(ROOT, "test", "fixtures", "events", "apigw-http", "list-objects-iam.json");

function invoke(args: string[], input?: string) {
  const result = spawnSync(TSX, [join(ROOT, "tools", "invoke.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
    timeout: 60_000,
    // No AWS settings leak in from the machine: only what the flags set.
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run invoke", () => {
  const bucket = "invoke-test-bucket";

  beforeAll(async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of ["reports/a.csv", "reports/b.csv", "reports/c.csv", "other/x.csv"]) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    }
  });

  test("runs a handler against moto through --endpoint and prints only its result on stdout", () => {
    const { code, stdout, stderr } = invoke([
      "listing-api",
      "--event",
      EVENT,
      "--endpoint",
      motoEndpoint(),
      "--env",
      `BUCKET_NAME=${bucket}`,
    ]);

    expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
    const result = JSON.parse(stdout);
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body);
    expect(body.objects.map((object: { key: string }) => object.key)).toEqual([
      "reports/a.csv",
      "reports/b.csv",
    ]);
    expect(body.isTruncated).toBe(true);
    // The handler's structured logs went to stderr.
    expect(stderr).toContain('"service":"listing-api"');
  });

  test("reads the event from stdin with --event -", () => {
    const event = JSON.parse(readFileSync(EVENT, "utf8"));
    const { code, stdout } = invoke(
      [
        "listing-api",
        "--event",
        "-",
        "--endpoint",
        motoEndpoint(),
        "--env",
        `BUCKET_NAME=${bucket}`,
      ],
      JSON.stringify({
        ...event,
        rawQueryString: "prefix=other%2F",
        queryStringParameters: { prefix: "other/" },
      }),
    );
    expect(code).toBe(0);
    const body = JSON.parse(JSON.parse(stdout).body);
    expect(body.objects.map((object: { key: string }) => object.key)).toEqual(["other/x.csv"]);
  });

  test.each([
    [["nope", "--event", EVENT], 'unknown handler "nope": no handlers/nope/index.ts'],
    [["listing-api"], "--event <file|-> is required"],
    [
      ["listing-api", "--event", EVENT, "--now", "tomorrow"],
      '--now must be an ISO-8601 date-time with a time zone, e.g. 2030-01-31T02:00:00Z, got "tomorrow"',
    ],
    [["listing-api", "--event", EVENT, "--env", "NOEQUALS"], "--env NOEQUALS: expected KEY=VALUE"],
    [
      ["listing-api", "--event", EVENT, "--endpoint", "http://127.0.0.1:9"],
      "BUCKET_NAME is not set",
    ],
  ])("%j fails with exit 1 and says why", (args, message) => {
    const { code, stdout, stderr } = invoke(args as string[]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});

describe("npm run invoke --now: a handler at a chosen clock", () => {
  const s3 = new S3Client(awsTestConfig());
  const source = "invoke-now-trail";
  const backup = "invoke-now-backup";
  const DAY_MS = 86_400_000;
  const dayFolder = (at: Date) =>
    `AWSLogs/123456789012/CloudTrail/us-east-1/${at.toISOString().slice(0, 10).replace(/-/g, "/")}/`;
  const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const yesterday = new Date(today.getTime() - DAY_MS);
  // The run at which a day's folder is the last one old enough (85 whole days).
  const runWhenDue = (day: Date) => new Date(day.getTime() + 86 * DAY_MS + 3_600_000).toISOString();
  const trailBackup = (event: string, extra: string[] = []) =>
    invoke(
      [
        "trail-backup",
        "--event",
        "-",
        "--endpoint",
        motoEndpoint(),
        "--env",
        `SOURCE_BUCKET=${source}`,
        "--env",
        `BACKUP_BUCKET=${backup}`,
        "--env",
        "POWERTOOLS_LOG_LEVEL=ERROR",
        ...extra,
      ],
      event,
    );
  const backedUp = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: backup }))).Contents ?? [])
      .map((object) => object.Key!)
      .filter((key) => key.endsWith(".json.gz"));

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: source }));
    await s3.send(new CreateBucketCommand({ Bucket: backup }));
    await s3.send(
      new PutObjectCommand({ Bucket: source, Key: `${dayFolder(yesterday)}a.json.gz`, Body: "a" }),
    );
  });

  test("a future asOf is refused before any call; the same run at that clock copies, and no later day is skipped", async () => {
    const refused = trailBackup('{"asOf":"2027-06-01T00:00:00Z"}');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "InvalidEventError: event.asOf 2027-06-01T00:00:00Z is later than now (",
    );
    expect((await s3.send(new ListObjectsV2Command({ Bucket: backup }))).KeyCount ?? 0).toBe(0);

    const first = trailBackup("{}", ["--now", runWhenDue(yesterday)]);
    expect({ code: first.code, stderr: first.code === 0 ? "" : first.stderr }).toEqual({
      code: 0,
      stderr: "",
    });
    expect(JSON.parse(first.stdout)).toMatchObject({ copied: 1, failed: 0, complete: true });

    await s3.send(
      new PutObjectCommand({ Bucket: source, Key: `${dayFolder(today)}b.json.gz`, Body: "b" }),
    );
    const next = trailBackup("{}", ["--now", runWhenDue(today)]);
    expect(JSON.parse(next.stdout)).toMatchObject({ copied: 1, failed: 0, complete: true });
    expect(await backedUp()).toEqual([
      `cloudtrail-backup/${dayFolder(yesterday)}a.json.gz`,
      `cloudtrail-backup/${dayFolder(today)}b.json.gz`,
    ]);
  });
});
