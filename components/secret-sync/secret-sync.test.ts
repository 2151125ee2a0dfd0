import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";
import { secretSyncArgsFromConfig, secretSyncConfigSchema } from "../../config/secret-sync";
import { SecretSync, type SecretSyncArgs } from "./index";

const RDS_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1a2b-AbCdEf";
const CUSTOM_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-db-url-GhIjKl";
const RDS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const CUSTOM_KEY = "arn:aws:kms:us-east-1:123456789012:key/2222";
const SERVICE_ARN = "arn:aws:apprunner:us-east-1:123456789012:service/web/0123456789abcdef";
const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
const PAIRS = [{ rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN }];
const DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:sync-dlq-c9f10d1";
const SEND_TO_DLQ = {
  Sid: "SendToDeadLetterQueue",
  Effect: "Allow",
  Action: ["sqs:SendMessage"],
  Resource: DLQ_ARN,
};

async function plan(args: SecretSyncArgs) {
  const run = await runProgram({
    program: async () => {
      const sync = new SecretSync("sync", args);
      return { deadLetterQueueArn: sync.deadLetterQueueArn };
    },
  });
  const byName = (name: string): PlannedResource => {
    const found = run.resources.find((resource) => resource.name === name);
    if (!found) throw new Error(`no resource ${name}`);
    return found;
  };
  const statements = JSON.parse(byName("sync-handler-policy").inputs.policy as string).Statement;
  return { run, byName, statements: statements.slice(1) /* [0] is the log group's */ };
}

describe("SecretSync", () => {
  test("one pair: least-privilege role, twice-daily schedule and the rotation event", async () => {
    const { run, byName, statements } = await plan({
      pairs: [{ rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN }],
    });

    expect(run.resources.map((resource) => `${resource.type} ${resource.name}`).sort()).toEqual(
      [
        "opsguard:index:SecretSync sync",
        "opsguard:index:LambdaFunction sync-handler",
        "aws:cloudwatch/logGroup:LogGroup sync-handler-logs",
        "aws:iam/role:Role sync-handler-role",
        "aws:iam/rolePolicy:RolePolicy sync-handler-policy",
        "aws:lambda/function:Function sync-handler-function",
        "aws:cloudwatch/eventRule:EventRule sync-schedule",
        "aws:cloudwatch/eventTarget:EventTarget sync-schedule-target",
        "aws:lambda/permission:Permission sync-schedule-permission",
        "aws:cloudwatch/eventRule:EventRule sync-rotation",
        "aws:cloudwatch/eventTarget:EventTarget sync-rotation-target",
        "aws:lambda/permission:Permission sync-rotation-permission",
        "aws:sqs/queue:Queue sync-dlq",
        "aws:sqs/queuePolicy:QueuePolicy sync-dlq-policy",
        "aws:kms/key:Key sync-alarm-key",
        "aws:sns/topic:Topic sync-alarm-topic",
        "aws:cloudwatch/metricAlarm:MetricAlarm sync-sync-errors",
        "aws:cloudwatch/metricAlarm:MetricAlarm sync-dlq-dead-letters",
        "aws:cloudwatch/metricAlarm:MetricAlarm sync-sync-failures",
      ].sort(),
    );
    expect(statements).toEqual([
      {
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [RDS_ARN, CUSTOM_ARN],
      },
      {
        Sid: "WriteCustomSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:PutSecretValue"],
        Resource: [CUSTOM_ARN],
      },
      SEND_TO_DLQ,
    ]);
    expect(byName("sync-schedule").inputs.scheduleExpression).toBe("rate(12 hours)");
    expect(JSON.parse(byName("sync-rotation").inputs.eventPattern as string)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: {
        eventSource: ["secretsmanager.amazonaws.com"],
        eventName: ["RotationSucceeded"],
        additionalEventData: { SecretId: [RDS_ARN] },
      },
    });
    const fn = byName("sync-handler-function");
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(JSON.parse(variables.SECRET_PAIRS)).toEqual([
      { rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN },
    ]);
    expect(variables.PG_SSLMODE).toBe("require");
    for (const trigger of ["schedule", "rotation"]) {
      expect(byName(`sync-${trigger}-target`).inputs.arn).toBe(fn.state.arn);
      expect(byName(`sync-${trigger}-permission`).inputs).toMatchObject({
        principal: "events.amazonaws.com",
        sourceArn: byName(`sync-${trigger}`).state.arn,
      });
    }
  });

  test("failed deliveries and failed invocations land in one encrypted dead-letter queue", async () => {
    const { run, byName } = await plan({ pairs: PAIRS, tags: { team: "platform" } });

    expect(byName("sync-dlq").inputs).toEqual({
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
      tags: { team: "platform" },
    });
    expect(byName("sync-dlq").state.arn).toBe(DLQ_ARN);
    expect(run.outputs).toEqual({ deadLetterQueueArn: DLQ_ARN });
    expect(byName("sync-handler-function").inputs.deadLetterConfig).toEqual({
      targetArn: DLQ_ARN,
    });
    // A DLQ alone: no FunctionEventInvokeConfig, so Lambda's default two retries stay.
    expect(run.resources.some((r) => r.name === "sync-handler-async")).toBe(false);
    const functionArn =
      "arn:aws:lambda:us-east-1:123456789012:function:sync-handler-function-63bcf68";
    expect(byName("sync-schedule-target").inputs).toEqual({
      rule: "sync-schedule-db056e0",
      arn: functionArn,
      deadLetterConfig: { arn: DLQ_ARN },
    });
    expect(byName("sync-rotation-target").inputs).toEqual({
      rule: "sync-rotation-e72cacb",
      arn: functionArn,
      deadLetterConfig: { arn: DLQ_ARN },
    });
    expect(byName("sync-dlq-policy").inputs.queueUrl).toBe(
      "https://sqs.us-east-1.amazonaws.com/123456789012/sync-dlq-c9f10d1",
    );
    expect(JSON.parse(byName("sync-dlq-policy").inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeDeadLetters",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: DLQ_ARN,
          Condition: {
            ArnEquals: {
              "aws:SourceArn": [
                "arn:aws:events:us-east-1:123456789012:rule/sync-schedule-db056e0",
                "arn:aws:events:us-east-1:123456789012:rule/sync-rotation-e72cacb",
              ],
            },
          },
        },
      ],
    });
    const role = JSON.parse(byName("sync-handler-policy").inputs.policy as string).Statement;
    expect(role.filter((s: { Action: string[] }) => s.Action.includes("sqs:SendMessage"))).toEqual([
      SEND_TO_DLQ,
    ]);
  });

  test("keys, App Runner and ECS: each grant names only its own resource", async () => {
    const { byName, statements } = await plan({
      pairs: [
        {
          rdsSecretArn: RDS_ARN,
          customSecretArn: CUSTOM_ARN,
          rdsSecretKmsKeyArn: RDS_KEY,
          customSecretKmsKeyArn: CUSTOM_KEY,
          dbPort: 6432,
        },
      ],
      schedule: "cron(0 0,12 * * ? *)",
      sslmode: "verify-full",
      appRunnerServiceArn: SERVICE_ARN,
      ecsService: { clusterArn: CLUSTER_ARN, serviceName: "web" },
    });

    const viaSecretsManager = {
      StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
    };
    expect(statements.slice(1)).toEqual([
      {
        Sid: "WriteCustomSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
        Resource: [CUSTOM_ARN],
      },
      {
        Sid: "DecryptSecrets",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [RDS_KEY, CUSTOM_KEY],
        Condition: viaSecretsManager,
      },
      {
        Sid: "EncryptCustomSecrets",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: [CUSTOM_KEY],
        Condition: viaSecretsManager,
      },
      {
        Sid: "RedeployAppRunner",
        Effect: "Allow",
        Action: ["apprunner:StartDeployment"],
        Resource: SERVICE_ARN,
      },
      {
        Sid: "RedeployEcsService",
        Effect: "Allow",
        Action: ["ecs:UpdateService"],
        Resource: "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
      },
      SEND_TO_DLQ,
    ]);
    expect(byName("sync-schedule").inputs.scheduleExpression).toBe("cron(0 0,12 * * ? *)");
    const fn = byName("sync-handler-function");
    const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      PG_SSLMODE: "verify-full",
      APP_RUNNER_SERVICE_ARN: SERVICE_ARN,
      ECS_CLUSTER: CLUSTER_ARN,
      ECS_SERVICE: "web",
    });
    expect(JSON.parse(variables.SECRET_PAIRS)).toEqual([
      { rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN, dbPort: 6432 },
    ]);
  });
});

describe("secretSyncConfigSchema", () => {
  test("stack config becomes component args", () => {
    const config = secretSyncConfigSchema.parse({
      pairs: [
        { rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN, customSecretKmsKeyArn: CUSTOM_KEY },
      ],
      schedule: "rate(6 hours)",
      appRunnerServiceArn: SERVICE_ARN,
    });

    expect(secretSyncArgsFromConfig(config)).toEqual({
      pairs: [
        { rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN, customSecretKmsKeyArn: CUSTOM_KEY },
      ],
      schedule: "rate(6 hours)",
      sslmode: undefined,
      appRunnerServiceArn: SERVICE_ARN,
      ecsService: undefined,
    });
  });

  test.each([
    ["no pairs", { pairs: [] }, "pairs"],
    [
      "an unknown pair key",
      { pairs: [{ rdsSecretArn: RDS_ARN, customSecretArn: CUSTOM_ARN, x: 1 }] },
      "pairs.0",
    ],
    [
      "a name, not an ARN",
      { pairs: [{ rdsSecretArn: RDS_ARN, customSecretArn: "db-url" }] },
      "pairs.0.customSecretArn",
    ],
    ["a bad schedule", { pairs: PAIRS, schedule: "12h" }, "schedule"],
    ["an unknown key", { pairs: PAIRS, unknown: true }, ""],
  ])("rejects %s at %j", (_, value, path) => {
    const result = secretSyncConfigSchema.safeParse(value);

    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join(".")).toBe(path);
  });

  test("a failed sync, a failed invocation and a dead letter each alarm to the given topic", async () => {
    const topicArn = "arn:aws:sns:us-east-1:123456789012:alerts";
    const { run, byName } = await plan({ pairs: PAIRS, alarmTopicArn: topicArn });
    const functionName = byName("sync-handler-function").state.name;
    expect(byName("sync-sync-failures").inputs).toMatchObject({
      namespace: "opsguard/SecretSync",
      metricName: "SyncFailed",
      dimensions: { service: "secret-sync", FunctionName: functionName },
      alarmActions: [topicArn],
    });
    expect(byName("sync-sync-errors").inputs).toMatchObject({
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      alarmActions: [topicArn],
    });
    expect(byName("sync-dlq-dead-letters").inputs).toMatchObject({
      dimensions: { QueueName: byName("sync-dlq").state.name },
      alarmActions: [topicArn],
    });
    expect(run.resources.filter((r) => r.type === "aws:sns/topic:Topic")).toEqual([]);
  });
});
