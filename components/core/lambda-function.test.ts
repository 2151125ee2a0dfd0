import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";

let resources: PlannedResource[];

beforeAll(async () => {
  ({ resources } = await runProgram({
    program: async () => {
      const { LambdaFunction } = await import("./lambda-function");
      new LambdaFunction("lister", {
        entry: "components/core/build/fixtures/hello-handler.ts",
        policyStatements: [
          { Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::data" },
        ],
        environment: { BUCKET_NAME: "data" },
      });
      new LambdaFunction("worker", {
        entry: "components/core/build/fixtures/hello-handler.ts",
        policyStatements: [],
        timeout: 900,
        memorySize: 1024,
        reservedConcurrency: 2,
        logRetentionDays: 14,
        deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:worker-dlq",
        onFailureDestinationArn: "arn:aws:sns:us-east-1:123456789012:worker-failures",
        runtime: "nodejs22.x",
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

describe("LambdaFunction", () => {
  test("creates exactly a log group, a role, its inline policy and the function", () => {
    const names = resources
      .filter((resource) => resource.name.startsWith("lister"))
      .map((resource) => `${resource.type} ${resource.name}`)
      .sort();
    expect(names).toEqual([
      "aws:cloudwatch/logGroup:LogGroup lister-logs",
      "aws:iam/role:Role lister-role",
      "aws:iam/rolePolicy:RolePolicy lister-policy",
      "aws:lambda/function:Function lister-function",
      "opsguard:index:LambdaFunction lister",
    ]);
  });

  test("defaults: nodejs24.x on arm64, 60 s, 256 MB, JSON logs to its own group kept 90 days", () => {
    const fn = child("lister-function").inputs;
    expect(fn).toMatchObject({
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      handler: "index.handler",
      timeout: 60,
      memorySize: 256,
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/opsguard/dev/lister" },
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", BUCKET_NAME: "data" } },
      role: child("lister-role").state.arn,
    });
    expect(fn.sourceCodeHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fn.reservedConcurrentExecutions).toBeUndefined();
    expect(fn.deadLetterConfig).toBeUndefined();
    expect(child("lister-logs").inputs).toMatchObject({ retentionInDays: 90 });
  });

  test("the role trusts only Lambda and its policy is exactly the given statements plus its own logs", () => {
    expect(JSON.parse(child("lister-role").inputs.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    const logGroupArn = child("lister-logs").state.arn;
    expect(JSON.parse(child("lister-policy").inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroupArn}:*`,
        },
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::data" },
      ],
    });
  });

  test("overrides, a dead-letter queue and an on-failure destination with the sends they need", () => {
    expect(child("worker-function").inputs).toMatchObject({
      runtime: "nodejs22.x",
      timeout: 900,
      memorySize: 1024,
      reservedConcurrentExecutions: 2,
      deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:123456789012:worker-dlq" },
    });
    expect(child("worker-logs").inputs).toMatchObject({ retentionInDays: 14 });
    expect(child("worker-async").inputs).toMatchObject({
      maximumRetryAttempts: 2,
      destinationConfig: {
        onFailure: { destination: "arn:aws:sns:us-east-1:123456789012:worker-failures" },
      },
    });
    const statements = JSON.parse(child("worker-policy").inputs.policy as string).Statement;
    expect(statements.slice(1)).toEqual([
      {
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: "arn:aws:sqs:us-east-1:123456789012:worker-dlq",
      },
      {
        Sid: "SendToOnFailureDestination",
        Effect: "Allow",
        Action: ["sns:Publish"],
        Resource: "arn:aws:sns:us-east-1:123456789012:worker-failures",
      },
    ]);
  });
});
