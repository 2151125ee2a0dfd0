import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RemediationAction } from "../../../contracts/violation";
import type { LambdaFunction } from "../../core/lambda-function";
import { createResponderAlarms } from "./alarms";
import { createAuditLog } from "./audit-log";
import type { ResponderContext } from "./context";
import { createDashboard } from "./dashboard";
import { createEmailTopic } from "./email-topic";
import { createRemediator } from "./remediator";
import { responderFunctionFactory } from "./responder-function";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../../core/queues";
import { slackNotifierEnvironment, slackWebhookStatements } from "./slack";
import { violationRouter } from "./violation-router";

export interface PolicyRespondersArgs {
  /** The name of the custom EventBridge bus the detector publishes violations on. */
  readonly violationBusName: pulumi.Input<string>;
  /** The ARN of that bus. */
  readonly violationBusArn: pulumi.Input<string>;
  /** Email addresses subscribed to the violation topic. Defaults to none. */
  readonly emailAddresses?: string[];
  /** SSM SecureString holding the Slack webhook URL. Defaults to none: no Slack notifier. */
  readonly slackWebhookParameterName?: string;
  /** KMS key that encrypts that parameter. Defaults to the `aws/ssm` key (via SSM only). */
  readonly slackWebhookKmsKeyArn?: pulumi.Input<string>;
  /** Slack routing file. Defaults to `rules/notification-config.yaml`. */
  readonly notificationConfigPath?: string;
  /** Slack attempts per message before the invocation fails. Defaults to 4. */
  readonly slackMaxAttempts?: number;
  /** Whether to create the remediator and its queue. Defaults to false. */
  readonly remediationEnabled?: boolean;
  /** Actions the remediator may perform. Defaults to none. */
  readonly allowedActions?: RemediationAction[];
  /** Whether the remediator only reports what it would do. Defaults to true. */
  readonly dryRun?: boolean;
  /** Principals never remediated: ARN or name globs (break-glass, admins). Defaults to none. */
  readonly protectedPrincipals?: string[];
  /** Whether an AWS managed policy may be detached from a principal. Defaults to false. */
  readonly detachAwsManagedPolicies?: boolean;
  /** Receives of a remediation message before it goes to the DLQ. Defaults to 3. */
  readonly remediationMaxReceiveCount?: number;
  /** CloudWatch namespace of the handlers' metrics. Defaults to `IAMPolicyMonitor`. */
  readonly metricsNamespace?: string;
  /** Days the audit log is kept. Defaults to 365. */
  readonly auditRetentionDays?: number;
  /** Glue database of the audit table. Defaults to `opsguard_policy_monitor_<stack>`. */
  readonly glueDatabaseName?: string;
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The responders of the IAM policy monitor, fed by rules on the violation bus: email (encrypted SNS
 * topic), Slack, the audit log in S3 with its Glue table (partition projection), and the remediator
 * behind an encrypted SQS queue; plus a dashboard and alarms on errors, DLQs and failed remediations.
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

  constructor(name: string, args: PolicyRespondersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:PolicyResponders", name, {}, opts);
    const parent = { parent: this };
    const ctx: ResponderContext = {
      account: aws.getCallerIdentityOutput({}, parent).accountId,
      region: aws.getRegionOutput({}, parent).region,
      partition: aws.getPartitionOutput({}, parent).partition,
      tags: args.tags,
      opts: parent,
    };
    const namespace = args.metricsNamespace ?? "IAMPolicyMonitor";
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
      ? { SLACK_WEBHOOK_PARAMETER: slackParameter }
      : {};

    const handler = responderFunctionFactory(name, namespace, dlq.arn, ctx);
    const functions: Record<string, LambdaFunction> = {
      email: handler("email", "handlers/policy-monitor/emailer/index.ts", email.publishStatements, {
        EMAIL_TOPIC_ARN: email.topic.arn,
      }),
      "audit-writer": handler(
        "audit-writer",
        "handlers/policy-monitor/audit-writer/index.ts",
        audit.writeStatements(["audit/"]),
        { AUDIT_BUCKET: audit.bucket.bucketName },
      ),
    };
    if (slackParameter) {
      functions.slack = handler(
        "slack",
        "handlers/policy-monitor/notifier/index.ts",
        slackStatements,
        slackNotifierEnvironment({
          parameterName: slackParameter,
          notificationConfigPath: args.notificationConfigPath,
          maxAttempts: args.slackMaxAttempts,
        }),
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

    if (args.remediationEnabled) {
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
        },
        ctx,
      );
      functions.remediator = remediation.function;
      this.remediationQueueUrl = remediation.queue.url;
      this.remediationQueueArn = remediation.queue.arn;
    }
    allowEventBridgeToSend(
      `${name}-dlq-policy`,
      dlq,
      router.rules.map((r) => r.arn),
      "FromViolationRules",
      parent,
    );
    createResponderAlarms(name, dlq.name, functions, email.topic.arn, parent);
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
    });
  }
}
