import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import {
  CONFIG_BUCKET_KEYS,
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
} from "../../contracts/policy-monitor";
import { alarmOnFailures } from "../core/failure-alarms";
import { shippedFile } from "../core/package-files";
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
  /** The name of the custom bus the violations are published on: add your own rules there. */
  public readonly violationBusName: pulumi.Output<string>;
  /** The ARN of that bus. */
  public readonly violationBusArn: pulumi.Output<string>;
  /** The bucket holding `rules.yaml` and `suppress.yaml` (`CONFIG_BUCKET_KEYS`). */
  public readonly configBucketName: pulumi.Output<string>;
  /** The ARN of the detector function. */
  public readonly detectorArn: pulumi.Output<string>;
  /** The detector's dead-letter queue: events it failed on after every retry. */
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  /** The ARN of the rule that sends IAM events to the detector. */
  public readonly iamEventRuleArn: pulumi.Output<string>;
  /** The topic the failure alarms of the detector and the responders notify. */
  public readonly alarmTopicArn: pulumi.Output<string>;
  /** The topic violations are emailed through, when `responders` is given. */
  public readonly emailTopicArn?: pulumi.Output<string>;
  /** The audit log bucket, when `responders` is given. */
  public readonly auditBucketName?: pulumi.Output<string>;
  /** The Glue database of the audit table, when `responders` is given. */
  public readonly glueDatabaseName?: pulumi.Output<string>;
  /** The CloudWatch dashboard, when `responders` is given. */
  public readonly dashboardName?: pulumi.Output<string>;
  /** The remediation queue, when `responders.remediationEnabled` is true. */
  public readonly remediationQueueUrl?: pulumi.Output<string>;

  constructor(name: string, args: PolicyMonitorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyMonitor", name, {}, opts);
    validatePolicyMonitorArgs(name, args);
    const parent = { parent: this };
    const region = args.region ?? aws.config.region ?? IAM_EVENTS_REGION;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const metricsNamespace =
      args.metricsNamespace ?? args.responders?.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    const configBucket = new SecureBucket(`${name}-config`, { tags: args.tags }, parent);
    const objects = [
      ["rules", CONFIG_BUCKET_KEYS.rules, args.rulesPath],
      ["suppress", CONFIG_BUCKET_KEYS.suppress, args.suppressPath],
    ].map(
      ([role, key, path]) =>
        new aws.s3.BucketObjectv2(
          `${name}-${role}`,
          {
            bucket: configBucket.bucketName,
            key: key!,
            source: new pulumi.asset.FileAsset(path ?? shippedFile(join("rules", key!))),
            contentType: "application/yaml",
            tags: args.tags,
          },
          parent,
        ),
    );

    const violationBus = new aws.cloudwatch.EventBus(
      `${name}-violations`,
      { tags: args.tags },
      parent,
    );
    this.violationBusName = violationBus.name;
    this.violationBusArn = violationBus.arn;

    const deadLetterQueue = createDeadLetterQueue(name, args.tags, parent);

    const direct = args.directDelivery;
    const detector = new LambdaFunction(
      `${name}-detector`,
      {
        entry: "handlers/policy-monitor/detector/index.ts",
        description: "PolicyMonitor: judges IAM policy changes and publishes violations",
        policyStatements: detectorStatements({
          configBucketArn: configBucket.arn,
          configKeyArn: configBucket.kmsKeyArn as pulumi.Output<string>,
          violationBusArn: violationBus.arn,
          directDelivery: direct,
          account,
        }),
        environment: {
          [DETECTOR_ENV.rulesBucket]: configBucket.bucketName,
          [DETECTOR_ENV.rulesKey]: CONFIG_BUCKET_KEYS.rules,
          [DETECTOR_ENV.suppressKey]: CONFIG_BUCKET_KEYS.suppress,
          [DETECTOR_ENV.eventBridgeBusName]: violationBus.name,
          [DETECTOR_ENV.useEventBridge]: direct ? "false" : "true",
          [DETECTOR_ENV.metricsNamespace]: metricsNamespace,
          ...(direct?.topicArn ? { [DETECTOR_ENV.snsTopicArn]: direct.topicArn } : {}),
          ...(direct?.queueUrl ? { [DETECTOR_ENV.sqsQueueUrl]: direct.queueUrl } : {}),
        },
        memorySize: args.detectorMemorySize ?? DEFAULT_DETECTOR_MEMORY_SIZE,
        deadLetterQueueArn: deadLetterQueue.arn,
        maximumRetryAttempts: 2,
        logRetentionDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        tags: args.tags,
      },
      // The detector must not start before its config is in the bucket.
      { parent: this, dependsOn: objects },
    );

    const iamEventRule = new aws.cloudwatch.EventRule(
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
      deadLetterQueue,
      [iamEventRule.arn],
      "EventBridgeDeadLetters",
      parent,
    );
    new aws.cloudwatch.EventTarget(
      `${name}-iam-events-target`,
      {
        rule: iamEventRule.name,
        arn: detector.arn,
        deadLetterConfig: { arn: deadLetterQueue.arn },
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 24 * 3600 },
      },
      parent,
    );
    new aws.lambda.Permission(
      `${name}-detector-permission`,
      {
        action: "lambda:InvokeFunction",
        function: detector.functionName,
        principal: "events.amazonaws.com",
        sourceArn: iamEventRule.arn,
      },
      parent,
    );

    this.configBucketName = configBucket.bucketName;
    this.detectorArn = detector.arn;
    this.deadLetterQueueArn = deadLetterQueue.arn;
    this.iamEventRuleArn = iamEventRule.arn;
    this.alarmTopicArn = alarmOnFailures(
      name,
      args,
      {
        functions: { detector: detector.functionName },
        deadLetterQueues: { dlq: deadLetterQueue.name },
      },
      parent,
    );

    if (region !== IAM_EVENTS_REGION) {
      forwardFromUsEast1(name, { region, account, tags: args.tags }, this);
    }

    if (args.responders) {
      const responders = new PolicyResponders(
        `${name}-responders`,
        {
          ...args.responders,
          metricsNamespace,
          violationBusName: this.violationBusName,
          violationBusArn: this.violationBusArn,
          alarmTopicArn: this.alarmTopicArn,
          failureAlarms: args.failureAlarms,
          tags: args.tags,
        },
        { parent: this },
      );
      this.emailTopicArn = responders.emailTopicArn;
      this.auditBucketName = responders.auditBucketName;
      this.glueDatabaseName = responders.glueDatabaseName;
      this.dashboardName = responders.dashboardName;
      this.remediationQueueUrl = responders.remediationQueueUrl;
    }

    this.registerOutputs({
      violationBusName: this.violationBusName,
      violationBusArn: this.violationBusArn,
      configBucketName: this.configBucketName,
      detectorArn: this.detectorArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      iamEventRuleArn: this.iamEventRuleArn,
      alarmTopicArn: this.alarmTopicArn,
      emailTopicArn: this.emailTopicArn,
      auditBucketName: this.auditBucketName,
      glueDatabaseName: this.glueDatabaseName,
      dashboardName: this.dashboardName,
      remediationQueueUrl: this.remediationQueueUrl,
    });
  }
}
