import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import {
  CONFIG_BUCKET_KEYS,
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
} from "../../contracts/policy-monitor";
import { REPO_ROOT } from "../core/build/bundle";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { SecureBucket } from "../core/secure-bucket";
import {
  DEFAULT_DETECTOR_MEMORY_SIZE,
  DEFAULT_LOG_RETENTION_DAYS,
  validatePolicyMonitorArgs,
  type PolicyMonitorArgs,
} from "./args";
import { IAM_EVENTS_REGION, iamEventPattern } from "./iam-events";
import { PolicyResponders } from "./responders";
import { detectorStatements } from "./statements";
import { forwardFromUsEast1 } from "./us-east-1-forwarder";

export { PolicyMonitorArgsError, validatePolicyMonitorArgs, type PolicyMonitorArgs } from "./args";
export { IAM_EVENTS_REGION, POLICY_MONITOR_EVENT_NAMES, iamEventPattern } from "./iam-events";

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
  /** The bucket holding `rules.yaml` and `suppress.yaml` (`CONFIG_BUCKET_KEYS`). */
  public readonly configBucket: SecureBucket;
  public readonly detector: LambdaFunction;
  public readonly deadLetterQueue: aws.sqs.Queue;
  public readonly iamEventRule: aws.cloudwatch.EventRule;
  /** The responders, when `responders` is given. */
  public readonly responders?: PolicyResponders;

  constructor(name: string, args: PolicyMonitorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyMonitor", name, {}, opts);
    validatePolicyMonitorArgs(name, args);
    const parent = { parent: this };
    const region = args.region ?? aws.config.region ?? IAM_EVENTS_REGION;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const metricsNamespace =
      args.metricsNamespace ?? args.responders?.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    this.configBucket = new SecureBucket(`${name}-config`, { tags: args.tags }, parent);
    const objects = [
      ["rules", CONFIG_BUCKET_KEYS.rules, args.rulesPath],
      ["suppress", CONFIG_BUCKET_KEYS.suppress, args.suppressPath],
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
    this.detector = new LambdaFunction(
      `${name}-detector`,
      {
        entry: "handlers/policy-monitor/detector/index.ts",
        description: "PolicyMonitor: judges IAM policy changes and publishes violations",
        policyStatements: detectorStatements({
          configBucketArn: this.configBucket.arn,
          configKeyArn: this.configBucket.kmsKeyArn as pulumi.Output<string>,
          violationBusArn: this.violationBus.arn,
          directDelivery: direct,
        }),
        environment: {
          [DETECTOR_ENV.rulesBucket]: this.configBucket.bucketName,
          [DETECTOR_ENV.rulesKey]: CONFIG_BUCKET_KEYS.rules,
          [DETECTOR_ENV.suppressKey]: CONFIG_BUCKET_KEYS.suppress,
          [DETECTOR_ENV.eventBridgeBusName]: this.violationBus.name,
          [DETECTOR_ENV.useEventBridge]: direct ? "false" : "true",
          [DETECTOR_ENV.metricsNamespace]: metricsNamespace,
          ...(direct?.topicArn ? { [DETECTOR_ENV.snsTopicArn]: direct.topicArn } : {}),
          ...(direct?.queueUrl ? { [DETECTOR_ENV.sqsQueueUrl]: direct.queueUrl } : {}),
        },
        memorySize: args.detectorMemorySize ?? DEFAULT_DETECTOR_MEMORY_SIZE,
        deadLetterQueueArn: this.deadLetterQueue.arn,
        maximumRetryAttempts: 2,
        logRetentionDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
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
