import { configureLambdaAsyncFailureDestination } from "./configure-lambda-async-failure-destination";
import { configureLambdaLogRetention } from "./configure-lambda-log-retention";
import { disallowLambdaDeprecatedRuntime } from "./disallow-lambda-deprecated-runtime";
import {
  disallowLambdaPlaintextSecrets,
  isSecretLikeName,
} from "./disallow-lambda-plaintext-secrets";
import { runResourcePolicy, runStackPolicy, urnOf, type TestResource } from "../test/run-policy";
import { UNKNOWN } from "../lib/unknown";

const FUNCTION = "aws:lambda/function:Function";
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:worker-1234567";
const LOG_GROUP_NAME = "/aws/lambda/opsguard/dev/worker";

/** What LambdaFunction creates for an EventBridge-invoked function with a DLQ. */
function baseline(): TestResource[] {
  return [
    {
      type: "aws:cloudwatch/logGroup:LogGroup",
      name: "worker-logs",
      props: { name: LOG_GROUP_NAME, retentionInDays: 90 },
    },
    {
      type: FUNCTION,
      name: "worker-function",
      props: {
        name: "worker-1234567",
        arn: ARN,
        runtime: "nodejs24.x",
        loggingConfig: { logFormat: "JSON", logGroup: LOG_GROUP_NAME },
        environment: {
          variables: {
            NODE_OPTIONS: "--enable-source-maps",
            TOKEN_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:t",
            API_KEY_PARAMETER: "/opsguard/api-key",
          },
        },
        deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:123456789012:worker-dlq" },
      },
    },
    {
      type: "aws:cloudwatch/eventTarget:EventTarget",
      name: "nightly-target",
      props: { rule: "nightly", arn: ARN },
    },
  ];
}
const fnProps = () => baseline()[1].props;
const changeFn = (change: Record<string, unknown>) =>
  baseline().map((r) => (r.type === FUNCTION ? { ...r, props: { ...r.props, ...change } } : r));

describe("disallow-lambda-deprecated-runtime", () => {
  const run = (props: Record<string, unknown>, config = {}) =>
    runResourcePolicy(
      disallowLambdaDeprecatedRuntime,
      { type: FUNCTION, name: "fn", props },
      config,
    );
  test("baseline passes; a container image has no runtime", async () => {
    expect(await run(fnProps())).toEqual({ violations: [], unknowns: [] });
    expect(await run({ packageType: "Image" })).toEqual({ violations: [], unknowns: [] });
  });
  test.each(["nodejs20.x", "nodejs18.x", "python3.9", "java8"])("%s fails", async (runtime) => {
    expect((await run({ ...fnProps(), runtime })).violations).toEqual([
      {
        urn: urnOf(FUNCTION, "fn"),
        message: `runtime "${runtime}" is deprecated or not supported`,
      },
    ]);
  });
  test("the list is configurable; unknown runtime; not applicable", async () => {
    expect(
      (
        await run(fnProps(), {
          "disallow-lambda-deprecated-runtime": { supportedRuntimes: ["nodejs22.x"] },
        })
      ).violations.map((v) => v.message),
    ).toEqual(['runtime "nodejs24.x" is deprecated or not supported']);
    expect((await run({ runtime: UNKNOWN })).unknowns).toEqual([
      `runtime of ${urnOf(FUNCTION, "fn")}`,
    ]);
    expect(
      (
        await runResourcePolicy(disallowLambdaDeprecatedRuntime, {
          type: "aws:iam/role:Role",
          name: "r",
          props: {},
        })
      ).notApplicable,
    ).toBe(`applies only to ${FUNCTION}`);
  });
});

describe("disallow-lambda-plaintext-secrets", () => {
  const run = (variables: unknown) =>
    runResourcePolicy(disallowLambdaPlaintextSecrets, {
      type: FUNCTION,
      name: "fn",
      props: { ...fnProps(), environment: { variables } },
    });
  test("baseline passes: references by ARN and parameter path", async () => {
    expect(
      await runResourcePolicy(disallowLambdaPlaintextSecrets, {
        type: FUNCTION,
        name: "fn",
        props: fnProps(),
      }),
    ).toEqual({ violations: [], unknowns: [] });
  });
  test.each([["DB_PASSWORD"], ["GITHUB_TOKEN"], ["apiKey"], ["CLIENT_SECRET"], ["PRIVATE_KEY"]])(
    "%s with a literal fails",
    async (name) => {
      expect((await run({ [name]: "s3cr3t-value" })).violations).toEqual([
        {
          urn: urnOf(FUNCTION, "fn"),
          message: `environment.variables.${name} holds a literal value (12 characters), not a reference`,
        },
      ]);
    },
  );
  test.each([
    ["DB_PASSWORD", true],
    ["apiKey", true],
    ["KMS_KEY_ID", false],
    ["SECRET_NAME", false],
    ["TOKEN_PARAMETER_NAME", false],
    ["BUCKET_NAME", false],
    ["MONKEY", false],
    ["RULES_KEY", false],
    ["CHECKPOINT_KEY", false],
    ["KEY", true],
    ["AWS_SECRET_ACCESS_KEY", true],
    ["STRIPE_API_KEY", true],
    ["WEBHOOK_KEY", true],
  ])("isSecretLikeName(%s) is %s", (name, expected) => {
    expect(isSecretLikeName(name)).toBe(expected);
  });
  test("a JSON value is judged field by field: references pass, a literal password field fails", async () => {
    const pairs = [
      {
        rdsSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1",
        dbName: "orders",
      },
    ];
    expect(await run({ SECRET_PAIRS: JSON.stringify(pairs) })).toEqual({
      violations: [],
      unknowns: [],
    });
    const leaky = [{ dbName: "orders", password: "hunter22" }];
    expect((await run({ SECRET_PAIRS: JSON.stringify(leaky) })).violations).toEqual([
      {
        urn: urnOf(FUNCTION, "fn"),
        message:
          "environment.variables.SECRET_PAIRS[0].password holds a literal value, not a reference",
      },
    ]);
  });
  test("an unknown value cannot be checked; not applicable to other types", async () => {
    expect((await run({ DB_PASSWORD: UNKNOWN })).unknowns).toEqual([
      `environment.variables.DB_PASSWORD of ${urnOf(FUNCTION, "fn")}`,
    ]);
    expect(
      (
        await runResourcePolicy(disallowLambdaPlaintextSecrets, {
          type: "aws:iam/role:Role",
          name: "r",
          props: {},
        })
      ).notApplicable,
    ).toBe(`applies only to ${FUNCTION}`);
  });
});

describe("configure-lambda-async-failure-destination", () => {
  const fnUrn = urnOf(FUNCTION, "worker-function");
  test("baseline (DLQ) passes; an on-failure destination passes too; a synchronous-only function passes", async () => {
    expect(await runStackPolicy(configureLambdaAsyncFailureDestination, baseline())).toEqual({
      violations: [],
      unknowns: [],
    });
    const withDestination = [
      ...changeFn({ deadLetterConfig: undefined }),
      {
        type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        name: "worker-async",
        props: {
          functionName: "worker-1234567",
          destinationConfig: {
            onFailure: { destination: "arn:aws:sns:us-east-1:123456789012:failures" },
          },
        },
      },
    ];
    expect(
      (await runStackPolicy(configureLambdaAsyncFailureDestination, withDestination)).violations,
    ).toEqual([]);
    expect(
      (
        await runStackPolicy(
          configureLambdaAsyncFailureDestination,
          changeFn({ deadLetterConfig: undefined }).slice(0, 2),
        )
      ).violations,
    ).toEqual([]);
  });
  test.each([
    [
      "an EventBridge target",
      {
        type: "aws:cloudwatch/eventTarget:EventTarget",
        name: "nightly-target",
        props: { arn: ARN },
      },
    ],
    [
      "an SNS subscription",
      {
        type: "aws:sns/topicSubscription:TopicSubscription",
        name: "nightly-target",
        props: { protocol: "lambda", endpoint: ARN },
      },
    ],
    [
      "an S3 notification",
      {
        type: "aws:s3/bucketNotification:BucketNotification",
        name: "nightly-target",
        props: { lambdaFunctions: [{ lambdaFunctionArn: `${ARN}:live` }] },
      },
    ],
  ])("invoked by %s without DLQ fails", async (_label, invoker) => {
    const resources = [...changeFn({ deadLetterConfig: undefined }).slice(0, 2), invoker];
    expect(await runStackPolicy(configureLambdaAsyncFailureDestination, resources)).toEqual({
      violations: [
        {
          urn: fnUrn,
          message:
            'function "worker-function" is invoked asynchronously by "nightly-target" but has no deadLetterConfig and no on-failure destination',
        },
      ],
      unknowns: [],
    });
  });
  test("an unknown target ARN without dependency cannot be decided; not applicable without functions", async () => {
    const resources = baseline().map((r) =>
      r.name === "nightly-target" ? { ...r, props: { arn: UNKNOWN } } : r,
    );
    expect(
      (await runStackPolicy(configureLambdaAsyncFailureDestination, resources)).unknowns,
    ).toEqual([
      `arn of "nightly-target" of ${urnOf("aws:cloudwatch/eventTarget:EventTarget", "nightly-target")}`,
    ]);
    expect(
      (await runStackPolicy(configureLambdaAsyncFailureDestination, [baseline()[0]])).notApplicable,
    ).toBe(`the stack has no ${FUNCTION}`);
  });
});

describe("configure-lambda-log-retention", () => {
  const fnUrn = urnOf(FUNCTION, "worker-function");
  test("baseline passes", async () => {
    expect(await runStackPolicy(configureLambdaLogRetention, baseline())).toEqual({
      violations: [],
      unknowns: [],
    });
  });
  test.each([
    [
      "no log group of that name",
      changeFn({ loggingConfig: { logGroup: "/elsewhere" } }),
      'function "worker-function" logs to "/elsewhere", which is not a log group of the stack',
    ],
    [
      "the default group is not in the stack",
      changeFn({ loggingConfig: undefined }),
      'function "worker-function" logs to "/aws/lambda/worker-1234567", which is not a log group of the stack',
    ],
    [
      "the log group has no retention",
      baseline().map((r) =>
        r.name === "worker-logs" ? { ...r, props: { name: LOG_GROUP_NAME } } : r,
      ),
      `function "worker-function" logs to "${LOG_GROUP_NAME}", which has no retentionInDays`,
    ],
  ])("%s", async (_label, resources, message) => {
    expect(await runStackPolicy(configureLambdaLogRetention, resources)).toEqual({
      violations: [{ urn: fnUrn, message }],
      unknowns: [],
    });
  });
  test("an unknown log group name cannot be decided", async () => {
    expect(
      (
        await runStackPolicy(
          configureLambdaLogRetention,
          changeFn({ loggingConfig: { logGroup: UNKNOWN } }),
        )
      ).unknowns,
    ).toEqual([`loggingConfig.logGroup of ${fnUrn}`]);
  });
});
