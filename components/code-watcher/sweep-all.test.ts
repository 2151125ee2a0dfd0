// A second program run needs its own test file: runProgram sets the process-wide Pulumi mocks.
import { runProgram, type ProgramRun } from "../../tools/mock-runtime/run-program";

describe("CodeWatcher sweeping every function into an existing bucket", () => {
  let run: ProgramRun;
  beforeAll(async () => {
    run = await runProgram({
      program: () => import("../../test/support/code-watcher/program"),
      config: {
        "aws:region": "us-east-1",
        "opsguard:codeWatcher": {
          bucketName: "acme-lambda-backups",
          destPrefix: "code",
          statePrefix: "state/code-watcher",
          sweepAllFunctions: true,
          schedule: "rate(6 hours)",
        },
      },
    });
  });

  test("no bucket is created; the role may list and read every function, and nothing of KMS", () => {
    // The one key encrypts the alarm topic, which the role never touches.
    expect(
      run.resources
        .filter((r) => r.type.startsWith("aws:s3/") || r.type.startsWith("aws:kms/"))
        .map((r) => `${r.type} ${r.name}`),
    ).toEqual(["aws:kms/key:Key code-watcher-alarm-key"]);
    const policy = run.resources.find((r) => r.name === "code-watcher-watcher-policy")!;
    const statements = JSON.parse(policy.inputs.policy as string).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual([
      "WriteOwnLogs",
      "ReadFunctionCode",
      "ListFunctions",
      "EnsureVersioning",
      "ReadWriteBackups",
      "SendToDeadLetterQueue",
    ]);
    expect(statements[1].Resource).toEqual(["arn:aws:lambda:us-east-1:123456789012:function:*"]);
    expect(statements[2]).toEqual({
      Sid: "ListFunctions",
      Effect: "Allow",
      Action: ["lambda:ListFunctions"],
      Resource: "*",
    });
    // An existing bucket may not be versioned yet: only then may the watcher turn versioning on.
    expect(statements[3]).toEqual({
      Sid: "EnsureVersioning",
      Effect: "Allow",
      Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning"],
      Resource: "arn:aws:s3:::acme-lambda-backups",
    });
    expect(statements[4].Resource).toEqual([
      "arn:aws:s3:::acme-lambda-backups/code/*",
      "arn:aws:s3:::acme-lambda-backups/state/code-watcher/*",
    ]);
    expect(statements[5]).toEqual({
      Sid: "SendToDeadLetterQueue",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: "arn:aws:sqs:us-east-1:123456789012:code-watcher-dlq-a95df3e",
    });
  });

  test("the watcher sweeps everything and the rule watches every function", () => {
    const fn = run.resources.find((r) => r.name === "code-watcher-watcher-function")!;
    expect((fn.inputs.environment as { variables: unknown }).variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      DEST_BUCKET: "acme-lambda-backups",
      DEST_PREFIX: "code",
      STATE_PREFIX: "state/code-watcher",
      SWEEP_ALL_FUNCTIONS: "true",
    });
    const rule = run.resources.find((r) => r.name === "code-watcher-deployments")!;
    expect(JSON.parse(rule.inputs.eventPattern as string)).toEqual({
      source: ["aws.lambda"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["lambda.amazonaws.com"],
        eventName: [{ prefix: "UpdateFunctionCode" }, { prefix: "PublishVersion" }],
        errorCode: [{ exists: false }],
      },
    });
  });
});
