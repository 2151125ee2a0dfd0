import { runProgram, type PlannedResource } from "../../tools/mock-runtime/run-program";
import { trailBackupArgsFromConfig, trailBackupConfigSchema } from "../../config/trail-backup";

let resources: PlannedResource[];

beforeAll(async () => {
  ({ resources } = await runProgram({
    program: async () => {
      const { TrailBackup } = await import(".");
      const config = trailBackupConfigSchema.parse({
        sourceBucketName: "org-trail-logs",
        sourcePrefix: "AWSLogs/",
        archive: { storageClass: "DEEP_ARCHIVE", afterDays: 7 },
        objectLock: { mode: "GOVERNANCE", days: 365 },
        sourceKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/trail-key",
        alarmEmails: ["sec@example.com", "ops@example.com"],
      });
      new TrailBackup("trail", trailBackupArgsFromConfig(config));
      new TrailBackup("plain", { sourceBucketName: "plain-logs" });
      new TrailBackup("small", {
        sourceBucketName: "small-logs",
        archiveMinimumObjectSize: 0,
        layout: "any",
      });
      return {};
    },
  }));
}, 120_000);

const child = (name: string) => {
  const found = resources.filter((resource) => resource.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const policyOf = (name: string) => JSON.parse(child(name).inputs.policy as string);
const DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:trail-dlq-bef6cc5";

describe("TrailBackup", () => {
  test("creates exactly its children, each a child of the component", () => {
    const own = resources.filter((r) => r.parent === child("trail").urn);
    expect(own.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:cloudwatch/eventRule:EventRule trail-schedule",
      "aws:cloudwatch/eventTarget:EventTarget trail-schedule-target",
      "aws:cloudwatch/metricAlarm:MetricAlarm trail-backup-errors",
      "aws:cloudwatch/metricAlarm:MetricAlarm trail-dlq-dead-letters",
      "aws:cloudwatch/metricAlarm:MetricAlarm trail-objects-failures",
      "aws:iam/role:Role trail-batch-role",
      "aws:iam/rolePolicy:RolePolicy trail-batch-policy",
      "aws:iam/rolePolicy:RolePolicy trail-self-invoke",
      "aws:kms/key:Key trail-alarm-key",
      "aws:lambda/permission:Permission trail-schedule-permission",
      "aws:sns/topic:Topic trail-alarm-topic",
      "aws:sns/topicSubscription:TopicSubscription trail-alarm-subscription-0",
      "aws:sns/topicSubscription:TopicSubscription trail-alarm-subscription-1",
      "aws:sqs/queue:Queue trail-dlq",
      "aws:sqs/queuePolicy:QueuePolicy trail-dlq-policy",
      "opsguard:index:LambdaFunction trail-function",
      "opsguard:index:SecureBucket trail-backup",
    ]);
  });

  test("the role may do exactly what the handler does, on the narrowest ARNs", () => {
    const bucket = child("trail-backup-bucket").state.bucket;
    const keyArn = child("trail-backup-key").state.arn;
    const logGroupArn = child("trail-function-logs").state.arn;

    expect(policyOf("trail-function-policy").Statement).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroupArn}:*`,
      },
      {
        Sid: "ListSource",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: "arn:aws:s3:::org-trail-logs",
        Condition: { StringLike: { "s3:prefix": ["AWSLogs/*"] } },
      },
      {
        Sid: "ReadSourceObjects",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: "arn:aws:s3:::org-trail-logs/AWSLogs/*",
      },
      {
        Sid: "ListBackupPrefixAndCheckpoint",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: {
          StringLike: {
            "s3:prefix": [
              "cloudtrail-backup/AWSLogs/*",
              "trail-backup-state/checkpoint.json",
              "trail-backup-state/layout.json",
            ],
          },
        },
      },
      {
        Sid: "WriteBackups",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: `arn:aws:s3:::${bucket}/cloudtrail-backup/AWSLogs/*`,
      },
      {
        Sid: "ReadWriteCheckpoint",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: [
          `arn:aws:s3:::${bucket}/trail-backup-state/checkpoint.json`,
          `arn:aws:s3:::${bucket}/trail-backup-state/layout.json`,
        ],
      },
      {
        Sid: "UseBackupKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: keyArn,
      },
      {
        Sid: "SubmitAndFollowBatchCopyJobs",
        Effect: "Allow",
        Action: ["s3:CreateJob", "s3:DescribeJob"],
        Resource: "*",
      },
      {
        Sid: "PassBatchOperationsRole",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: child("trail-batch-role").state.arn,
        Condition: { StringEquals: { "iam:PassedToService": "batchoperations.s3.amazonaws.com" } },
      },
      {
        Sid: "WriteBatchManifests",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: `arn:aws:s3:::${bucket}/trail-backup-state/batch/manifests/*`,
      },
      {
        Sid: "ReadBatchReports",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: `arn:aws:s3:::${bucket}/trail-backup-state/batch/reports/*`,
      },
      {
        Sid: "DecryptSource",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: "arn:aws:kms:us-east-1:123456789012:key/trail-key",
      },
      {
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: DLQ_ARN,
      },
    ]);
    expect(policyOf("trail-self-invoke").Statement).toEqual([
      {
        Sid: "ContinueInNewInvocation",
        Effect: "Allow",
        Action: ["lambda:InvokeFunction"],
        Resource: child("trail-function-function").state.arn,
      },
    ]);
    expect(child("trail-self-invoke").inputs.role).toBe(child("trail-function-role").state.name);
  });

  test("without a source prefix, ListBucket has no condition and reads cover the bucket", () => {
    const statements = policyOf("plain-function-policy").Statement;
    expect(statements[1]).toEqual({
      Sid: "ListSource",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: "arn:aws:s3:::plain-logs",
    });
    expect(statements[2].Resource).toBe("arn:aws:s3:::plain-logs/*");
    expect(statements[3].Condition).toEqual({
      StringLike: {
        "s3:prefix": [
          "cloudtrail-backup/*",
          "trail-backup-state/checkpoint.json",
          "trail-backup-state/layout.json",
        ],
      },
    });
    expect(statements.map((s: { Sid: string }) => s.Sid)).not.toContain("DecryptSource");
  });

  test("the function runs the handler alone, for up to 900 s, with its settings", () => {
    const fn = child("trail-function-function").inputs;
    expect(fn.timeout).toBe(900);
    expect(fn.reservedConcurrentExecutions).toBe(1);
    expect((fn.environment as { variables: Record<string, string> }).variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      SOURCE_BUCKET: "org-trail-logs",
      SOURCE_PREFIX: "AWSLogs/",
      BACKUP_BUCKET: child("trail-backup-bucket").state.bucket,
      BACKUP_PREFIX: "cloudtrail-backup/",
      THRESHOLD_DAYS: "85",
      CHECKPOINT_KEY: "trail-backup-state/checkpoint.json",
      CONTINUE_BY_SELF_INVOKE: "true",
      LAYOUT: "cloudtrail",
      BATCH_OPERATIONS_THRESHOLD: "100000",
      BATCH_OPERATIONS_ROLE_ARN: child("trail-batch-role").state.arn,
    });
    expect(child("trail-function-async").inputs.maximumRetryAttempts).toBe(0);
  });

  test("the schedule invokes the function daily at 02:00 UTC, with permission", () => {
    const functionArn = child("trail-function-function").state.arn;
    expect(child("trail-schedule").inputs.scheduleExpression).toBe("cron(0 2 * * ? *)");
    expect(child("trail-schedule-target").inputs).toMatchObject({
      rule: child("trail-schedule").state.name,
      arn: functionArn,
    });
    expect(child("trail-schedule-permission").inputs).toMatchObject({
      action: "lambda:InvokeFunction",
      function: child("trail-function-function").state.name,
      principal: "events.amazonaws.com",
      sourceArn: child("trail-schedule").state.arn,
    });
  });

  test("a failed run, not retried, and an undelivered schedule event land in an encrypted DLQ", () => {
    expect(child("trail-dlq").inputs).toEqual({
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
    });
    expect(child("trail-dlq").state.arn).toBe(DLQ_ARN);
    expect(child("trail-function-function").inputs.deadLetterConfig).toEqual({
      targetArn: DLQ_ARN,
    });
    expect(child("trail-function-async").inputs).toEqual({
      functionName: "trail-function-function-a7b89ee",
      maximumRetryAttempts: 0,
    });
    expect(child("trail-schedule-target").inputs).toEqual({
      rule: "trail-schedule-ca60e00",
      arn: "arn:aws:lambda:us-east-1:123456789012:function:trail-function-function-a7b89ee",
      deadLetterConfig: { arn: DLQ_ARN },
    });
    expect(child("trail-dlq-policy").inputs.queueUrl).toBe(
      "https://sqs.us-east-1.amazonaws.com/123456789012/trail-dlq-bef6cc5",
    );
    expect(policyOf("trail-dlq-policy")).toEqual({
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
              "aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/trail-schedule-ca60e00",
            },
          },
        },
      ],
    });
    expect(child("plain-function-function").inputs.deadLetterConfig).toEqual({
      targetArn: child("plain-dlq").state.arn,
    });
  });

  test("backups move to the configured archive class; old checkpoints expire; Object Lock is on", () => {
    expect(child("trail-backup-lifecycle").inputs.rules).toEqual([
      {
        id: "archive-backups",
        status: "Enabled",
        filter: { prefix: "cloudtrail-backup/" },
        transitions: [{ days: 7, storageClass: "DEEP_ARCHIVE" }],
        noncurrentVersionTransitions: [{ noncurrentDays: 7, storageClass: "DEEP_ARCHIVE" }],
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
      {
        id: "expire-old-checkpoints",
        status: "Enabled",
        filter: { prefix: "trail-backup-state/" },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
        expiration: { expiredObjectDeleteMarker: true },
      },
    ]);
    expect(child("plain-backup-lifecycle").inputs.rules).toMatchObject([
      { transitions: [{ days: 30, storageClass: "GLACIER" }] },
      {},
    ]);
    expect(child("trail-backup-object-lock").inputs.rule).toEqual({
      defaultRetention: { mode: "GOVERNANCE", days: 365 },
    });
    expect(resources.some((r) => r.name === "plain-backup-object-lock")).toBe(false);
  });

  test("archiveMinimumObjectSize replaces S3's 128 KB minimum with a size filter; layout reaches the handler", () => {
    expect(child("small-backup-lifecycle").inputs.rules).toMatchObject([
      {
        id: "archive-backups",
        filter: { and: { prefix: "cloudtrail-backup/", objectSizeGreaterThan: 0 } },
      },
      { id: "expire-old-checkpoints" },
    ]);
    const fn = child("small-function-function").inputs;
    expect((fn.environment as { variables: Record<string, string> }).variables).toMatchObject({
      LAYOUT: "any",
      BATCH_OPERATIONS_THRESHOLD: "0",
    });
    expect(resources.some((r) => r.name === "small-batch-role")).toBe(false);
  });

  test("Batch Operations jobs run as a role only they may assume, limited to the copy", () => {
    const bucket = child("trail-backup-bucket").state.bucket;
    expect(JSON.parse(child("trail-batch-role").inputs.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "batchoperations.s3.amazonaws.com" },
          Action: ["sts:AssumeRole"],
        },
      ],
    });
    expect(child("trail-batch-policy").inputs.role).toBe(child("trail-batch-role").state.name);
    expect(policyOf("trail-batch-policy").Statement).toEqual([
      {
        Sid: "ReadSourceObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: "arn:aws:s3:::org-trail-logs/AWSLogs/*",
      },
      {
        Sid: "WriteBackups",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: `arn:aws:s3:::${bucket}/cloudtrail-backup/AWSLogs/*`,
      },
      {
        Sid: "ReadManifests",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `arn:aws:s3:::${bucket}/trail-backup-state/batch/manifests/*`,
      },
      {
        Sid: "WriteReports",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: `arn:aws:s3:::${bucket}/trail-backup-state/batch/reports/*`,
      },
      {
        Sid: "UseBackupKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: child("trail-backup-key").state.arn,
      },
      {
        Sid: "DecryptSource",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: "arn:aws:kms:us-east-1:123456789012:key/trail-key",
      },
    ]);
  });

  test("failed invocations, failed objects and dead letters alarm to an encrypted topic that emails", () => {
    const topicArn = child("trail-alarm-topic").state.arn;
    const functionName = child("trail-function-function").state.name;
    const actions = { alarmActions: [topicArn], okActions: [topicArn] };
    expect(child("trail-backup-errors").inputs).toMatchObject({
      ...actions,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 1,
    });
    expect(child("trail-objects-failures").inputs).toEqual({
      ...actions,
      alarmDescription:
        "The CloudTrail backup trail could not copy some objects before they expire",
      namespace: "opsguard/TrailBackup",
      metricName: "ObjectsFailed",
      dimensions: { service: "trail-backup", FunctionName: functionName },
      statistic: "Sum",
      period: 3600,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    expect(child("trail-dlq-dead-letters").inputs).toMatchObject({
      ...actions,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "trail-dlq-bef6cc5" },
      statistic: "Maximum",
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    });
    expect(child("trail-alarm-topic").inputs.kmsMasterKeyId).toBe(
      child("trail-alarm-key").state.arn,
    );
    const keyPolicy = JSON.parse(child("trail-alarm-key").inputs.policy as string);
    expect(keyPolicy.Statement[1]).toEqual({
      Sid: "CloudWatchPublishesAlarms",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    expect(
      ["trail-alarm-subscription-0", "trail-alarm-subscription-1"].map((n) => child(n).inputs),
    ).toEqual([
      { topic: topicArn, protocol: "email", endpoint: "sec@example.com" },
      { topic: topicArn, protocol: "email", endpoint: "ops@example.com" },
    ]);
  });
});

describe("trailBackupConfigSchema", () => {
  test.each([
    [{ sourceBucketName: "b", extra: 1 }, 'Unrecognized key: "extra"'],
    [{ sourceBucketName: "logs", thresholdDays: 85.5 }, "expected int"],
    [
      { sourceBucketName: "logs", archive: { storageClass: "STANDARD_IA", afterDays: 1 } },
      'expected one of "GLACIER"|"DEEP_ARCHIVE"',
    ],
    [
      { sourceBucketName: "logs", schedule: "daily" },
      "must be an EventBridge cron(...) or rate(...) expression",
    ],
    [{ sourceBucketName: "logs", alarmEmails: ["nobody"] }, "Invalid email address"],
  ])("%j is rejected", (value, message) => {
    const parsed = trailBackupConfigSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });
});
