import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig, motoEndpoint } from "../../test/harness/moto";
import { lambdaContext } from "../../tools/shared/lambda-context";
import type * as Entry from "./index";

const event = JSON.parse(
  readFileSync(
    join(__dirname, "../../test/fixtures/events/apigw-http/list-objects-iam.json"),
    "utf8",
  ),
);

/** Imports the entry afresh, as a cold start would, with the given environment. */
async function loadEntry(env: Record<string, string | undefined>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env))
    if (value === undefined) delete process.env[name];
  try {
    let entry!: typeof Entry;
    await jest.isolateModulesAsync(async () => {
      entry = await import("./index");
    });
    return entry;
  } finally {
    process.env = saved;
  }
}

describe("listing-api entry", () => {
  test("a cold start without BUCKET_NAME fails and says so", async () => {
    await expect(loadEntry({ BUCKET_NAME: undefined })).rejects.toThrow("BUCKET_NAME is not set");
  });

  test("lists the fixture's prefix and logs one JSON line with request id and caller ARN", async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: "entry-bucket" }));
    for (const key of ["reports/a.csv", "reports/b.csv", "reports/c.csv", "other/d.csv"]) {
      await s3.send(new PutObjectCommand({ Bucket: "entry-bucket", Key: key, Body: "x" }));
    }
    const { handler } = await loadEntry({
      BUCKET_NAME: "entry-bucket",
      AWS_ENDPOINT_URL: motoEndpoint(),
      POWERTOOLS_DEV: undefined,
    });
    const written: string[] = [];
    const write = jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    let result;
    try {
      result = await handler(event, lambdaContext("listing-api", 10_000) as never);
    } finally {
      write.mockRestore();
    }

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string).objects.map((o: { key: string }) => o.key)).toEqual([
      "reports/a.csv",
      "reports/b.csv",
    ]);
    const logs = written.map((line) => JSON.parse(line));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: "INFO",
      message: "listed objects",
      service: "listing-api",
      requestId: "G2uTtjXXIAMEJpw=",
      callerArn: "arn:aws:sts::123456789012:assumed-role/reporting-reader/alice",
      prefix: "reports/",
      maxKeys: 2,
      count: 2,
      isTruncated: true,
      function_request_id: expect.any(String),
    });
  });
});
