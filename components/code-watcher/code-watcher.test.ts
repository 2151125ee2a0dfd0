import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeWatcherArgsFromConfig, codeWatcherConfigSchema } from "../../config/code-watcher";
import {
  runProgram,
  type PlannedResource,
  type ProgramRun,
} from "../../tools/mock-runtime/run-program";
import { matchesPattern } from "../../test/support/code-watcher/event-pattern-matcher";
import { codeWatcherEventPattern } from "./index";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BUCKET = "code-watcher-backups-bucket-357133a";
const DEPLOYMENTS_RULE =
  "arn:aws:events:eu-west-1:123456789012:rule/code-watcher-deployments-c494b69";
const SCHEDULE_RULE = "arn:aws:events:eu-west-1:123456789012:rule/code-watcher-schedule-52cdfaa";
const DLQ_ARN = "arn:aws:sqs:eu-west-1:123456789012:code-watcher-dlq-a95df3e";
const fixture = (file: string) =>
  JSON.parse(
    readFileSync(
      join(__dirname, "..", "..", "test", "fixtures", "events", "cloudtrail-lambda", file),
      "utf8",
    ),
  ) as Record<string, unknown>;

describe("CodeWatcher with watched functions, a KMS key and a schedule", () => {
  let run: ProgramRun;
  const find = (name: string): PlannedResource => {
    const found = run.resources.find((resource) => resource.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };

  beforeAll(async () => {
    run = await runProgram({
      program: () => import("../../test/support/code-watcher/program"),
      config: {
        "aws:region": "eu-west-1",
        "opsguard:codeWatcher": {
          watchedFunctions: ["orders-api", "billing-worker"],
          kmsKeyArn: KEY,
          schedule: "rate(1 day)",
        },
      },
    });
  });

  test("creates exactly these resources, all under the component", () => {
    const component = find("code-watcher");
    expect(component.type).toBe("opsguard:index:CodeWatcher");
    const direct = run.resources.filter((r) => r.parent === component.urn);
    expect(direct.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:cloudwatch/eventRule:EventRule code-watcher-deployments",
      "aws:cloudwatch/eventRule:EventRule code-watcher-schedule",
      "aws:cloudwatch/eventTarget:EventTarget code-watcher-deployments-target",
      "aws:cloudwatch/eventTarget:EventTarget code-watcher-schedule-target",
      "aws:cloudwatch/metricAlarm:MetricAlarm code-watcher-dlq-dead-letters",
      "aws:cloudwatch/metricAlarm:MetricAlarm code-watcher-watcher-errors",
      "aws:kms/key:Key code-watcher-alarm-key",
      "aws:lambda/permission:Permission code-watcher-deployments-permission",
      "aws:lambda/permission:Permission code-watcher-schedule-permission",
      "aws:sns/topic:Topic code-watcher-alarm-topic",
      "aws:sqs/queue:Queue code-watcher-dlq",
      "aws:sqs/queuePolicy:QueuePolicy code-watcher-dlq-policy",
      "opsguard:index:LambdaFunction code-watcher-watcher",
      "opsguard:index:SecureBucket code-watcher-backups",
    ]);
    expect(run.resources).toHaveLength(25);
  });

  test("the bucket uses the given KMS key", () => {
    const encryption = find("code-watcher-backups-encryption").inputs as {
      rules: { applyServerSideEncryptionByDefault: unknown }[];
    };
    expect(encryption.rules[0].applyServerSideEncryptionByDefault).toEqual({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: KEY,
    });
    // The bucket makes no key of its own: the only one encrypts the alarm topic.
    expect(run.resources.filter((r) => r.type === "aws:kms/key:Key").map((r) => r.name)).toEqual([
      "code-watcher-alarm-key",
    ]);
  });

  test("the role may do exactly what the watcher does, on the watched functions only", () => {
    const policy = JSON.parse(find("code-watcher-watcher-policy").inputs.policy as string);
    const bucketArn = `arn:aws:s3:::${BUCKET}`;
    expect(policy.Statement).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource:
          "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/opsguard/dev/code-watcher-watcher:*",
      },
      {
        Sid: "ReadFunctionCode",
        Effect: "Allow",
        Action: ["lambda:GetFunction"],
        Resource: [
          "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
          "arn:aws:lambda:eu-west-1:123456789012:function:orders-api:*",
          "arn:aws:lambda:eu-west-1:123456789012:function:billing-worker",
          "arn:aws:lambda:eu-west-1:123456789012:function:billing-worker:*",
        ],
      },
      {
        Sid: "EnsureVersioning",
        Effect: "Allow",
        Action: ["s3:GetBucketVersioning"],
        Resource: bucketArn,
      },
      {
        Sid: "ReadWriteBackups",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [`${bucketArn}/lambda-code-backups/*`],
      },
      {
        Sid: "UseBucketKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: KEY,
      },
      {
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: DLQ_ARN,
      },
    ]);
  });

  test("the watcher's environment", () => {
    const fn = find("code-watcher-watcher-function").inputs as {
      environment: { variables: Record<string, string> };
      timeout: number;
    };
    expect(fn.environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      DEST_BUCKET: BUCKET,
      DEST_PREFIX: "lambda-code-backups",
      STATE_PREFIX: "lambda-code-backups/.state",
      TARGET_FUNCTIONS: "orders-api,billing-worker",
    });
    expect(fn.timeout).toBe(300);
  });

  test("the deployment rule's pattern", () => {
    expect(JSON.parse(find("code-watcher-deployments").inputs.eventPattern as string)).toEqual(
      codeWatcherEventPattern({
        watchedFunctions: ["orders-api", "billing-worker"],
        region: "eu-west-1",
        accountId: "123456789012",
      }),
    );
    expect(find("code-watcher-schedule").inputs.scheduleExpression).toBe("rate(1 day)");
  });

  test.each([
    ["deployments", DEPLOYMENTS_RULE],
    ["schedule", SCHEDULE_RULE],
  ])("%s: target with the DLQ, and a permission for that rule only", (role, ruleArn) => {
    const functionArn =
      "arn:aws:lambda:eu-west-1:123456789012:function:code-watcher-watcher-function-69523c9";
    expect(find(`code-watcher-${role}-target`).inputs).toEqual({
      rule: ruleArn.split("/")[1],
      arn: functionArn,
      deadLetterConfig: { arn: DLQ_ARN },
      retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    });
    expect(find(`code-watcher-${role}-permission`).inputs).toEqual({
      action: "lambda:InvokeFunction",
      function: "code-watcher-watcher-function-69523c9",
      principal: "events.amazonaws.com",
      sourceArn: ruleArn,
    });
  });

  test("the DLQ is encrypted; the two rules, and the watcher through its role, send to it", () => {
    expect(find("code-watcher-dlq").inputs).toEqual({
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
      tags: { team: "platform" },
    });
    expect(JSON.parse(find("code-watcher-dlq-policy").inputs.policy as string).Statement).toEqual([
      {
        Sid: "EventBridgeDeadLetters",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: DLQ_ARN,
        Condition: { ArnEquals: { "aws:SourceArn": [DEPLOYMENTS_RULE, SCHEDULE_RULE] } },
      },
    ]);
    expect(find("code-watcher-watcher-function").inputs.deadLetterConfig).toEqual({
      targetArn: DLQ_ARN,
    });
    // A DLQ alone: no FunctionEventInvokeConfig, so Lambda's default two retries stay.
    expect(run.resources.some((r) => r.name === "code-watcher-watcher-async")).toBe(false);
  });
});

describe("codeWatcherEventPattern", () => {
  const everyFunction = codeWatcherEventPattern({ region: "us-east-1", accountId: "123456789012" });
  const watching = (names: string[]) =>
    codeWatcherEventPattern({
      watchedFunctions: names,
      region: "us-east-1",
      accountId: "123456789012",
    });
  const withoutResponse = (file: string) => {
    const event = fixture(file);
    (event.detail as Record<string, unknown>).responseElements = null;
    return event;
  };

  test.each([
    ["update-function-code-by-name.json", true],
    ["update-function-code-by-arn.json", true],
    ["publish-version.json", true],
    ["update-function-configuration.json", false],
    ["update-function-code-access-denied.json", false],
  ])("every function: %s → %s", (file, matches) => {
    expect(matchesPattern(fixture(file), everyFunction)).toBe(matches);
  });

  test.each([
    ["orders-api by name", fixture("update-function-code-by-name.json"), ["orders-api"], true],
    [
      "orders-api by ARN only",
      withoutResponse("update-function-code-by-arn.json"),
      ["orders-api"],
      true,
    ],
    [
      "orders-api by partial ARN only",
      withoutResponse("update-function-code-by-partial-arn.json"),
      ["orders-api"],
      true,
    ],
    ["publish of orders-api", fixture("publish-version.json"), ["orders-api"], true],
    [
      "orders-api, not watched",
      fixture("update-function-code-by-name.json"),
      ["billing-worker"],
      false,
    ],
    [
      "orders-api ARN, not watched",
      withoutResponse("update-function-code-by-arn.json"),
      ["orders"],
      false,
    ],
    [
      "a configuration change",
      fixture("update-function-configuration.json"),
      ["orders-api"],
      false,
    ],
  ])("watching: %s", (_what, event, names, matches) => {
    expect(matchesPattern(event, watching(names))).toBe(matches);
  });

  test("another source does not match", () => {
    expect(
      matchesPattern(
        { ...fixture("update-function-code-by-name.json"), source: "aws.s3" },
        everyFunction,
      ),
    ).toBe(false);
  });
});

describe("codeWatcherConfigSchema", () => {
  test("maps a full config to the component's args", () => {
    const config = codeWatcherConfigSchema.parse({
      watchedFunctions: ["orders-api"],
      bucketName: "acme-lambda-backups",
      kmsKeyArn: KEY,
      destPrefix: "lambda/code",
      schedule: "cron(0 3 * * ? *)",
    });
    expect(codeWatcherArgsFromConfig(config, { team: "platform" })).toEqual({
      watchedFunctions: ["orders-api"],
      bucketName: "acme-lambda-backups",
      kmsKeyArn: KEY,
      destPrefix: "lambda/code",
      schedule: "cron(0 3 * * ? *)",
      tags: { team: "platform" },
    });
  });

  test.each([
    [{ bucket: "x" }, 'Unrecognized key: "bucket"'],
    [{ schedule: "daily", sweepAllFunctions: true }, "must be an EventBridge schedule expression"],
    [{ destPrefix: "/backups/" }, "must be an S3 key prefix without leading or trailing /"],
  ])("rejects %j", (config, message) => {
    const result = codeWatcherConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining(message),
    ]);
  });
});
