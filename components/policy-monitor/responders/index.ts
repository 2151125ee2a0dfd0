import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AUDIT_BUCKET_PREFIXES,
  AUDIT_WRITER_ENV,
  CONFIG_BUCKET_KEYS,
  DEFAULT_METRICS_NAMESPACE,
  EMAILER_ENV,
  NOTIFIER_ENV,
  POLICY_MONITOR_SERVICES,
  RESPONDER_METRICS,
} from "../../../contracts/policy-monitor";
import type { LambdaFunction } from "../../core/lambda-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../../core/queues";
import { createFailureAlarms, type FailureMetric } from "../../core/failure-alarms";
import {
  PolicyRespondersArgsError,
  validatePolicyRespondersArgs,
  type PolicyRespondersArgs,
} from "./args";
import { createAuditLog } from "./audit-log";
import type { ResponderContext } from "./context";
import { createDashboard } from "./dashboard";
import { createEmailTopic } from "./email-topic";
import { createRemediator, remediatorSettingsYaml } from "./remediator";
import { responderFunctionFactory } from "./responder-function";
import {
  checkedNotificationConfigPath,
  slackNotifierConfig,
  slackWebhookStatements,
} from "./slack";
import { readConfigObjectStatements } from "../statements";
import { violationRouter } from "./violation-router";

export {
  PolicyRespondersArgsError,
  validatePolicyRespondersArgs,
  type PolicyRespondersArgs,
  type PolicyRespondersConfigBucket,
} from "./args";

/**
 * The responders of the IAM policy monitor, fed by rules on the violation bus: email (encrypted SNS
 * topic), Slack, the audit log in S3 with its Glue table (partition projection), and the remediator
 * behind an encrypted SQS queue; plus a dashboard and alarms on errors, DLQs and failed remediations.
 * The Slack routing (`notification-config.yaml`) and the remediator's settings (`remediator.yaml`)
 * are validated here and uploaded to PolicyMonitor's config bucket, where the handlers read them.
 */
export class PolicyResponders extends pulumi.ComponentResource {
  public readonly emailTopicArn: pulumi.Output<string>;
  public readonly auditBucketName: pulumi.Output<string>;
  public readonly glueDatabaseName: pulumi.Output<string>;
  public readonly auditTableName: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;
  public readonly remediationQueueUrl?: pulumi.Output<string>;
  public readonly remediationQueueArn?: pulumi.Output<string>;
  /** The remediator's execution role, when remediation is enabled. */
  public readonly remediatorRoleArn?: pulumi.Output<string>;

  constructor(name: string, args: PolicyRespondersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyResponders", name, {}, opts);
    validatePolicyRespondersArgs(name, args);
    const fail = (problem: string): never => {
      throw new PolicyRespondersArgsError(name, problem);
    };
    // The config objects are checked before any child exists: a bad file fails the preview.
    const notificationConfigPath = args.slackWebhookParameterName
      ? checkedNotificationConfigPath(args.notificationConfigPath, fail)
      : undefined;
    const remediatorSettings = args.remediationEnabled
      ? remediatorSettingsYaml(args, fail)
      : undefined;
    const parent = { parent: this };
    const ctx: ResponderContext = {
      account: aws.getCallerIdentityOutput({}, parent).accountId,
      region: aws.getRegionOutput({}, parent).region,
      partition: aws.getPartitionOutput({}, parent).partition,
      tags: args.tags,
      opts: parent,
    };
    const namespace = args.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE;
    const email = createEmailTopic(name, args.emailAddresses ?? [], ctx);
    const audit = createAuditLog(
      name,
      { retentionDays: args.auditRetentionDays, glueDatabaseName: args.glueDatabaseName },
      ctx,
    );
    const queueDefaults = {
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
      tags: args.tags,
    };
    const dlq = createDeadLetterQueue(name, args.tags, parent);
    const slackParameter = args.slackWebhookParameterName;
    const slackStatements = slackParameter
      ? slackWebhookStatements(slackParameter, args.slackWebhookKmsKeyArn, ctx)
      : [];
    const slackEnv: Record<string, string> = slackParameter
      ? { [NOTIFIER_ENV.slackWebhookParameter]: slackParameter }
      : {};

    const handler = responderFunctionFactory(name, namespace, dlq.arn, ctx);
    const functions: Record<string, LambdaFunction> = {
      email: handler("email", "handlers/policy-monitor/emailer/index.ts", email.publishStatements, {
        [EMAILER_ENV.emailTopicArn]: email.topic.arn,
      }),
      "audit-writer": handler(
        "audit-writer",
        "handlers/policy-monitor/audit-writer/index.ts",
        audit.writeStatements([AUDIT_BUCKET_PREFIXES.audit]),
        { [AUDIT_WRITER_ENV.auditBucket]: audit.bucket.bucketName },
      ),
    };
    if (slackParameter && notificationConfigPath) {
      const notifier = slackNotifierConfig(
        name,
        {
          parameterName: slackParameter,
          notificationConfigPath,
          maxAttempts: args.slackMaxAttempts,
          configBucket: args.configBucket,
        },
        ctx,
      );
      functions.slack = handler(
        "slack",
        "handlers/policy-monitor/notifier/index.ts",
        [
          ...slackStatements,
          ...readConfigObjectStatements("ReadNotificationConfig", args.configBucket, [
            CONFIG_BUCKET_KEYS.notificationConfig,
          ]),
        ],
        notifier.environment,
      );
    }

    const router = violationRouter(name, args.violationBusName, dlq.arn, ctx);
    for (const [role, fn] of Object.entries(functions)) {
      const rule = router.route(role, fn.arn);
      new aws.lambda.Permission(
        `${name}-${role}-invoke`,
        {
          action: "lambda:InvokeFunction",
          function: fn.functionName,
          principal: "events.amazonaws.com",
          sourceArn: rule.arn,
        },
        parent,
      );
    }

    const remediationDeadLetters: Record<string, pulumi.Output<string>> = {};
    const remediationFailures: Record<string, FailureMetric> = {};
    if (remediatorSettings !== undefined) {
      const remediation = createRemediator(
        name,
        {
          queueDefaults,
          maxReceiveCount: args.remediationMaxReceiveCount,
          allowedActions: args.allowedActions,
          dryRun: args.dryRun,
          protectedPrincipals: args.protectedPrincipals,
          detachAwsManagedPolicies: args.detachAwsManagedPolicies,
          metricsNamespace: namespace,
          audit,
          email,
          slackStatements,
          slackEnvironment: slackEnv,
          router,
          responderFunction: handler,
          configBucket: args.configBucket,
          settingsYaml: remediatorSettings,
        },
        ctx,
      );
      functions.remediator = remediation.function;
      remediationDeadLetters["remediation-dlq"] = remediation.deadLetterQueue.name;
      remediationFailures.remediation = {
        namespace,
        metricName: RESPONDER_METRICS.remediationFailure,
        dimensions: { service: POLICY_MONITOR_SERVICES.remediator },
        description: `The remediator of ${name} could not undo a violation: read its log group`,
      };
      this.remediationQueueUrl = remediation.queue.url;
      this.remediationQueueArn = remediation.queue.arn;
      this.remediatorRoleArn = remediation.function.roleArn;
    }
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      dlq,
      router.rules.map((r) => r.arn),
      "FromViolationRules",
      parent,
    );
    createFailureAlarms(
      name,
      {
        topicArn: args.alarmTopicArn ?? email.topic.arn,
        functions: Object.fromEntries(
          Object.entries(functions).map(([role, fn]) => [role, fn.functionName]),
        ),
        deadLetterQueues: { dlq: dlq.name, ...remediationDeadLetters },
        failureMetrics: remediationFailures,
        thresholds: args.failureAlarms,
        tags: args.tags,
      },
      parent,
    );
    const dashboard = createDashboard(name, namespace, Object.values(functions), ctx);

    this.emailTopicArn = email.topic.arn;
    this.auditBucketName = audit.bucket.bucketName;
    this.glueDatabaseName = audit.database.name;
    this.auditTableName = audit.table.name;
    this.deadLetterQueueArn = dlq.arn;
    this.kmsKeyArn = email.key.arn;
    this.dashboardName = dashboard.dashboardName;
    this.registerOutputs({
      emailTopicArn: this.emailTopicArn,
      auditBucketName: this.auditBucketName,
      glueDatabaseName: this.glueDatabaseName,
      auditTableName: this.auditTableName,
      deadLetterQueueArn: this.deadLetterQueueArn,
      kmsKeyArn: this.kmsKeyArn,
      dashboardName: this.dashboardName,
      remediationQueueUrl: this.remediationQueueUrl,
      remediationQueueArn: this.remediationQueueArn,
      remediatorRoleArn: this.remediatorRoleArn,
    });
  }
}
