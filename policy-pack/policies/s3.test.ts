import { disallowS3PublicAccess } from "./disallow-s3-public-access";
import { enableS3BucketEncryption } from "./enable-s3-bucket-encryption";
import { enableS3BucketVersioning } from "./enable-s3-bucket-versioning";
import { enableS3PublicAccessBlock } from "./enable-s3-public-access-block";
import { enforceS3BucketTls } from "./enforce-s3-bucket-tls";
import { runResourcePolicy, runStackPolicy, urnOf, type TestResource } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const BUCKET = "aws:s3/bucket:Bucket";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const ENCRYPTION =
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234";
const TLS_DENY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: ["arn:aws:s3:::data-1234567", "arn:aws:s3:::data-1234567/*"],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** What SecureBucket creates: the compliant baseline every failing case changes one property of. */
function baseline(): TestResource[] {
  const bucket = "data-1234567";
  return [
    { type: BUCKET, name: "data", props: { bucket, tags: { "opsguard:sensitive": "true" } } },
    {
      type: VERSIONING,
      name: "data-versioning",
      props: { bucket, versioningConfiguration: { status: "Enabled" } },
    },
    {
      type: ENCRYPTION,
      name: "data-encryption",
      props: {
        bucket,
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: KEY_ARN,
            },
          },
        ],
      },
    },
    {
      type: PAB,
      name: "data-public-access",
      props: {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    },
    {
      type: POLICY,
      name: "data-policy",
      props: { bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [TLS_DENY] }) },
    },
  ];
}

/** The baseline with `change` applied to the resource named `name`. */
function changed(
  name: string,
  change: (props: Record<string, unknown>) => Record<string, unknown>,
) {
  return baseline().map((r) => (r.name === name ? { ...r, props: change(r.props) } : r));
}
const without = (name: string) => baseline().filter((r) => r.name !== name);

const stackPolicies = [
  enableS3BucketVersioning,
  enableS3BucketEncryption,
  enableS3PublicAccessBlock,
  enforceS3BucketTls,
];

describe("S3 stack policies", () => {
  test.each(stackPolicies.map((p) => [p.name, p] as const))(
    "%s: the SecureBucket baseline passes",
    async (_name, policy) => {
      expect(await runStackPolicy(policy, baseline())).toEqual({ violations: [], unknowns: [] });
    },
  );

  test.each(stackPolicies.map((p) => [p.name, p] as const))(
    "%s: not applicable to a stack without buckets",
    async (_name, policy) => {
      const run = await runStackPolicy(policy, [
        { type: "aws:sns/topic:Topic", name: "t", props: {} },
      ]);
      expect(run.notApplicable).toBe("the stack has no aws:s3/bucket:Bucket");
    },
  );

  test.each([
    [
      enableS3BucketVersioning,
      without("data-versioning"),
      BUCKET,
      "data",
      'bucket "data" has no BucketVersioning',
    ],
    [
      enableS3BucketVersioning,
      changed("data-versioning", (p) => ({
        ...p,
        versioningConfiguration: { status: "Suspended" },
      })),
      VERSIONING,
      "data-versioning",
      'bucket "data": versioningConfiguration.status of "data-versioning" is "Suspended", not "Enabled"',
    ],
    [
      enableS3BucketEncryption,
      without("data-encryption"),
      BUCKET,
      "data",
      'bucket "data" has no BucketServerSideEncryptionConfiguration',
    ],
    [
      enableS3BucketEncryption,
      changed("data-encryption", (p) => ({ ...p, rules: [{ bucketKeyEnabled: true }] })),
      ENCRYPTION,
      "data-encryption",
      'bucket "data": "data-encryption" has no applyServerSideEncryptionByDefault rule',
    ],
    [
      enableS3BucketEncryption,
      changed("data-encryption", (p) => ({
        ...p,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      })),
      ENCRYPTION,
      "data-encryption",
      'bucket "data" is tagged opsguard:sensitive=true but its sseAlgorithm is "AES256", not aws:kms',
    ],
    [
      enableS3BucketEncryption,
      changed("data-encryption", (p) => ({
        ...p,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
      })),
      ENCRYPTION,
      "data-encryption",
      'bucket "data" is tagged opsguard:sensitive=true but has no kmsMasterKeyId (the AWS managed aws/s3 key)',
    ],
    [
      enableS3PublicAccessBlock,
      without("data-public-access"),
      BUCKET,
      "data",
      'bucket "data" has no BucketPublicAccessBlock',
    ],
    ...["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].map(
      (flag) =>
        [
          enableS3PublicAccessBlock,
          changed("data-public-access", (p) => ({ ...p, [flag]: false })),
          PAB,
          "data-public-access",
          `bucket "data": "data-public-access" does not set ${flag} to true`,
        ] as const,
    ),
    [
      enforceS3BucketTls,
      without("data-policy"),
      BUCKET,
      "data",
      'bucket "data" has no BucketPolicy that denies requests without TLS',
    ],
    [
      enforceS3BucketTls,
      changed("data-policy", (p) => ({
        ...p,
        policy: JSON.stringify({
          Statement: [{ ...TLS_DENY, Condition: { Bool: { "aws:SecureTransport": "true" } } }],
        }),
      })),
      BUCKET,
      "data",
      'bucket "data": no statement of its BucketPolicy denies aws:SecureTransport "false"',
    ],
  ] as const)(
    "%#: %s reports exactly one violation",
    async (policy, resources, type, name, message) => {
      expect(await runStackPolicy(policy, resources)).toEqual({
        violations: [{ urn: urnOf(type, name), message }],
        unknowns: [],
      });
    },
  );

  test("encryption: AES256 is enough for a bucket not tagged sensitive", async () => {
    const resources = changed("data-encryption", (p) => ({
      ...p,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    })).map((r) => (r.type === BUCKET ? { ...r, props: { bucket: "data-1234567" } } : r));
    expect((await runStackPolicy(enableS3BucketEncryption, resources)).violations).toEqual([]);
  });

  test("encryption: the sensitive marker tag is configurable", async () => {
    const resources = changed("data-encryption", (p) => ({
      ...p,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    })).map((r) =>
      r.type === BUCKET
        ? { ...r, props: { bucket: "data-1234567", tags: { classification: "true" } } }
        : r,
    );
    const run = await runStackPolicy(enableS3BucketEncryption, resources, {
      "enable-s3-bucket-encryption": { sensitiveTag: "classification" },
    });
    expect(run.violations.map((v) => v.message)).toEqual([
      'bucket "data" is tagged classification=true but its sseAlgorithm is "AES256", not aws:kms',
    ]);
  });

  test("preview: a companion whose bucket is unknown is matched by its property dependency", async () => {
    const resources = changed("data-versioning", (p) => ({
      ...p,
      bucket: UNKNOWN,
      versioningConfiguration: { status: "Suspended" },
    })).map((r) =>
      r.name === "data-versioning"
        ? { ...r, propertyDependencies: { bucket: [urnOf(BUCKET, "data")] } }
        : r,
    );
    expect((await runStackPolicy(enableS3BucketVersioning, resources)).violations).toEqual([
      {
        urn: urnOf(VERSIONING, "data-versioning"),
        message:
          'bucket "data": versioningConfiguration.status of "data-versioning" is "Suspended", not "Enabled"',
      },
    ]);
  });

  test("preview: a companion matched by neither value nor dependency cannot be decided", async () => {
    const resources = changed("data-versioning", (p) => ({ ...p, bucket: UNKNOWN }));
    expect(await runStackPolicy(enableS3BucketVersioning, resources)).toEqual({
      violations: [],
      unknowns: [`bucket of "data-versioning" of ${urnOf(VERSIONING, "data-versioning")}`],
    });
  });

  test("preview: an unknown bucket policy cannot be decided", async () => {
    const resources = changed("data-policy", (p) => ({ ...p, policy: UNKNOWN }));
    expect(await runStackPolicy(enforceS3BucketTls, resources)).toEqual({
      violations: [],
      unknowns: [`policy of ${urnOf(POLICY, "data-policy")}`],
    });
  });
});

describe("disallow-s3-public-access", () => {
  const privatePolicy = { bucket: "data", policy: JSON.stringify({ Statement: [TLS_DENY] }) };

  test.each([
    [BUCKET, { bucket: "data" }],
    ["aws:s3/bucketAcl:BucketAcl", { bucket: "data", acl: "private" }],
    [POLICY, privatePolicy],
    [
      POLICY,
      {
        bucket: "data",
        policy: JSON.stringify({
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "s3:GetObject",
              Resource: "*",
              Condition: {
                StringEquals: {
                  "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1",
                },
              },
            },
          ],
        }),
      },
    ],
  ])("a private %s passes", async (type, props) => {
    expect(await runResourcePolicy(disallowS3PublicAccess, { type, name: "x", props })).toEqual({
      violations: [],
      unknowns: [],
    });
  });

  test.each([
    [BUCKET, { acl: "public-read" }, 'acl is "public-read"'],
    ["aws:s3/bucketAcl:BucketAcl", { acl: "public-read-write" }, 'acl is "public-read-write"'],
    [
      "aws:s3/bucketAcl:BucketAcl",
      {
        accessControlPolicy: {
          grants: [
            {
              grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
              permission: "READ",
            },
          ],
        },
      },
      'a grant gives "READ" to http://acs.amazonaws.com/groups/global/AllUsers',
    ],
    [
      POLICY,
      {
        policy: JSON.stringify({
          Statement: [
            TLS_DENY,
            { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" },
          ],
        }),
      },
      'policy statement 2 allows ["s3:GetObject"] to Principal "*" without a narrowing condition',
    ],
  ])("%s %j is public", async (type, props, message) => {
    expect(
      await runResourcePolicy(disallowS3PublicAccess, {
        type,
        name: "x",
        props: { bucket: "data", ...props },
      }),
    ).toEqual({
      violations: [{ urn: urnOf(type, "x"), message }],
      unknowns: [],
    });
  });

  test("not applicable to other types", async () => {
    const run = await runResourcePolicy(disallowS3PublicAccess, {
      type: "aws:sns/topic:Topic",
      name: "t",
      props: {},
    });
    expect(run.notApplicable).toBe(
      "applies only to aws:s3/bucket:Bucket, aws:s3/bucketAcl:BucketAcl, aws:s3/bucketAclV2:BucketAclV2, aws:s3/bucketPolicy:BucketPolicy",
    );
  });

  test("an unknown policy document cannot be decided", async () => {
    expect(
      await runResourcePolicy(disallowS3PublicAccess, {
        type: POLICY,
        name: "x",
        props: { bucket: "data", policy: UNKNOWN },
      }),
    ).toEqual({
      violations: [],
      unknowns: [`policy of ${urnOf(POLICY, "x")}`],
    });
  });
});
