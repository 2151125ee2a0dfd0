import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import {
  CONFIG_BUCKET_KEYS,
  DEDUP_MARKER_PREFIX,
  DEDUP_WINDOW_MINUTES,
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
} from "../../contracts/policy-monitor";
import { parseRules, parseSuppressions } from "../../contracts/policy-monitor-config/parse";
import { alarmOnFailures } from "../core/failure-alarms";
import { LambdaFunction } from "../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../core/queues";
import { SecureBucket } from "../core/secure-bucket";
import {
  DEFAULT_DETECTOR_MEMORY_SIZE,
  DEFAULT_LOG_RETENTION_DAYS,
  PolicyMonitorArgsError,
  validatePolicyMonitorArgs,
  type PolicyMonitorArgs,
} from "./args";
import { readConfigArg } from "./config-files";
import { IAM_EVENTS_REGION, iamEventPattern } from "./iam-events";
import { PolicyResponders } from "./responders";
import { detectorStatements } from "./statements";
import { forwardFromUsEast1 } from "./us-east-1-forwarder";

export { PolicyMonitorArgsError, validatePolicyMonitorArgs, type PolicyMonitorArgs } from "./args";
export { IAM_EVENTS_REGION, POLICY_MONITOR_EVENT_NAMES, iamEventPattern } from "./iam-events";

/** The files opsguard ships, used when `rulesPath` / `suppressPath` are not given. */
const RULES_DEFAULT = join("rules", CONFIG_BUCKET_KEYS.rules);
const SUPPRESS_DEFAULT = join("rules", CONFIG_BUCKET_KEYS.suppress);

/**
 * Watches IAM for policies that grant too much (IAM Policy Monitor, detection half): a rule on the
 * CloudTrail IAM calls triggers the detector, which judges the documents with `rules.yaml` and
 * publishes each violation (`contracts/violation.ts`) on `violationBus`.
 *
 * Config as data: `rules.yaml` and `suppress.yaml` (and the responders' `notification-config.yaml`
 * and `remediator.yaml`) are objects of the config bucket that the handlers read at run time. The
 * files the args name are validated when the program runs, so a bad file fails `pulumi preview`.
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
  /** The bucket of the config objects the handlers read (`CONFIG_BUCKET_KEYS`). */
  public readonly configBucketName: pulumi.Output<string>;
  /** The ARN of the detector function. */
  public readonly detectorArn: pulumi.Output<string>;
  /** The name of the detector function. */
  public readonly detectorName: pulumi.Output<string>;
  /** The ARN of the detector's execution role. */
  public readonly detectorRoleArn: pulumi.Output<string>;
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
  /** The remediator's execution role, when `responders.remediationEnabled` is true. */
  public readonly remediatorRoleArn?: pulumi.Output<string>;

  constructor(name: string, args: PolicyMonitorArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyMonitor", name, {}, opts);
    validatePolicyMonitorArgs(name, args);
    const fail = (problem: string): never => {
      throw new PolicyMonitorArgsError(name, problem);
    };
    const configFiles = {
      rules: readConfigArg("rulesPath", args.rulesPath, RULES_DEFAULT, parseRules, fail),
      suppress: readConfigArg(
        "suppressPath",
        args.suppressPath,
        SUPPRESS_DEFAULT,
        parseSuppressions,
        fail,
      ),
    };
    const parent = { parent: this };
    const region = args.region ?? aws.config.region ?? IAM_EVENTS_REGION;
    const account = aws.getCallerIdentityOutput({}, parent).accountId;
    const metricsNamespace =
      args.metricsNamespace ?? args.responders?.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;

    const dedupWindowMinutes = args.dedupWindowMinutes ?? DEDUP_WINDOW_MINUTES.default;
    const configBucket = new SecureBucket(
      `${name}-config`,
      {
        // A dedup marker matters for the window only (at most a day); replaced ones for less.
        lifecycleRules: [
          {
            id: "expire-dedup-markers",
            status: "Enabled",
            filter: { prefix: DEDUP_MARKER_PREFIX },
            expiration: { days: 2 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
          },
        ],
        tags: args.tags,
      },
      parent,
    );
    const objects = (["rules", "suppress"] as const).map(
      (role) =>
        new aws.s3.BucketObjectv2(
          `${name}-${role}`,
          {
            bucket: configBucket.bucketName,
            key: CONFIG_BUCKET_KEYS[role],
            source: new pulumi.asset.FileAsset(configFiles[role].path),
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
          dedup: dedupWindowMinutes > 0,
        }),
        environment: {
          [DETECTOR_ENV.rulesBucket]: configBucket.bucketName,
          [DETECTOR_ENV.rulesKey]: CONFIG_BUCKET_KEYS.rules,
          [DETECTOR_ENV.suppressKey]: CONFIG_BUCKET_KEYS.suppress,
          [DETECTOR_ENV.eventBridgeBusName]: violationBus.name,
          [DETECTOR_ENV.useEventBridge]: direct ? "false" : "true",
          [DETECTOR_ENV.dedupWindowSeconds]: String(dedupWindowMinutes * 60),
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
    this.detectorName = detector.functionName;
    this.detectorRoleArn = detector.roleArn;
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
          configBucket: {
            name: configBucket.bucketName,
            arn: configBucket.arn,
            kmsKeyArn: configBucket.kmsKeyArn as pulumi.Output<string>,
          },
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
      this.remediatorRoleArn = responders.remediatorRoleArn;
    }

    this.registerOutputs({
      violationBusName: this.violationBusName,
      violationBusArn: this.violationBusArn,
      configBucketName: this.configBucketName,
      detectorArn: this.detectorArn,
      detectorName: this.detectorName,
      detectorRoleArn: this.detectorRoleArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      iamEventRuleArn: this.iamEventRuleArn,
      alarmTopicArn: this.alarmTopicArn,
      emailTopicArn: this.emailTopicArn,
      auditBucketName: this.auditBucketName,
      glueDatabaseName: this.glueDatabaseName,
      dashboardName: this.dashboardName,
      remediationQueueUrl: this.remediationQueueUrl,
      remediatorRoleArn: this.remediatorRoleArn,
    });
  }
}
