import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";

let resources: PlannedResource[];

beforeAll(async () => {
  ({ resources } = await runProgram({
    program: async () => {
      const { SecureBucket } = await import("./secure-bucket");
      new SecureBucket("data", {});
      new SecureBucket("logs", {
        encryption: "AES256",
        lifecycleRules: [{ id: "expire", status: "Enabled", expiration: { days: 90 } }],
        objectLock: { mode: "GOVERNANCE", days: 30 },
        policyStatements: [
          {
            Sid: "ReadForAuditors",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:role/auditor" },
            Action: ["s3:GetObject"],
            Resource: "arn:aws:s3:::logs/*",
          },
        ],
      });
      return {};
    },
  }));
});

const child = (name: string) => {
  const found = resources.filter((resource) => resource.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe("SecureBucket", () => {
  test("creates exactly the bucket, a rotating key and the four safety companions by default", () => {
    const names = resources
      .filter((resource) => resource.name === "data" || resource.name.startsWith("data-"))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(names).toEqual([
      "aws:kms/key:Key data-key",
      "aws:s3/bucket:Bucket data-bucket",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls data-ownership",
      "aws:s3/bucketPolicy:BucketPolicy data-policy",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock data-public-access",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration data-encryption",
      "aws:s3/bucketVersioning:BucketVersioning data-versioning",
      "opsguard:index:SecureBucket data",
    ]);
    const component = child("data");
    for (const name of names.map((line) => line.split(" ")[1]).filter((n) => n !== "data")) {
      expect(child(name).parent).toBe(component.urn);
    }
  });

  test("versioning Enabled, SSE-KMS with the created key, all public access blocked, owner enforced", () => {
    const bucketName = child("data-bucket").state.bucket;
    const keyArn = child("data-key").state.arn;
    expect(child("data-key").inputs).toMatchObject({ enableKeyRotation: true });
    expect(child("data-versioning").inputs).toEqual({
      bucket: bucketName,
      versioningConfiguration: { status: "Enabled" },
    });
    expect(child("data-encryption").inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      },
    ]);
    expect(child("data-public-access").inputs).toEqual({
      bucket: bucketName,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(child("data-ownership").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
  });

  test("the bucket policy denies every request made without TLS, and keeps extra statements", () => {
    const bucketArn = child("data-bucket").state.arn;
    expect(JSON.parse(child("data-policy").inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
    const logsPolicy = JSON.parse(child("logs-policy").inputs.policy as string);
    expect(logsPolicy.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual([
      "DenyInsecureTransport",
      "ReadForAuditors",
    ]);
  });

  test("SSE-S3 when asked (no key), lifecycle rules and Object Lock when given", () => {
    expect(resources.some((resource) => resource.name === "logs-key")).toBe(false);
    expect(child("logs-encryption").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
    ]);
    expect(child("logs-bucket").inputs.objectLockEnabled).toBe(true);
    expect(child("logs-lifecycle").inputs.rules).toEqual([
      { id: "expire", status: "Enabled", expiration: { days: 90 } },
    ]);
    expect(child("logs-object-lock").inputs.rule).toEqual({
      defaultRetention: { mode: "GOVERNANCE", days: 30 },
    });
    expect(resources.some((resource) => resource.name === "data-lifecycle")).toBe(false);
  });
});
