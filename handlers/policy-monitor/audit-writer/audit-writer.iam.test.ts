import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { AUDIT_WRITER_ENV } from "../../../contracts/policy-monitor";
import {
  assumeRoleOfFunction,
  createBucketIn,
  type FunctionUnderRole,
} from "../../../test/harness/component-role";
import { motoS3Client } from "../../../test/harness/moto-s3";
import { auditViolation } from "./audit-writer";
import { violationEventFixture } from "../../../test/support/violation-event";

// moto enforces IAM: the writer's client signs as the role PolicyResponders gives it.
const KEY = "audit/year=2026/month=11/day=20/violation-3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1.json";

let role: FunctionUnderRole;
let bucket: string;
let admin: S3Client;
let s3: S3Client;

beforeAll(async () => {
  role = await assumeRoleOfFunction("policyMonitor", "policy-monitor-responders-audit-writer");
  bucket = role.env[AUDIT_WRITER_ENV.auditBucket];
  admin = motoS3Client(role.adminConfig);
  s3 = motoS3Client(role.roleConfig, role.statements);
  await createBucketIn(admin, bucket, role.region);
});

const deps = () => ({
  s3,
  bucket,
  metrics: { addMetric: () => undefined },
  logger: { info: () => undefined },
});

test("the writer lands the record under audit/ with its own role", async () => {
  const event = violationEventFixture();

  expect(await auditViolation(event, deps())).toEqual({ key: KEY });

  const written = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: KEY }));
  expect(JSON.parse(await written.Body!.transformToString())).toMatchObject({
    record_type: "violation",
    violation_id: "3c1b7e0e2f6a4b18a9d1c0e5f4a3b2c1",
  });
});

test("the role may write nothing outside audit/ and read nothing back", async () => {
  await expect(
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: "state/remediations/x.json", Body: "{}" })),
  ).rejects.toMatchObject({ name: "AccessDenied" });
  await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: KEY }))).rejects.toMatchObject({
    name: "AccessDenied",
  });
});

test("a write the role cannot make fails the invocation and names the key", async () => {
  const noBucket = { ...deps(), bucket: "someone-elses-bucket" };
  await createBucketIn(admin, "someone-elses-bucket", role.region);
  const event = violationEventFixture();

  await expect(auditViolation(event, noBucket)).rejects.toThrow(
    `writing audit record s3://someone-elses-bucket/${KEY} failed: AccessDenied: Access Denied`,
  );
});
