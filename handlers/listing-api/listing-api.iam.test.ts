import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LISTING_API_ENV } from "../../contracts/listing-api";
import {
  assumeRoleOfFunction,
  createBucketIn,
  type FunctionUnderRole,
} from "../../test/harness/component-role";
import { motoS3Client } from "../../test/harness/moto-s3";
import { handleListingRequest, type ListingEvent, type ListingLogger } from "./handle-request";

// moto enforces IAM: the function lists the bucket ListingApi creates, as the role it gives it.
const FIXTURES = join(__dirname, "../../test/fixtures/events/apigw-http");
const KEYS = ["reports/2025/0001.csv", "reports/2025/0002.csv", "images/001.png"];

let role: FunctionUnderRole;
let bucket: string;
let s3: S3Client;

beforeAll(async () => {
  role = await assumeRoleOfFunction("listingApi", "listing-api-handler");
  bucket = role.env[LISTING_API_ENV.bucketName];
  const admin = motoS3Client(role.adminConfig);
  await createBucketIn(admin, bucket, role.region);
  for (const key of KEYS) {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  }
  s3 = motoS3Client(role.roleConfig, role.statements);
});

function listEvent(query: Record<string, string>): ListingEvent {
  const event = JSON.parse(
    readFileSync(join(FIXTURES, "list-objects-iam.json"), "utf8"),
  ) as ListingEvent;
  event.rawQueryString = new URLSearchParams(query).toString();
  event.queryStringParameters = query;
  return event;
}

async function list(query: Record<string, string>, bucketName: string) {
  const errors: Record<string, unknown>[] = [];
  const logger: ListingLogger = {
    info: () => undefined,
    warn: () => undefined,
    error: (_message, attributes) => void errors.push(attributes),
  };
  const result = await handleListingRequest(listEvent(query), { s3, bucketName, logger });
  return { result, body: JSON.parse(result.body as string), errors };
}

test("the function lists its bucket under a prefix with its own role", async () => {
  const { result, body } = await list({ prefix: "reports/" }, bucket);

  expect(result.statusCode).toBe(200);
  expect(body.objects.map((object: { key: string }) => object.key)).toEqual([
    "reports/2025/0001.csv",
    "reports/2025/0002.csv",
  ]);
});

test("another bucket is refused: a 502 for the caller, AccessDenied in the log", async () => {
  await createBucketIn(motoS3Client(role.adminConfig), "another-bucket", role.region);

  const { result, body, errors } = await list({}, "another-bucket");

  expect(result.statusCode).toBe(502);
  expect(body.error).toBe("UpstreamError");
  expect(errors).toEqual([
    expect.objectContaining({ errorName: "AccessDenied", httpStatusCode: 403 }),
  ]);
});

test("the role may list but not read or write the objects", async () => {
  await expect(
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "reports/x.csv", Body: "x" })),
  ).rejects.toMatchObject({ name: "AccessDenied" });
});
