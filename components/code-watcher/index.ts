import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CODE_WATCHER_ENV as ENV,
  DEFAULT_DEST_PREFIX,
  DEFAULT_TIMEOUT_SECONDS,
  defaultStatePrefix,
} from "../../contracts/code-watcher";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { alarmOnFailures } from "../core/failure-alarms";
import { SecureBucket } from "../core/secure-bucket";
import { validateCodeWatcherArgs, type CodeWatcherArgs } from "./args";
import { codeWatcherEventPattern } from "./event-pattern";
import { codeWatcherStatements } from "./statements";

export { CodeWatcherArgsError, validateCodeWatcherArgs, type CodeWatcherArgs } from "./args";
export { codeWatcherEventPattern, type EventPattern } from "./event-pattern";

/**
 * Backs up every Lambda deployment package to a versioned bucket: CloudTrail deployment events go
 * through EventBridge to the watcher (both with a dead-letter queue), which streams each changed package to
 * `<destPrefix>/<function>.zip`; an optional schedule sweeps the functions as well.
 */
export class CodeWatcher extends pulumi.ComponentResource {
  /** The bucket that holds the backups and their state. */
  public readonly bucketName: pulumi.Output<string>;
  /** The ARN of the watcher function. */
  public readonly functionArn: pulumi.Output<string>;
  /** The name of the watcher function. */
  public readonly functionName: pulumi.Output<string>;
  /** The ARN of the watcher's execution role. */
  public readonly roleArn: pulumi.Output<string>;
  /** The ARN of the rule that sends Lambda code changes to the watcher. */
  public readonly ruleArn: pulumi.Output<string>;
  /** The dead-letter queue of events the watcher failed on after every retry. */
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The topic the watcher's failure alarms notify. */
  public readonly alarmTopicArn: pulumi.Output<string>;

  constructor(name: string, args: CodeWatcherArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validateCodeWatcherArgs(name, args);
    super("opsguard:index:CodeWatcher", name, {}, opts);
    const watched = args.watchedFunctions ?? [];
    const sweepAll = args.sweepAllFunctions ?? false;
    const destPrefix = args.destPrefix ?? DEFAULT_DEST_PREFIX;
    const statePrefix = args.statePrefix ?? defaultStatePrefix(destPrefix);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;

    const bucket = args.bucketName
      ? undefined
      : new SecureBucket(
          `${name}-backups`,
          args.kmsKeyArn
            ? { encryption: "aws:kms", kmsKeyArn: args.kmsKeyArn, tags: args.tags }
            : { encryption: "AES256", tags: args.tags },
          { parent: this },
        );
    this.bucketName = bucket ? bucket.bucketName : pulumi.output(args.bucketName!);
    const bucketArn = pulumi.interpolate`arn:${partition}:s3:::${this.bucketName}`;
    const functionArn = (fn: string) =>
      pulumi.interpolate`arn:${partition}:lambda:${region}:${accountId}:function:${fn}`;

    const statements = codeWatcherStatements({
      watched,
      sweepAll,
      bucketArn,
      destPrefix,
      statePrefix,
      kmsKeyArn: args.kmsKeyArn,
      existingBucket: args.bucketName !== undefined,
      functionArn,
    });

    const deadLetterQueue = createDeadLetterQueue(name, args.tags, { parent: this });
    this.deadLetterQueueArn = deadLetterQueue.arn;

    const watcher = new LambdaFunction(
      `${name}-watcher`,
      {
        entry: "handlers/code-watcher/index.ts",
        description: "Backs up Lambda deployment packages to a versioned S3 bucket",
        policyStatements: statements,
        timeout: args.timeout ?? DEFAULT_TIMEOUT_SECONDS,
        logRetentionDays: args.logRetentionDays,
        // The rule targets' queue also keeps the invocations that failed every retry.
        deadLetterQueueArn: deadLetterQueue.arn,
        environment: {
          [ENV.destBucket]: this.bucketName,
          [ENV.destPrefix]: destPrefix,
          [ENV.statePrefix]: statePrefix,
          ...(watched.length > 0 ? { [ENV.targetFunctions]: watched.join(",") } : {}),
          ...(sweepAll ? { [ENV.sweepAllFunctions]: "true" } : {}),
        },
        tags: args.tags,
      },
      { parent: this },
    );
    this.functionArn = watcher.arn;
    this.functionName = watcher.functionName;
    this.roleArn = watcher.roleArn;

    const rule = new aws.cloudwatch.EventRule(
      `${name}-deployments`,
      {
        description: "Lambda code deployments and published versions, from CloudTrail",
        eventPattern: pulumi.all([region, accountId, partition]).apply(([r, a, p]) =>
          JSON.stringify(
            codeWatcherEventPattern({
              watchedFunctions: watched,
              region: r,
              accountId: a,
              partition: p,
            }),
          ),
        ),
        tags: args.tags,
      },
      { parent: this },
    );
    this.ruleArn = rule.arn;
    // The schedule delivers its Scheduled Event, which the handler takes for a sweep.
    const rules = [{ role: "deployments", rule }];
    if (args.schedule) {
      const scheduleRule = new aws.cloudwatch.EventRule(
        `${name}-schedule`,
        {
          description: "Sweep of the watched functions",
          scheduleExpression: args.schedule,
          tags: args.tags,
        },
        { parent: this },
      );
      rules.push({ role: "schedule", rule: scheduleRule });
    }

    for (const { role, rule: eventRule } of rules) {
      new aws.cloudwatch.EventTarget(
        `${name}-${role}-target`,
        {
          rule: eventRule.name,
          arn: watcher.arn,
          deadLetterConfig: { arn: deadLetterQueue.arn },
          retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        },
        { parent: this },
      );
      new aws.lambda.Permission(
        `${name}-${role}-permission`,
        {
          action: "lambda:InvokeFunction",
          function: watcher.functionName,
          principal: "events.amazonaws.com",
          sourceArn: eventRule.arn,
        },
        { parent: this },
      );
    }
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      deadLetterQueue,
      rules.map(({ rule: r }) => r.arn),
      "EventBridgeDeadLetters",
      { parent: this },
    );

    this.alarmTopicArn = alarmOnFailures(
      name,
      args,
      {
        functions: { watcher: watcher.functionName },
        deadLetterQueues: { dlq: deadLetterQueue.name },
      },
      { parent: this },
    );

    this.registerOutputs({
      bucketName: this.bucketName,
      functionArn: this.functionArn,
      functionName: this.functionName,
      roleArn: this.roleArn,
      alarmTopicArn: this.alarmTopicArn,
      ruleArn: this.ruleArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
