import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunction } from "../core/lambda-function";
import { policyDocument, type PolicyStatement } from "../core/policy";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { SecureBucket } from "../core/secure-bucket";
import { createTrailBackupAlarms } from "./alarms";

/** Where the handler keeps its place between invocations, in the backup bucket (its default). */
const CHECKPOINT_KEY = "trail-backup-state/checkpoint.json";

export interface TrailBackupArgs {
  /** The existing bucket CloudTrail writes to. */
  readonly sourceBucketName: pulumi.Input<string>;
  /** Only keys under this prefix are backed up, e.g. `AWSLogs/`. Defaults to the whole bucket. */
  readonly sourcePrefix?: string;
  /** A source key `k` is copied to `backupPrefix + k`. Defaults to `cloudtrail-backup/`. */
  readonly backupPrefix?: string;
  /** Objects at least this many days old are copied. Defaults to 85: five days before a 90-day expiry. */
  readonly thresholdDays?: number;
  /** When the backup runs, as an EventBridge schedule expression. Defaults to `cron(0 2 * * ? *)`. */
  readonly schedule?: string;
  /** Where backups go after `archiveAfterDays`. Defaults to `GLACIER` (Glacier Flexible Retrieval). */
  readonly archiveStorageClass?: "GLACIER" | "DEEP_ARCHIVE";
  /** Days after the copy before the backup moves to `archiveStorageClass`. Defaults to 30. */
  readonly archiveAfterDays?: number;
  /** Object Lock default retention on the backup bucket (only at creation). Defaults to off. */
  readonly objectLock?: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
  /** The KMS key of the source bucket when it is SSE-KMS: the role gets `kms:Decrypt` on it. Defaults to none (SSE-S3). */
  readonly sourceKmsKeyArn?: pulumi.Input<string>;
  /** Addresses that the alarms email (each must confirm). Defaults to none: the topic only. */
  readonly alarmEmails?: string[];
  /** The function's timeout in seconds; a run that nears it continues in a new invocation. Defaults to 900. */
  readonly timeout?: number;
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Copies CloudTrail log objects to a versioned, encrypted backup bucket before the source's
 * lifecycle deletes them: a scheduled Lambda that copies server-side, resumes from a checkpoint, and
 * raises an alarm (to an encrypted SNS topic) when an invocation fails or an object is not copied.
 * A failed invocation, or a schedule event that could not be delivered, lands in an encrypted
 * dead-letter queue, which alarms too.
 */
export class TrailBackup extends pulumi.ComponentResource {
  public readonly backupBucket: SecureBucket;
  public readonly function: LambdaFunction;
  public readonly alarmTopic: aws.sns.Topic;
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly backupBucketName: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  public readonly alarmTopicArn: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;

  constructor(name: string, args: TrailBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:TrailBackup", name, {}, opts);
    const sourcePrefix = args.sourcePrefix ?? "";
    const backupPrefix = args.backupPrefix ?? "cloudtrail-backup/";
    const archiveAfterDays = args.archiveAfterDays ?? 30;
    const storageClass = args.archiveStorageClass ?? "GLACIER";
    if (CHECKPOINT_KEY.startsWith(backupPrefix)) {
      throw new Error(
        `TrailBackup ${name}: backupPrefix "${backupPrefix}" must not contain ${CHECKPOINT_KEY}`,
      );
    }

    this.backupBucket = new SecureBucket(
      `${name}-backup`,
      {
        objectLock: args.objectLock,
        lifecycleRules: [
          {
            id: "archive-backups",
            status: "Enabled",
            filter: { prefix: backupPrefix },
            transitions: [{ days: archiveAfterDays, storageClass }],
            noncurrentVersionTransitions: [{ noncurrentDays: archiveAfterDays, storageClass }],
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          {
            // Each checkpoint write leaves a version behind in the versioned bucket.
            id: "expire-old-checkpoints",
            status: "Enabled",
            filter: { prefix: CHECKPOINT_KEY },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            expiration: { expiredObjectDeleteMarker: true },
          },
        ],
        tags: args.tags,
      },
      { parent: this },
    );
    const sourceArn = pulumi.interpolate`arn:aws:s3:::${args.sourceBucketName}`;
    const backupArn = this.backupBucket.arn;
    const statements: pulumi.Input<PolicyStatement>[] = [
      {
        Sid: "ListSource",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: sourceArn,
        ...(sourcePrefix
          ? { Condition: { StringLike: { "s3:prefix": [`${sourcePrefix}*`] } } }
          : {}),
      },
      {
        Sid: "ReadSourceObjects",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: pulumi.interpolate`${sourceArn}/${sourcePrefix}*`,
      },
      {
        Sid: "ListBackupPrefixAndCheckpoint",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: backupArn,
        Condition: {
          StringLike: { "s3:prefix": [`${backupPrefix}${sourcePrefix}*`, CHECKPOINT_KEY] },
        },
      },
      {
        Sid: "WriteBackups",
        Effect: "Allow",
        // AbortMultipartUpload cleans up a failed copy of an object over 5 GB.
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: pulumi.interpolate`${backupArn}/${backupPrefix}${sourcePrefix}*`,
      },
      {
        Sid: "ReadWriteCheckpoint",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: pulumi.interpolate`${backupArn}/${CHECKPOINT_KEY}`,
      },
      {
        Sid: "UseBackupKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: this.backupBucket.kmsKeyArn as pulumi.Output<string>,
      },
    ];
    if (args.sourceKmsKeyArn) {
      statements.push({
        Sid: "DecryptSource",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: args.sourceKmsKeyArn,
      });
    }
    this.deadLetterQueue = createDeadLetterQueue(name, args.tags, { parent: this });
    this.function = new LambdaFunction(
      `${name}-function`,
      {
        entry: "handlers/trail-backup/index.ts",
        description: "Copies CloudTrail logs to the backup bucket before they expire",
        policyStatements: statements,
        timeout: args.timeout ?? 900,
        // One run at a time: a scheduled run and a continuation must not copy the same keys.
        reservedConcurrency: 1,
        // A failed run is not retried at once: the next scheduled run retries its failed objects.
        // The failed event itself goes to the dead-letter queue straight away, so it is not lost.
        maximumRetryAttempts: 0,
        deadLetterQueueArn: this.deadLetterQueue.arn,
        environment: {
          SOURCE_BUCKET: args.sourceBucketName,
          ...(sourcePrefix ? { SOURCE_PREFIX: sourcePrefix } : {}),
          BACKUP_BUCKET: this.backupBucket.bucketName,
          BACKUP_PREFIX: backupPrefix,
          THRESHOLD_DAYS: String(args.thresholdDays ?? 85),
          CHECKPOINT_KEY,
          CONTINUE_BY_SELF_INVOKE: "true",
        },
        tags: args.tags,
      },
      { parent: this },
    );
    // Its own policy, attached after the function exists: the ARN in the function's role policy would
    // be a cycle (the function waits for that policy), and an ARN pattern would match other functions.
    const selfInvoke = new aws.iam.RolePolicy(
      `${name}-self-invoke`,
      {
        role: this.function.role.id,
        policy: policyDocument([
          {
            Sid: "ContinueInNewInvocation",
            Effect: "Allow",
            Action: ["lambda:InvokeFunction"],
            Resource: this.function.arn,
          },
        ]),
      },
      { parent: this },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-schedule`,
      { scheduleExpression: args.schedule ?? "cron(0 2 * * ? *)", tags: args.tags },
      { parent: this },
    );
    const permission = new aws.lambda.Permission(
      `${name}-schedule-permission`,
      {
        action: "lambda:InvokeFunction",
        function: this.function.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-schedule-target`,
      {
        rule: rule.name,
        arn: this.function.arn,
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      },
      { parent: this, dependsOn: [permission, selfInvoke] },
    );
    // The function's own dead letters need no grant here: Lambda sends them with its role.
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      this.deadLetterQueue,
      [rule.arn],
      "EventBridgeDeadLetters",
      { parent: this },
    );

    this.alarmTopic = createTrailBackupAlarms(
      name,
      {
        functionName: this.function.functionName,
        deadLetterQueueName: this.deadLetterQueue.name,
        alarmEmails: args.alarmEmails,
        tags: args.tags,
      },
      { parent: this },
    );
    this.backupBucketName = this.backupBucket.bucketName;
    this.functionName = this.function.functionName;
    this.alarmTopicArn = this.alarmTopic.arn;
    this.deadLetterQueueArn = this.deadLetterQueue.arn;
    this.registerOutputs({
      backupBucketName: this.backupBucketName,
      functionName: this.functionName,
      alarmTopicArn: this.alarmTopicArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
