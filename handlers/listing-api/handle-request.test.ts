import { S3Client } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { awsTestConfig } from "../../test/harness/moto";
import { handleListingRequest, type ListingEvent, type ListingLogger } from "./handle-request";
import type { ListingPage } from "./list-objects";
import { putTestObjects, testObjectBody } from "../../test/support/listing-api";

const FIXTURES = join(__dirname, "../../test/fixtures/events/apigw-http");
const fixture = (name: string): ListingEvent =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const BUCKET = "listing-api-objects";
const CALLER = "arn:aws:sts::123456789012:assumed-role/reporting-reader/alice";

/** An IAM-authorized `GET /objects` event with the given query. */
function listEvent(query: Record<string, string>): ListingEvent {
  const event = fixture("list-objects-iam");
  event.rawQueryString = new URLSearchParams(query).toString();
  event.queryStringParameters = Object.keys(query).length > 0 ? query : undefined;
  return event;
}

function recordingLogger() {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const logger: ListingLogger = {
    info: (message, attributes) => lines.push({ level: "info", message, attributes }),
    warn: (message, attributes) => lines.push({ level: "warn", message, attributes }),
    error: (message, attributes) => lines.push({ level: "error", message, attributes }),
  };
  return { logger, lines };
}

// No CRC32 on each of the 1,500 uploads: moto is the bottleneck of this file.
const s3 = new S3Client({ ...awsTestConfig(), requestChecksumCalculation: "WHEN_REQUIRED" });
let allKeys: string[];

beforeAll(async () => {
  allKeys = (await putTestObjects(s3, BUCKET)).sort();
}, 60_000);

async function list(query: Record<string, string>, bucketName = BUCKET) {
  const { logger, lines } = recordingLogger();
  const result = await handleListingRequest(listEvent(query), { s3, bucketName, logger });
  return { result, lines, body: JSON.parse(result.body as string) };
}

describe("handleListingRequest against moto", () => {
  test("1,500 objects at maxKeys=1000: a full page with a token, then the last 500", async () => {
    const first = await list({ maxKeys: "1000" });
    expect(first.result.statusCode).toBe(200);
    expect(first.result.headers).toEqual({
      "content-type": "application/json",
      "cache-control": "no-store",
    });
    const firstPage = first.body as ListingPage;
    expect(firstPage.isTruncated).toBe(true);
    expect(firstPage.nextContinuationToken).toEqual(expect.any(String));
    expect(firstPage.objects.map((object) => object.key)).toEqual(allKeys.slice(0, 1000));

    const second = await list({
      maxKeys: "1000",
      continuationToken: firstPage.nextContinuationToken!,
    });
    const secondPage = second.body as ListingPage;
    expect(Object.keys(secondPage).sort()).toEqual(["isTruncated", "objects"]);
    expect(secondPage.isTruncated).toBe(false);
    expect(secondPage.objects.map((object) => object.key)).toEqual(allKeys.slice(1000));
  });

  test("the default page is 100 keys: 15 pages cover every object once", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { body } = await list(token ? { continuationToken: token } : {});
      const page = body as ListingPage;
      expect(page.objects.length).toBe(100);
      seen.push(...page.objects.map((object) => object.key));
      token = page.nextContinuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(15);
    expect(seen).toEqual(allKeys);
  });

  test("an object is described by key, size, lastModified, etag and storage class", async () => {
    const { body } = await list({ prefix: "images/007", maxKeys: "5" });
    const key = "images/007.png";
    const content = testObjectBody(key);
    expect(body).toEqual({
      objects: [
        {
          key,
          size: Buffer.byteLength(content),
          lastModified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          etag: createHash("md5").update(content).digest("hex"),
          storageClass: "STANDARD",
        },
      ],
      isTruncated: false,
    });
  });

  test("prefix filters: images/ holds exactly the 300 images", async () => {
    const { body } = await list({ prefix: "images/", maxKeys: "1000" });
    const keys = (body as ListingPage).objects.map((object) => object.key);
    expect(keys).toEqual(allKeys.filter((key) => key.startsWith("images/")));
    expect(keys).toHaveLength(300);
    expect(body.isTruncated).toBe(false);
  });

  test("a prefix that matches nothing is an empty page, not an error", async () => {
    const { result, body } = await list({ prefix: "missing/" });
    expect(result.statusCode).toBe(200);
    expect(body).toEqual({ objects: [], isTruncated: false });
  });

  test("a successful listing logs the request id, the caller's ARN and what was listed", async () => {
    const { lines } = await list({ prefix: "reports/", maxKeys: "10" });
    expect(lines).toEqual([
      {
        level: "info",
        message: "listed objects",
        attributes: {
          requestId: "G2uTtjXXIAMEJpw=",
          callerArn: CALLER,
          prefix: "reports/",
          maxKeys: 10,
          continued: false,
          count: 10,
          isTruncated: true,
        },
      },
    ]);
  });

  test.each([
    ["list-objects-bad-max-keys", "maxKeys", 'maxKeys must be an integer from 1 to 1000, got "0"'],
  ])("fixture %s → 400 naming %s", async (name, parameter, message) => {
    const { logger, lines } = recordingLogger();
    const result = await handleListingRequest(fixture(name), { s3, bucketName: BUCKET, logger });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string)).toEqual({
      error: "BadParameter",
      parameter,
      message,
    });
    expect(lines).toEqual([
      {
        level: "warn",
        message: "rejected a bad parameter",
        attributes: {
          requestId: "G2uVbhYdIAMEbTQ=",
          callerArn: CALLER,
          parameter,
          reason: message,
        },
      },
    ]);
  });

  test.each([
    [{ maxKeys: "1001" }, "maxKeys"],
    [{ maxKeys: "ten" }, "maxKeys"],
    [{ continuationToken: "" }, "continuationToken"],
    [{ delimiter: "/" }, "delimiter"],
  ])("query %j → 400 naming %s", async (query, parameter) => {
    const { result, body } = await list(query);
    expect(result.statusCode).toBe(400);
    expect(body).toMatchObject({ error: "BadParameter", parameter });
  });

  test("an S3 error (no such bucket) → 502 without S3's details; the log has them", async () => {
    const { result, body, lines } = await list({}, "no-such-listing-bucket");
    expect(result.statusCode).toBe(502);
    expect(body).toEqual({
      error: "UpstreamError",
      message: "The object listing is unavailable; try again later.",
      requestId: "G2uTtjXXIAMEJpw=",
    });
    expect(result.body).not.toContain("no-such-listing-bucket");
    expect(result.body).not.toContain("NoSuchBucket");
    expect(lines).toEqual([
      {
        level: "error",
        message: "S3 listing failed",
        attributes: expect.objectContaining({
          requestId: "G2uTtjXXIAMEJpw=",
          callerArn: CALLER,
          errorName: "NoSuchBucket",
          httpStatusCode: 404,
        }),
      },
    ]);
  });

  test("a JWT-authorized request logs the token's subject as the caller", async () => {
    const { logger, lines } = recordingLogger();
    const result = await handleListingRequest(fixture("list-objects-jwt"), {
      s3,
      bucketName: BUCKET,
      logger,
    });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string).objects).toHaveLength(100);
    expect(lines[0].attributes).toMatchObject({
      requestId: "G2uWx1FvIAMEc9A=",
      callerArn: "jwt:3f1c2b7a-9d4e-4c1b-8a2f-5e6d7c8b9a01",
    });
  });
});
