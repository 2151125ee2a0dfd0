import { configureDynamodbCustomerKey } from "./configure-dynamodb-customer-key";
import { enableDynamodbDeletionProtection } from "./enable-dynamodb-deletion-protection";
import { enableDynamodbPointInTimeRecovery } from "./enable-dynamodb-point-in-time-recovery";
import { UNKNOWN } from "../lib/unknown";
import { describePolicyCases } from "../test/policy-cases";

const TABLE = "aws:dynamodb/table:Table";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234";
const BASE = {
  hashKey: "id",
  attributes: [{ name: "id", type: "S" }],
  billingMode: "PAY_PER_REQUEST",
};

describePolicyCases([
  {
    policy: enableDynamodbPointInTimeRecovery,
    type: TABLE,
    baseline: { ...BASE, pointInTimeRecovery: { enabled: true } },
    failing: [
      [{ pointInTimeRecovery: { enabled: false } }, "pointInTimeRecovery.enabled is false"],
      [
        { pointInTimeRecovery: undefined },
        "pointInTimeRecovery is not set: point-in-time recovery is off",
      ],
    ],
    unknown: [{ pointInTimeRecovery: { enabled: UNKNOWN } }, "pointInTimeRecovery.enabled"],
  },
  {
    policy: enableDynamodbPointInTimeRecovery,
    type: TABLE,
    baseline: {
      ...BASE,
      pointInTimeRecovery: { enabled: true },
      replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true }],
    },
    failing: [
      [
        { replicas: [{ regionName: "eu-west-1" }] },
        "replicas[0].pointInTimeRecovery is not set (default false): the replica has no point-in-time recovery",
      ],
      [
        {
          replicas: [
            { regionName: "eu-west-1", pointInTimeRecovery: true },
            { regionName: "us-west-2", pointInTimeRecovery: false },
          ],
        },
        "replicas[1].pointInTimeRecovery is false: the replica has no point-in-time recovery",
      ],
    ],
    unknown: [{ replicas: UNKNOWN }, "replicas"],
  },
  {
    policy: enableDynamodbPointInTimeRecovery,
    type: "aws:dynamodb/tableReplica:TableReplica",
    baseline: {
      globalTableArn: "arn:aws:dynamodb:us-east-1:123456789012:table/sessions",
      pointInTimeRecovery: true,
    },
    failing: [
      [
        { pointInTimeRecovery: false },
        "pointInTimeRecovery is false: the replica has no point-in-time recovery",
      ],
      [
        { pointInTimeRecovery: undefined },
        "pointInTimeRecovery is not set (default false): the replica has no point-in-time recovery",
      ],
    ],
    unknown: [{ pointInTimeRecovery: UNKNOWN }, "pointInTimeRecovery"],
  },
  {
    policy: configureDynamodbCustomerKey,
    type: TABLE,
    baseline: { ...BASE, serverSideEncryption: { enabled: true, kmsKeyArn: KEY } },
    failing: [
      [
        { serverSideEncryption: { enabled: true } },
        "serverSideEncryption.kmsKeyArn is not set: the table uses the AWS managed key aws/dynamodb",
      ],
      [
        { serverSideEncryption: { enabled: false } },
        "serverSideEncryption is not enabled: the table uses an AWS owned key",
      ],
      [
        { serverSideEncryption: undefined },
        "serverSideEncryption is not enabled: the table uses an AWS owned key",
      ],
    ],
    unknown: [
      { serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN } },
      "serverSideEncryption.kmsKeyArn",
    ],
  },
  {
    policy: enableDynamodbDeletionProtection,
    type: TABLE,
    baseline: { ...BASE, deletionProtectionEnabled: true },
    failing: [
      [{ deletionProtectionEnabled: false }, "deletionProtectionEnabled is false"],
      [
        { deletionProtectionEnabled: undefined },
        "deletionProtectionEnabled is not set (default false)",
      ],
    ],
    unknown: [{ deletionProtectionEnabled: UNKNOWN }, "deletionProtectionEnabled"],
  },
]);

test("the customer key policy is advisory; recovery is mandatory", () => {
  expect(configureDynamodbCustomerKey.enforcementLevel).toBe("advisory");
  expect(enableDynamodbDeletionProtection.enforcementLevel).toBe("advisory");
  expect(enableDynamodbPointInTimeRecovery.enforcementLevel).toBe("mandatory");
});
