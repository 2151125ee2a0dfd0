import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import type { PolicyStatement } from "../core/policy";
import { SecureBucket } from "../core/secure-bucket";

export interface CodeWatcherArgs {
  /** Names of the functions to watch (and sweep on the schedule). Defaults to every function in the region. */
  readonly watchedFunctions?: readonly string[];
  /** An existing bucket for the backups; versioning is turned on by the watcher. Defaults to a new `SecureBucket`. */
  readonly bucketName?: pulumi.Input<string>;
  /** A customer-managed KMS key of the bucket; only then the role may use KMS. Defaults to none (SSE-S3). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Key prefix of the backups. Defaults to `lambda-code-backups`. */
  readonly destPrefix?: string;
  /** Key prefix of the state objects. Defaults to `<destPrefix>/.state`. */
  readonly statePrefix?: string;
  /** A schedule expression (`rate(1 day)`, `cron(…)`) for a sweep. Defaults to none. */
  readonly schedule?: string;
  /** Whether the sweep covers every function in the region (grants `lambda:ListFunctions`). Defaults to false. */
  readonly sweepAllFunctions?: boolean;
  /** Timeout of the watcher in seconds. Defaults to 300 (a 50 MB package streams in well under that). */
  readonly timeout?: number;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** An EventBridge pattern value: exact strings or content filters. */
type PatternValue = (string | { prefix: string } | { exists: boolean })[];
export interface EventPattern {
  readonly [key: string]: PatternValue | EventPattern | EventPattern[];
}

/**
 * The pattern of the deployment rule: successful `UpdateFunctionCode*` and `PublishVersion*` calls
 * from CloudTrail (the names carry API versions, so prefixes). With watched functions, it matches the
 * bare name in `responseElements`, or the name, full ARN or partial ARN in `requestParameters`.
 */
export function codeWatcherEventPattern(options: {
  readonly watchedFunctions?: readonly string[];
  readonly region: string;
  readonly accountId: string;
  readonly partition?: string;
}): EventPattern {
  const detail: Record<string, PatternValue | EventPattern[]> = {
    eventSource: ["lambda.amazonaws.com"],
    eventName: [{ prefix: "UpdateFunctionCode" }, { prefix: "PublishVersion" }],
    errorCode: [{ exists: false }],
  };
  const names = options.watchedFunctions ?? [];
  if (names.length > 0) {
    const partial = names.map((name) => `${options.accountId}:function:${name}`);
    const arns = partial.map(
      (p) => `arn:${options.partition ?? "aws"}:lambda:${options.region}:${p}`,
    );
    detail.$or = [
      { responseElements: { functionName: [...names] } },
      { requestParameters: { functionName: [...names, ...arns, ...partial] } },
    ];
  }
  return {
    source: ["aws.lambda"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail,
  };
}

/**
 * Backs up every Lambda deployment package to a versioned bucket: CloudTrail deployment events go
 * through EventBridge to the watcher (both with a dead-letter queue), which streams each changed package to
 * `<destPrefix>/<function>.zip`; an optional schedule sweeps the functions as well.
 */
export class CodeWatcher extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly ruleArn: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;

  constructor(name: string, args: CodeWatcherArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:CodeWatcher", name, {}, opts);
    const watched = args.watchedFunctions ?? [];
    const sweepAll = args.sweepAllFunctions ?? false;
    if (sweepAll && watched.length > 0) {
      throw new Error(`${name}: sweepAllFunctions and watchedFunctions exclude each other`);
    }
    if (args.schedule && !sweepAll && watched.length === 0) {
      throw new Error(`${name}: a schedule needs watchedFunctions or sweepAllFunctions`);
    }
    const destPrefix = args.destPrefix ?? "lambda-code-backups";
    const statePrefix = args.statePrefix ?? `${destPrefix}/.state`;
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

    const objectPrefixes = [destPrefix, statePrefix].filter(
      (prefix, index, all) => index === 0 || !prefix.startsWith(`${all[0]}/`),
    );
    const statements: pulumi.Input<PolicyStatement>[] = [
      {
        Sid: "ReadFunctionCode",
        Effect: "Allow",
        Action: ["lambda:GetFunction"],
        // The qualified ARN (`:*`) covers GetFunction of a published version.
        Resource:
          watched.length > 0
            ? watched.flatMap((fn) => [functionArn(fn), pulumi.interpolate`${functionArn(fn)}:*`])
            : [functionArn("*")],
      },
      ...(sweepAll
        ? [
            {
              Sid: "ListFunctions",
              Effect: "Allow" as const,
              Action: ["lambda:ListFunctions"],
              Resource: "*",
            },
          ]
        : []),
      {
        Sid: "EnsureVersioning",
        Effect: "Allow",
        Action: ["s3:GetBucketVersioning", "s3:PutBucketVersioning"],
        Resource: bucketArn,
      },
      {
        Sid: "ListStatePrefixOnly",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: bucketArn,
        Condition: { StringLike: { "s3:prefix": [`${statePrefix}/*`] } },
      },
      {
        Sid: "ReadWriteBackups",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:GetObjectVersion"],
        Resource: objectPrefixes.map((prefix) => pulumi.interpolate`${bucketArn}/${prefix}/*`),
      },
      ...(args.kmsKeyArn
        ? [
            {
              Sid: "UseBucketKey",
              Effect: "Allow" as const,
              Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
              Resource: args.kmsKeyArn,
            },
          ]
        : []),
    ];

    const deadLetterQueue = createDeadLetterQueue(name, args.tags, { parent: this });
    this.deadLetterQueueArn = deadLetterQueue.arn;

    const watcher = new LambdaFunction(
      `${name}-watcher`,
      {
        entry: "handlers/code-watcher/index.ts",
        description: "Backs up Lambda deployment packages to a versioned S3 bucket",
        policyStatements: statements,
        timeout: args.timeout ?? 300,
        logRetentionDays: args.logRetentionDays,
        // The rule targets' queue also keeps the invocations that failed every retry.
        deadLetterQueueArn: deadLetterQueue.arn,
        environment: {
          DEST_BUCKET: this.bucketName,
          DEST_PREFIX: destPrefix,
          STATE_PREFIX: statePrefix,
          ...(watched.length > 0 ? { TARGET_FUNCTIONS: watched.join(",") } : {}),
          ...(sweepAll ? { SWEEP_ALL_FUNCTIONS: "true" } : {}),
        },
        tags: args.tags,
      },
      { parent: this },
    );
    this.functionArn = watcher.arn;

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
    const rules = [{ role: "deployments", rule, input: undefined as string | undefined }];
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
      rules.push({ role: "schedule", rule: scheduleRule, input: "{}" });
    }

    for (const { role, rule: eventRule, input } of rules) {
      new aws.cloudwatch.EventTarget(
        `${name}-${role}-target`,
        {
          rule: eventRule.name,
          arn: watcher.arn,
          input,
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

    this.registerOutputs({
      bucketName: this.bucketName,
      functionArn: this.functionArn,
      ruleArn: this.ruleArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
    });
  }
}
