import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { REPO_ROOT } from "../core/build/bundle";
import { LambdaFunction } from "../core/lambda-function";
import type { PolicyStatement } from "../core/policy";
import { PolicyResponders, type PolicyRespondersArgs } from "./responders";
import { SecureBucket } from "../core/secure-bucket";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { IAM_EVENTS_REGION, iamEventPattern } from "./iam-events";
import { forwardFromUsEast1 } from "./us-east-1-forwarder";

export { IAM_EVENTS_REGION, POLICY_MONITOR_EVENT_NAMES, iamEventPattern } from "./iam-events";

/** Raised when the args of a PolicyMonitor contradict each other; the message names the component. */
export class PolicyMonitorArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyMonitorArgsError";
  }
}

export interface PolicyMonitorArgs {
  /** A rules file to upload as `rules.yaml`. Defaults to the repo's `rules/rules.yaml`. */
  readonly rulesPath?: string;
  /** A suppressions file to upload as `suppress.yaml`. Defaults to the repo's `rules/suppress.yaml`. */
  readonly suppressPath?: string;
  /**
   * The region the stack deploys to; when it is not us-east-1, a forwarding rule is created there.
   * Defaults to the `aws:region` config.
   */
  readonly region?: string;
  /**
   * Direct mode: the detector sends each violation to this SNS topic and/or SQS queue instead of
   * the violation bus (`USE_EVENTBRIDGE=false`). Defaults to none (EventBridge).
   */
  readonly directDelivery?: {
    readonly topicArn?: pulumi.Input<string>;
    readonly queueArn?: pulumi.Input<string>;
    readonly queueUrl?: pulumi.Input<string>;
  };
  /** The detector's memory in MB. Defaults to 512 (the IAM action catalogue is held in memory). */
  readonly detectorMemorySize?: number;
  /** Log retention of the detector in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /**
   * CloudWatch namespace of the detector's metrics (env `METRICS_NAMESPACE`) and of the responders',
   * so that their dashboard finds the detector's. Defaults to `responders.metricsNamespace`, else
   * `IAMPolicyMonitor`.
   */
  readonly metricsNamespace?: string;
  /**
   * The responders on the violation bus: email, Slack, audit log, metrics, dashboard, remediator
   * (see `PolicyRespondersArgs`). Defaults to none: violations are only published on the bus.
   */
  readonly responders?: Omit<PolicyRespondersArgs, "violationBusName" | "violationBusArn" | "tags">;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Watches IAM for policies that grant too much (IAM Policy Monitor, detection half): a rule on the
 * CloudTrail IAM calls triggers the detector, which judges the documents with `rules.yaml` and
 * publishes each violation (schema v1, `contracts/violation.ts`) on `violationBus`.
 *
 * Region: IAM is global and its CloudTrail events reach EventBridge in us-east-1 only. Everything
 * here stays in the stack's region; when that is not us-east-1, a rule on us-east-1's default bus
 * (through a us-east-1 provider) forwards the events to the stack region's default bus, where the
 * detection rule picks them up. So the bus, bucket and responders share one region.
 */
export class PolicyMonitor extends pulumi.ComponentResource {
  /** The custom bus the violations are published on: responders add their rules here. */
  public readonly violationBus: aws.cloudwatch.EventBus;
  public readonly violationBusName: pulumi.Output<string>;
  public readonly violationBusArn: pulumi.Output<string>;
  /** The bucket holding `rules.yaml` and `suppress.yaml`. */
  public readonly configBucket: SecureBucket;
  public readonly detector: LambdaFunction;
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly iamEventRule: aws.cloudwatch.EventRule;
  /** The responders, when `responders` is given. */
  public readonly responders?: PolicyResponders;

  constructor(name: string, args: PolicyMonitorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyMonitor", name, {}, opts);
    const parent = { parent: this };
    const region = args.region ?? aws.config.region ?? IAM_EVENTS_REGION;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const respondersNamespace = args.responders?.metricsNamespace;
    if (
      args.metricsNamespace &&
      respondersNamespace &&
      args.metricsNamespace !== respondersNamespace
    ) {
      throw new PolicyMonitorArgsError(
        `PolicyMonitor ${name}: metricsNamespace "${args.metricsNamespace}" differs from responders.metricsNamespace "${respondersNamespace}"; the dashboard would miss the detector's metrics`,
      );
    }
    const metricsNamespace = args.metricsNamespace ?? respondersNamespace ?? "IAMPolicyMonitor";

    this.configBucket = new SecureBucket(`${name}-config`, { tags: args.tags }, parent);
    const objects = [
      ["rules", "rules.yaml", args.rulesPath],
      ["suppress", "suppress.yaml", args.suppressPath],
    ].map(
      ([role, key, path]) =>
        new aws.s3.BucketObjectv2(
          `${name}-${role}`,
          {
            bucket: this.configBucket.bucketName,
            key: key!,
            source: new pulumi.asset.FileAsset(path ?? join(REPO_ROOT, "rules", key!)),
            contentType: "application/yaml",
            tags: args.tags,
          },
          parent,
        ),
    );

    this.violationBus = new aws.cloudwatch.EventBus(
      `${name}-violations`,
      { tags: args.tags },
      parent,
    );
    this.violationBusName = this.violationBus.name;
    this.violationBusArn = this.violationBus.arn;

    this.deadLetterQueue = createDeadLetterQueue(name, args.tags, parent);

    const direct = args.directDelivery;
    const statements: pulumi.Input<PolicyStatement>[] = [
      {
        Sid: "ReadManagedPolicies",
        Effect: "Allow",
        Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
        Resource: "arn:aws:iam::*:policy/*",
      },
      {
        Sid: "ReadRulesAndSuppressions",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [
          pulumi.interpolate`${this.configBucket.arn}/rules.yaml`,
          pulumi.interpolate`${this.configBucket.arn}/suppress.yaml`,
        ],
      },
      {
        Sid: "DecryptConfig",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: this.configBucket.kmsKeyArn as pulumi.Output<string>,
      },
    ];
    if (!direct) {
      statements.push({
        Sid: "PublishViolations",
        Effect: "Allow",
        Action: ["events:PutEvents"],
        Resource: this.violationBus.arn,
      });
    }
    if (direct?.topicArn) {
      statements.push({
        Sid: "PublishDirect",
        Effect: "Allow",
        Action: ["sns:Publish"],
        Resource: direct.topicArn,
      });
    }
    if (direct?.queueArn) {
      statements.push({
        Sid: "SendDirect",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: direct.queueArn,
      });
    }

    this.detector = new LambdaFunction(
      `${name}-detector`,
      {
        entry: "handlers/policy-monitor/detector/index.ts",
        description: "PolicyMonitor: judges IAM policy changes and publishes violations",
        policyStatements: statements,
        environment: {
          RULES_BUCKET: this.configBucket.bucketName,
          RULES_KEY: "rules.yaml",
          SUPPRESS_KEY: "suppress.yaml",
          EVENTBRIDGE_BUS_NAME: this.violationBus.name,
          USE_EVENTBRIDGE: direct ? "false" : "true",
          METRICS_NAMESPACE: metricsNamespace,
          ...(direct?.topicArn ? { SNS_TOPIC_ARN: direct.topicArn } : {}),
          ...(direct?.queueUrl ? { SQS_QUEUE_URL: direct.queueUrl } : {}),
        },
        memorySize: args.detectorMemorySize ?? 512,
        deadLetterQueueArn: this.deadLetterQueue.arn,
        maximumRetryAttempts: 2,
        logRetentionDays: args.logRetentionDays ?? 90,
        tags: args.tags,
      },
      // The detector must not start before its config is in the bucket.
      { parent: this, dependsOn: objects },
    );

    this.iamEventRule = new aws.cloudwatch.EventRule(
      `${name}-iam-events`,
      {
        description: "IAM policy changes recorded by CloudTrail, to the PolicyMonitor detector",
        eventPattern: JSON.stringify(iamEventPattern),
        tags: args.tags,
      },
      parent,
    );
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      this.deadLetterQueue,
      [this.iamEventRule.arn],
      "EventBridgeDeadLetters",
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-iam-events-target`,
      {
        rule: this.iamEventRule.name,
        arn: this.detector.arn,
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 24 * 3600 },
      },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-detector-permission`,
      {
        action: "lambda:InvokeFunction",
        function: this.detector.functionName,
        principal: "events.amazonaws.com",
        sourceArn: this.iamEventRule.arn,
      },
      parent,
    );

    if (region !== IAM_EVENTS_REGION) {
      forwardFromUsEast1(name, { region, account, tags: args.tags }, this);
    }

    if (args.responders) {
      this.responders = new PolicyResponders(
        `${name}-responders`,
        {
          ...args.responders,
          metricsNamespace,
          violationBusName: this.violationBusName,
          violationBusArn: this.violationBusArn,
          tags: args.tags,
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      violationBusName: this.violationBusName,
      violationBusArn: this.violationBusArn,
      configBucketName: this.configBucket.bucketName,
      detectorArn: this.detector.arn,
      deadLetterQueueArn: this.deadLetterQueue.arn,
    });
  }
}
