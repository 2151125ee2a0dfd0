import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configureApigatewayv2Throttling } from "./configure-apigatewayv2-throttling";
import { configureLogGroupRetention } from "./configure-log-group-retention";
import { configureSecretsmanagerCustomerKey } from "./configure-secretsmanager-customer-key";
import { enableApigatewayv2AccessLogging } from "./enable-apigatewayv2-access-logging";
import { enableKmsKeyRotation } from "./enable-kms-key-rotation";
import { enableLogGroupKmsEncryption } from "./enable-log-group-kms-encryption";
import { enableSnsTopicEncryption } from "./enable-sns-topic-encryption";
import { enableSqsQueueEncryption } from "./enable-sqs-queue-encryption";
import { enforceApigatewayv2RouteAuthorization } from "./enforce-apigatewayv2-route-authorization";
import { runResourcePolicy, urnOf } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/api";

/** Per policy: its type, a compliant baseline, failing changes with their message, an unknown case. */
const cases: [
  ResourceValidationPolicy,
  string,
  Record<string, unknown>,
  [Record<string, unknown>, string][],
  [Record<string, unknown>, string],
][] = [
  [
    enableSnsTopicEncryption,
    "aws:sns/topic:Topic",
    { kmsMasterKeyId: KEY },
    [[{ kmsMasterKeyId: undefined }, "kmsMasterKeyId is not set: the topic is not encrypted"]],
    [{ kmsMasterKeyId: UNKNOWN }, "kmsMasterKeyId"],
  ],
  [
    enableSqsQueueEncryption,
    "aws:sqs/queue:Queue",
    { sqsManagedSseEnabled: true },
    [
      [
        { sqsManagedSseEnabled: false },
        "sqsManagedSseEnabled is false and kmsMasterKeyId is not set: the queue is not encrypted",
      ],
    ],
    [{ sqsManagedSseEnabled: UNKNOWN }, "sqsManagedSseEnabled"],
  ],
  [
    configureSecretsmanagerCustomerKey,
    "aws:secretsmanager/secret:Secret",
    { kmsKeyId: KEY },
    [
      [{ kmsKeyId: undefined }, "kmsKeyId is not set: the secret uses the AWS managed key"],
      [
        { kmsKeyId: "alias/aws/secretsmanager" },
        'kmsKeyId is "alias/aws/secretsmanager": the secret uses the AWS managed key',
      ],
    ],
    [{ kmsKeyId: UNKNOWN }, "kmsKeyId"],
  ],
  [
    enableKmsKeyRotation,
    "aws:kms/key:Key",
    { enableKeyRotation: true },
    [
      [{ enableKeyRotation: false }, "enableKeyRotation is false"],
      [{ enableKeyRotation: undefined }, "enableKeyRotation is not set"],
    ],
    [{ enableKeyRotation: UNKNOWN }, "enableKeyRotation"],
  ],
  [
    configureLogGroupRetention,
    "aws:cloudwatch/logGroup:LogGroup",
    { retentionInDays: 90 },
    [[{ retentionInDays: undefined }, "retentionInDays is not set: events are kept forever"]],
    [{ retentionInDays: UNKNOWN }, "retentionInDays"],
  ],
  [
    enableLogGroupKmsEncryption,
    "aws:cloudwatch/logGroup:LogGroup",
    { kmsKeyId: KEY },
    [[{ kmsKeyId: undefined }, "kmsKeyId is not set: the log group uses CloudWatch Logs' own key"]],
    [{ kmsKeyId: UNKNOWN }, "kmsKeyId"],
  ],
  [
    enableApigatewayv2AccessLogging,
    "aws:apigatewayv2/stage:Stage",
    { accessLogSettings: { destinationArn: LOGS, format: "$context.requestId" } },
    [
      [
        { accessLogSettings: undefined },
        "accessLogSettings is not set: the stage writes no access logs",
      ],
      [
        { accessLogSettings: { format: "$context.requestId" } },
        "accessLogSettings.destinationArn is not set",
      ],
      [{ accessLogSettings: { destinationArn: LOGS } }, "accessLogSettings.format is not set"],
    ],
    [
      { accessLogSettings: { destinationArn: UNKNOWN, format: "x" } },
      "accessLogSettings.destinationArn",
    ],
  ],
  [
    configureApigatewayv2Throttling,
    "aws:apigatewayv2/stage:Stage",
    { defaultRouteSettings: { throttlingBurstLimit: 50, throttlingRateLimit: 100 } },
    [
      [
        { defaultRouteSettings: { throttlingRateLimit: 100 } },
        "defaultRouteSettings.throttlingBurstLimit is not set",
      ],
      [
        { defaultRouteSettings: { throttlingBurstLimit: 50 } },
        "defaultRouteSettings.throttlingRateLimit is not set",
      ],
    ],
    [{ defaultRouteSettings: UNKNOWN }, "defaultRouteSettings"],
  ],
  [
    enforceApigatewayv2RouteAuthorization,
    "aws:apigatewayv2/route:Route",
    { routeKey: "GET /items", authorizationType: "JWT", authorizerId: "a1" },
    [
      [{ authorizationType: "NONE" }, 'authorizationType of route "GET /items" is "NONE"'],
      [
        { authorizationType: undefined },
        'authorizationType of route "GET /items" is not set (NONE)',
      ],
    ],
    [{ authorizationType: UNKNOWN }, "authorizationType"],
  ],
];

describe.each(cases.map((c) => [c[0].name, ...c] as const))(
  "%s",
  (_name, policy, type, baseline, failing, [unknownChange, unknownProperty]) => {
    const run = (props: Record<string, unknown>, resourceType = type) =>
      runResourcePolicy(policy, { type: resourceType, name: "r", props });

    test("the compliant baseline passes", async () => {
      expect(await run(baseline)).toEqual({ violations: [], unknowns: [] });
    });

    test.each(failing)("%j fails", async (change, message) => {
      expect(await run({ ...baseline, ...change })).toEqual({
        violations: [{ urn: urnOf(type, "r"), message }],
        unknowns: [],
      });
    });

    test("an unknown value cannot be checked during preview", async () => {
      expect(await run({ ...baseline, ...unknownChange })).toEqual({
        violations: [],
        unknowns: [`${unknownProperty} of ${urnOf(type, "r")}`],
      });
    });

    test("not applicable to other types", async () => {
      expect((await run(baseline, "aws:s3/bucket:Bucket")).notApplicable).toBe(
        `applies only to ${type}`,
      );
    });
  },
);

test("SQS queues without settings get SSE-SQS by default", async () => {
  expect(
    (
      await runResourcePolicy(enableSqsQueueEncryption, {
        type: "aws:sqs/queue:Queue",
        name: "q",
        props: {},
      })
    ).violations,
  ).toEqual([]);
});

test("asymmetric KMS keys cannot rotate and are not checked", async () => {
  const key = {
    type: "aws:kms/key:Key",
    name: "k",
    props: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
  };
  expect((await runResourcePolicy(enableKmsKeyRotation, key)).violations).toEqual([]);
});
