import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  VIOLATION_DETAIL_TYPE,
  VIOLATION_SOURCE,
  type RemediationAction,
} from "../handlers/policy-shared/violation";
import { REPO_ROOT } from "./build/bundle";
import { LambdaFunction } from "./lambda-function";
import { createAlarmTopic } from "./alarm-topic";
import { policyDocument, type PolicyStatement } from "./policy";
import { SecureBucket } from "./secure-bucket";

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
  /** Slack routing file. Defaults to `policy-monitor/notification-config.yaml`. */
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

/** The columns of the audit log (handlers/policy-responders-shared/audit-log.ts). */
const AUDIT_COLUMNS: Array<[string, string]> = [
  ...["record_type", "recorded_at", "violation_id", "rule_id", "severity", "title", "account_id"],
  ...["region", "event_id", "event_name", "event_time", "actor_type", "actor_arn", "target_kind"],
  ...["policy_arn", "policy_name", "principal_type", "principal_name", "principal_arn"],
  ...["suggested_action", "action", "status"],
].map((name): [string, string] => [name, "string"]);
AUDIT_COLUMNS.push(["dry_run", "boolean"], ["reason", "string"], ["changes", "array<string>"]);

/** What every part of the component shares: where it runs, its tags, and its parent. */
interface Context {
  readonly account: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  readonly opts: pulumi.CustomResourceOptions;
}

/** The KMS key and the encrypted topic of the emails (and alarms), with its subscriptions. */
function createEmailTopic(name: string, emailAddresses: string[], ctx: Context) {
  const { key, topic } = createAlarmTopic(
    `${name}-email`,
    { purpose: `the violation email topic of ${name}`, emailAddresses, tags: ctx.tags },
    ctx.opts,
  );
  const publishStatements: PolicyStatement[] = [
    { Sid: "PublishEmail", Effect: "Allow", Action: ["sns:Publish"], Resource: topic.arn },
    {
      Sid: "EncryptForTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: key.arn,
    },
  ];
  return { key, topic, publishStatements };
}

/** The audit bucket, and the Glue database and table (partition projection) over `audit/`. */
function createAuditLog(name: string, args: PolicyRespondersArgs, ctx: Context) {
  const bucket = new SecureBucket(
    `${name}-audit`,
    {
      lifecycleRules: [
        {
          id: "expire-audit",
          status: "Enabled",
          filter: { prefix: "audit/" },
          expiration: { days: args.auditRetentionDays ?? 365 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
      ],
      tags: ctx.tags,
    },
    ctx.opts,
  );
  const writeStatements = (prefixes: string[]): PolicyStatement[] => [
    {
      Sid: "WriteAuditLog",
      Effect: "Allow",
      Action: ["s3:PutObject"],
      Resource: prefixes.map((prefix) => pulumi.interpolate`${bucket.arn}/${prefix}*`),
    },
    {
      Sid: "EncryptAuditLog",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: bucket.kmsKeyArn as pulumi.Output<string>,
    },
  ];
  const stack = pulumi
    .getStack()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "_");
  const database = new aws.glue.CatalogDatabase(
    `${name}-glue`,
    {
      name: args.glueDatabaseName ?? `opsguard_policy_monitor_${stack}`,
      description: "Audit log of the IAM policy monitor (violations and remediations)",
    },
    ctx.opts,
  );
  const location = pulumi.interpolate`s3://${bucket.bucketName}/audit/`;
  const table = new aws.glue.CatalogTable(
    `${name}-audit-table`,
    {
      databaseName: database.name,
      name: "audit_log",
      tableType: "EXTERNAL_TABLE",
      parameters: {
        EXTERNAL: "TRUE",
        classification: "json",
        "projection.enabled": "true",
        "projection.year.type": "integer",
        "projection.year.range": "2024,2100",
        "projection.month.type": "integer",
        "projection.month.range": "1,12",
        "projection.month.digits": "2",
        "projection.day.type": "integer",
        "projection.day.range": "1,31",
        "projection.day.digits": "2",
        "storage.location.template": pulumi.interpolate`${location}year=\${year}/month=\${month}/day=\${day}/`,
      },
      partitionKeys: ["year", "month", "day"].map((key) => ({ name: key, type: "string" })),
      storageDescriptor: {
        location,
        inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serDeInfo: {
          serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
          parameters: { "ignore.malformed.json": "true" },
        },
        columns: AUDIT_COLUMNS.map(([column, type]) => ({ name: column, type })),
      },
    },
    ctx.opts,
  );
  return { bucket, database, table, writeStatements };
}

/** Reading the Slack webhook: the parameter (by name only) and the key that decrypts it. */
function slackWebhookStatements(
  parameterName: string,
  kmsKeyArn: pulumi.Input<string> | undefined,
  ctx: Context,
): PolicyStatement[] {
  const { partition, region, account } = ctx;
  const path = parameterName.startsWith("/") ? parameterName : `/${parameterName}`;
  return [
    {
      Sid: "ReadSlackWebhook",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: pulumi.interpolate`arn:${partition}:ssm:${region}:${account}:parameter${path}`,
    },
    kmsKeyArn
      ? {
          Sid: "DecryptSlackWebhook",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: kmsKeyArn,
        }
      : {
          Sid: "DecryptSlackWebhook",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: pulumi.interpolate`arn:${partition}:kms:${region}:${account}:key/*`,
          Condition: {
            StringEquals: { "kms:ViaService": pulumi.interpolate`ssm.${region}.amazonaws.com` },
          },
        },
  ];
}

/** Exactly the IAM calls of handlers/policy-remediator, on IAM ARNs of this account. */
function remediatorIamStatements(ctx: Context): PolicyStatement[] {
  const arn = (kind: string) =>
    pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:${kind}/*`;
  const principals = [arn("user"), arn("role"), arn("group")];
  return [
    {
      Sid: "ReadIam",
      Effect: "Allow",
      Action: [
        ...["iam:GetPolicy", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"],
        ...["iam:GetUser", "iam:GetRole", "iam:GetGroup"],
        ...["iam:GetUserPolicy", "iam:GetRolePolicy", "iam:GetGroupPolicy"],
      ],
      Resource: [
        arn("policy"),
        pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/*`,
        ...principals,
      ],
    },
    {
      Sid: "DetachPolicies",
      Effect: "Allow",
      Action: [
        ...["iam:DetachUserPolicy", "iam:DetachRolePolicy", "iam:DetachGroupPolicy"],
        ...["iam:DeleteUserPolicy", "iam:DeleteRolePolicy", "iam:DeleteGroupPolicy"],
      ],
      Resource: principals,
    },
    {
      Sid: "DeleteAndTagPolicies",
      Effect: "Allow",
      Action: ["iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:TagPolicy"],
      Resource: arn("policy"),
    },
    // Defence in depth beside the handler's own checks: service-linked roles are never changed.
    {
      Sid: "NeverServiceLinkedRoles",
      Effect: "Deny",
      Action: ["iam:Detach*", "iam:Delete*"],
      Resource: arn("role/aws-service-role"),
    },
  ];
}

/** The dashboard: violations, notifications and audit, remediation, handler errors. */
function dashboardBody(
  namespace: string,
  region: pulumi.Output<string>,
  functions: LambdaFunction[],
) {
  const services = [
    "policy-emailer",
    "policy-notifier",
    "policy-audit-writer",
    "policy-remediator",
  ];
  const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat: "Sum", period: 300, view: "timeSeries", metrics },
  });
  // The detector (part 1) emits these with Powertools' default `service` dimension only.
  const detectorMetrics = [
    "ViolationCount",
    "EventProcessed",
    "EventBridgePublishSuccess",
    "EventBridgePublishFailure",
  ];
  const handlerMetrics = [
    "SNSAlertsPublished",
    "SlackNotificationsSent",
    "SlackNotificationsMuted",
    "AuditLogsWritten",
  ];
  const remediationMetrics = [
    "RemediationSuccess",
    "RemediationFailure",
    "RemediationSkipped",
    "DryRunExecutions",
  ];
  return pulumi.jsonStringify({
    widgets: [
      widget(
        "Detector",
        detectorMetrics.map((metric) => [namespace, metric, "service", "policy-detector"]),
        0,
        0,
      ),
      widget(
        "Notifications and audit",
        handlerMetrics.flatMap((metric) => services.map((s) => [namespace, metric, "service", s])),
        12,
        0,
      ),
      widget(
        "Remediation",
        remediationMetrics.map((metric) => [namespace, metric, "service", "policy-remediator"]),
        0,
        6,
      ),
      widget(
        "Handler errors",
        functions.map((fn) => ["AWS/Lambda", "Errors", "FunctionName", fn.functionName]),
        12,
        6,
      ),
    ],
  });
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
    const ctx: Context = {
      account: aws.getCallerIdentityOutput({}, parent).accountId,
      region: aws.getRegionOutput({}, parent).region,
      partition: aws.getPartitionOutput({}, parent).partition,
      tags: args.tags,
      opts: parent,
    };
    const namespace = args.metricsNamespace ?? "IAMPolicyMonitor";
    const email = createEmailTopic(name, args.emailAddresses ?? [], ctx);
    const audit = createAuditLog(name, args, ctx);
    const queueDefaults = {
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
      tags: args.tags,
    };
    const dlq = new aws.sqs.Queue(`${name}-dlq`, queueDefaults, parent);
    const slackParameter = args.slackWebhookParameterName;
    const slackStatements = slackParameter
      ? slackWebhookStatements(slackParameter, args.slackWebhookKmsKeyArn, ctx)
      : [];
    const slackEnv: Record<string, string> = slackParameter
      ? { SLACK_WEBHOOK_PARAMETER: slackParameter }
      : {};

    const handler = (
      role: string,
      entry: string,
      policyStatements: PolicyStatement[],
      environment: Record<string, pulumi.Input<string>>,
    ) =>
      new LambdaFunction(
        `${name}-${role}`,
        {
          entry,
          policyStatements,
          environment: { METRICS_NAMESPACE: namespace, ...environment },
          deadLetterQueueArn: dlq.arn,
          description: `IAM policy monitor: ${role}`,
          tags: args.tags,
        },
        parent,
      );
    const functions: Record<string, LambdaFunction> = {
      email: handler("email", "handlers/policy-emailer/index.ts", email.publishStatements, {
        EMAIL_TOPIC_ARN: email.topic.arn,
      }),
      "audit-writer": handler(
        "audit-writer",
        "handlers/policy-audit-writer/index.ts",
        audit.writeStatements(["audit/"]),
        { AUDIT_BUCKET: audit.bucket.bucketName },
      ),
    };
    if (slackParameter) {
      const configPath = resolve(
        REPO_ROOT,
        args.notificationConfigPath ?? "policy-monitor/notification-config.yaml",
      );
      functions.slack = handler("slack", "handlers/policy-notifier/index.ts", slackStatements, {
        ...slackEnv,
        // The handler validates it; JSON keeps the variable small (4 KB for all variables).
        NOTIFICATION_CONFIG: JSON.stringify(load(readFileSync(configPath, "utf8"))),
        SLACK_MAX_ATTEMPTS: String(args.slackMaxAttempts ?? 4),
      });
    }

    const rules: aws.cloudwatch.EventRule[] = [];
    const route = (role: string, targetArn: pulumi.Input<string>, detail = {}) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${role}-rule`,
        {
          eventBusName: args.violationBusName,
          description: `Violations to the ${role} responder`,
          eventPattern: JSON.stringify({
            source: [VIOLATION_SOURCE],
            "detail-type": [VIOLATION_DETAIL_TYPE],
            detail: { schemaVersion: [{ prefix: "1." }], ...detail },
          }),
          tags: args.tags,
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-${role}-target`,
        {
          rule: rule.name,
          eventBusName: args.violationBusName,
          arn: targetArn,
          deadLetterConfig: { arn: dlq.arn },
          retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
        },
        parent,
      );
      rules.push(rule);
      return rule;
    };
    for (const [role, fn] of Object.entries(functions)) {
      const rule = route(role, fn.arn);
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
      const remediationDlq = new aws.sqs.Queue(`${name}-remediation-dlq`, queueDefaults, parent);
      const queue = new aws.sqs.Queue(
        `${name}-remediation`,
        {
          ...queueDefaults,
          visibilityTimeoutSeconds: 360, // six times the function's timeout, as Lambda advises
          redrivePolicy: pulumi.jsonStringify({
            deadLetterTargetArn: remediationDlq.arn,
            maxReceiveCount: args.remediationMaxReceiveCount ?? 3,
          }),
        },
        parent,
      );
      const rule = route("remediation", queue.arn, { suggestedAction: [{ exists: true }] });
      new aws.sqs.QueuePolicy(
        `${name}-remediation-policy`,
        {
          queueUrl: queue.url,
          policy: policyDocument([
            {
              Sid: "FromViolationRule",
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: queue.arn,
              Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
            },
          ]),
        },
        parent,
      );
      const remediator = handler(
        "remediator",
        "handlers/policy-remediator/index.ts",
        [
          {
            Sid: "ConsumeQueue",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            Resource: queue.arn,
          },
          ...remediatorIamStatements(ctx),
          {
            Sid: "ReadDoneMarkers",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: pulumi.interpolate`${audit.bucket.arn}/state/*`,
          },
          ...audit.writeStatements(["audit/", "state/"]),
          ...email.publishStatements,
          ...slackStatements,
        ],
        {
          AUDIT_BUCKET: audit.bucket.bucketName,
          ALLOWED_ACTIONS: (args.allowedActions ?? []).join(","),
          DRY_RUN: String(args.dryRun ?? true),
          PROTECTED_PRINCIPALS: (args.protectedPrincipals ?? []).join(","),
          DETACH_AWS_MANAGED_POLICIES: String(args.detachAwsManagedPolicies ?? false),
          NOTIFICATION_TOPIC_ARN: email.topic.arn,
          ...slackEnv,
        },
      );
      new aws.lambda.EventSourceMapping(
        `${name}-remediator-source`,
        {
          eventSourceArn: queue.arn,
          functionName: remediator.functionName,
          batchSize: 10,
          functionResponseTypes: ["ReportBatchItemFailures"],
          scalingConfig: { maximumConcurrency: 2 },
        },
        parent,
      );
      functions.remediator = remediator;
      this.remediationQueueUrl = queue.url;
      this.remediationQueueArn = queue.arn;
      this.alarm(
        `${name}-remediation-dlq-depth`,
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        { QueueName: remediationDlq.name },
        "Maximum",
        email.topic.arn,
      );
      this.alarm(
        `${name}-remediation-failures`,
        namespace,
        "RemediationFailure",
        { service: "policy-remediator" },
        "Sum",
        email.topic.arn,
      );
    }
    new aws.sqs.QueuePolicy(
      `${name}-dlq-policy`,
      {
        queueUrl: dlq.url,
        policy: policyDocument([
          {
            Sid: "FromViolationRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: dlq.arn,
            Condition: { ArnEquals: { "aws:SourceArn": rules.map((r) => r.arn) } },
          },
        ]),
      },
      parent,
    );
    this.alarm(
      `${name}-dlq-depth`,
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      { QueueName: dlq.name },
      "Maximum",
      email.topic.arn,
    );
    for (const [role, fn] of Object.entries(functions)) {
      this.alarm(
        `${name}-${role}-errors`,
        "AWS/Lambda",
        "Errors",
        { FunctionName: fn.functionName },
        "Sum",
        email.topic.arn,
      );
    }
    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `${name}-${pulumi.getStack()}`,
        dashboardBody: dashboardBody(namespace, ctx.region, Object.values(functions)),
      },
      parent,
    );

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

  /** An alarm that fires when the metric is above zero over five minutes. */
  private alarm(
    name: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, pulumi.Input<string>>,
    statistic: string,
    topicArn: pulumi.Input<string>,
  ) {
    return new aws.cloudwatch.MetricAlarm(
      name,
      {
        namespace,
        metricName,
        dimensions,
        statistic,
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [topicArn],
        okActions: [topicArn],
      },
      { parent: this },
    );
  }
}
