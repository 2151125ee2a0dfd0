import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  BATCH_MANIFEST_PREFIX,
  BATCH_REPORT_PREFIX,
  DEFAULT_ARCHIVE_AFTER_DAYS,
  DEFAULT_BATCH_OPERATIONS_THRESHOLD,
  DEFAULT_ARCHIVE_STORAGE_CLASS,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_CHECKPOINT_KEY,
  DEFAULT_LAYOUT,
  DEFAULT_SCHEDULE,
  DEFAULT_THRESHOLD_DAYS,
  DEFAULT_TIMEOUT_SECONDS,
  LAYOUT_STATE_KEY,
  TRAIL_BACKUP_ENV as ENV,
  TRAIL_BACKUP_METRIC_NAMESPACE,
  TRAIL_BACKUP_METRICS,
  TRAIL_BACKUP_SERVICE_NAME,
  TRAIL_BACKUP_STATE_PREFIX,
  type TrailBackupLayout,
} from "../../contracts/trail-backup";
import { alarmOnFailures } from "../core/failure-alarms";
import { LambdaFunction } from "../core/lambda-function";
import { policyDocument } from "../core/policy";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { SecureBucket } from "../core/secure-bucket";
import { validateTrailBackupArgs, type TrailBackupArgs } from "./args";
import { createBatchOperationsRole } from "./batch-role";
import { trailBackupStatements } from "./statements";

export {
  BackupLayout,
  TrailBackupArgsError,
  validateTrailBackupArgs,
  type TrailBackupArgs,
} from "./args";

/**
 * Copies CloudTrail log objects to a versioned, encrypted backup bucket before the source's
 * lifecycle deletes them: a scheduled Lambda that copies server-side, resumes from a checkpoint, and
 * raises an alarm (to an encrypted SNS topic) when an invocation fails or an object is not copied.
 * A failed invocation, or a schedule event that could not be delivered, lands in an encrypted
 * dead-letter queue, which alarms too.
 */
export class TrailBackup extends pulumi.ComponentResource {
  /** The versioned, encrypted bucket that holds the backups. */
  public readonly backupBucketName: pulumi.Output<string>;
  /** The name of the backup function (invoke it with `{ "asOf": … }` to back up by hand). */
  public readonly functionName: pulumi.Output<string>;
  /** The topic the backup alarms notify. */
  public readonly alarmTopicArn: pulumi.Output<string>;
  /** The dead-letter queue of runs that failed after every retry. */
  public readonly deadLetterQueueArn: pulumi.Output<string>;

  constructor(name: string, args: TrailBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    validateTrailBackupArgs(name, args);
    super("opsguard:index:TrailBackup", name, {}, opts);
    const sourcePrefix = args.sourcePrefix ?? "";
    const backupPrefix = args.backupPrefix ?? DEFAULT_BACKUP_PREFIX;
    const archiveAfterDays = args.archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS;
    const storageClass = args.archiveStorageClass ?? DEFAULT_ARCHIVE_STORAGE_CLASS;

    const backupBucket = new SecureBucket(
      `${name}-backup`,
      {
        objectLock: args.objectLock,
        lifecycleRules: [
          {
            id: "archive-backups",
            status: "Enabled",
            // A size filter replaces S3's default of not transitioning objects under 128 KB.
            filter:
              args.archiveMinimumObjectSize === undefined
                ? { prefix: backupPrefix }
                : {
                    and: {
                      prefix: backupPrefix,
                      objectSizeGreaterThan: args.archiveMinimumObjectSize,
                    },
                  },
            transitions: [{ days: archiveAfterDays, storageClass }],
            noncurrentVersionTransitions: [{ noncurrentDays: archiveAfterDays, storageClass }],
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
          {
            // Each checkpoint or layout-state write leaves a version behind in the versioned bucket.
            id: "expire-old-checkpoints",
            status: "Enabled",
            filter: { prefix: TRAIL_BACKUP_STATE_PREFIX },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            expiration: { expiredObjectDeleteMarker: true },
          },
        ],
        tags: args.tags,
      },
      { parent: this },
    );
    const layout = args.layout ?? DEFAULT_LAYOUT;
    // Only the cloudtrail layout submits Batch Operations jobs.
    const batchOperationsThreshold =
      layout === "cloudtrail"
        ? (args.batchOperationsThreshold ?? DEFAULT_BATCH_OPERATIONS_THRESHOLD)
        : 0;
    const batchRole =
      batchOperationsThreshold > 0
        ? createBatchOperationsRole(
            name,
            {
              sourceBucketName: args.sourceBucketName,
              sourcePrefix,
              backupBucketArn: backupBucket.arn,
              backupPrefix,
              manifestPrefix: BATCH_MANIFEST_PREFIX,
              reportPrefix: BATCH_REPORT_PREFIX,
              backupKmsKeyArn: backupBucket.kmsKeyArn as pulumi.Output<string>,
              sourceKmsKeyArn: args.sourceKmsKeyArn,
              tags: args.tags,
            },
            { parent: this },
          )
        : undefined;
    const statements = trailBackupStatements({
      sourceBucketName: args.sourceBucketName,
      sourcePrefix,
      backupBucketArn: backupBucket.arn,
      backupPrefix,
      checkpointKey: DEFAULT_CHECKPOINT_KEY,
      layoutStateKey: LAYOUT_STATE_KEY,
      backupKmsKeyArn: backupBucket.kmsKeyArn as pulumi.Output<string>,
      sourceKmsKeyArn: args.sourceKmsKeyArn,
      ...(batchRole
        ? {
            batchOperations: {
              roleArn: batchRole.arn,
              manifestPrefix: BATCH_MANIFEST_PREFIX,
              reportPrefix: BATCH_REPORT_PREFIX,
            },
          }
        : {}),
    });
    const deadLetterQueue = createDeadLetterQueue(name, args.tags, { parent: this });
    const backupFunction = new LambdaFunction(
      `${name}-function`,
      {
        entry: "handlers/trail-backup/index.ts",
        description: "Copies CloudTrail logs to the backup bucket before they expire",
        policyStatements: statements,
        timeout: args.timeout ?? DEFAULT_TIMEOUT_SECONDS,
        // One run at a time: a scheduled run and a continuation must not copy the same keys.
        reservedConcurrency: 1,
        // A failed run is not retried at once: the next scheduled run retries its failed objects.
        // The failed event itself goes to the dead-letter queue straight away, so it is not lost.
        maximumRetryAttempts: 0,
        deadLetterQueueArn: deadLetterQueue.arn,
        environment: {
          [ENV.sourceBucket]: args.sourceBucketName,
          ...(sourcePrefix ? { [ENV.sourcePrefix]: sourcePrefix } : {}),
          [ENV.backupBucket]: backupBucket.bucketName,
          [ENV.backupPrefix]: backupPrefix,
          [ENV.thresholdDays]: String(args.thresholdDays ?? DEFAULT_THRESHOLD_DAYS),
          [ENV.checkpointKey]: DEFAULT_CHECKPOINT_KEY,
          [ENV.continueBySelfInvoke]: "true",
          // `satisfies`: every BackupLayout is one the handler reads.
          [ENV.layout]: layout satisfies TrailBackupLayout,
          [ENV.batchOperationsThreshold]: String(batchOperationsThreshold),
          ...(batchRole ? { [ENV.batchOperationsRoleArn]: batchRole.arn } : {}),
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
        role: backupFunction.role.id,
        policy: policyDocument([
          {
            Sid: "ContinueInNewInvocation",
            Effect: "Allow",
            Action: ["lambda:InvokeFunction"],
            Resource: backupFunction.arn,
          },
        ]),
      },
      { parent: this },
    );

    const rule = new aws.cloudwatch.EventRule(
      `${name}-schedule`,
      { scheduleExpression: args.schedule ?? DEFAULT_SCHEDULE, tags: args.tags },
      { parent: this },
    );
    const permission = new aws.lambda.Permission(
      `${name}-schedule-permission`,
      {
        action: "lambda:InvokeFunction",
        function: backupFunction.functionName,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-schedule-target`,
      {
        rule: rule.name,
        arn: backupFunction.arn,
        deadLetterConfig: { arn: deadLetterQueue.arn },
      },
      { parent: this, dependsOn: [permission, selfInvoke] },
    );
    // The function's own dead letters need no grant here: Lambda sends them with its role.
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      deadLetterQueue,
      [rule.arn],
      "EventBridgeDeadLetters",
      { parent: this },
    );

    this.alarmTopicArn = alarmOnFailures(
      name,
      args,
      {
        functions: { backup: backupFunction.functionName },
        deadLetterQueues: { dlq: deadLetterQueue.name },
        failureMetrics: {
          objects: {
            namespace: TRAIL_BACKUP_METRIC_NAMESPACE,
            metricName: TRAIL_BACKUP_METRICS.objectsFailed,
            dimensions: {
              service: TRAIL_BACKUP_SERVICE_NAME,
              FunctionName: backupFunction.functionName,
            },
            description: `The CloudTrail backup ${name} could not copy some objects before they expire`,
          },
        },
      },
      { parent: this },
    );
    this.backupBucketName = backupBucket.bucketName;
    this.functionName = backupFunction.functionName;
    this.deadLetterQueueArn = deadLetterQueue.arn;
    this.registerOutputs({
      backupBucketName: this.backupBucketName,
      functionName: this.functionName,
      alarmTopicArn: this.alarmTopicArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
