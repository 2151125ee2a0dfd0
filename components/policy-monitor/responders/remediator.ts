import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RemediationAction } from "../../../contracts/violation";
import type { LambdaFunction } from "../../core/lambda-function";
import type { PolicyStatement } from "../../core/policy";
import { aboveZeroAlarm } from "./alarms";
import type { AuditLog } from "./audit-log";
import type { ResponderContext } from "./context";
import type { EmailTopic } from "./email-topic";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../../core/queues";
import type { ResponderFunctionFactory } from "./responder-function";
import type { ViolationRouter } from "./violation-router";

/** Exactly the IAM calls of handlers/policy-monitor/remediator, on IAM ARNs of this account. */
export function remediatorIamStatements(ctx: ResponderContext): PolicyStatement[] {
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

export interface RemediatorOptions {
  /** Settings shared by the responders' queues (encryption, retention, tags). */
  readonly queueDefaults: aws.sqs.QueueArgs;
  /** Receives of a remediation message before it goes to the DLQ. Defaults to 3. */
  readonly maxReceiveCount?: number;
  /** Actions the remediator may perform. Defaults to none. */
  readonly allowedActions?: RemediationAction[];
  /** Whether the remediator only reports what it would do. Defaults to true. */
  readonly dryRun?: boolean;
  /** Principals never remediated: ARN or name globs. Defaults to none. */
  readonly protectedPrincipals?: string[];
  /** Whether an AWS managed policy may be detached from a principal. Defaults to false. */
  readonly detachAwsManagedPolicies?: boolean;
  /** CloudWatch namespace of the remediator's metrics. */
  readonly metricsNamespace: string;
  readonly audit: AuditLog;
  readonly email: EmailTopic;
  /** Grants and environment for Slack, empty when there is no Slack notifier. */
  readonly slackStatements: PolicyStatement[];
  readonly slackEnvironment: Record<string, string>;
  readonly router: ViolationRouter;
  readonly responderFunction: ResponderFunctionFactory;
}

/**
 * The remediator behind an encrypted SQS queue fed by violations that suggest an action, with its
 * own dead-letter queue and alarms on dead letters and failed remediations.
 */
export function createRemediator(
  name: string,
  options: RemediatorOptions,
  ctx: ResponderContext,
): { function: LambdaFunction; queue: aws.sqs.Queue } {
  const { audit, email, queueDefaults } = options;
  const remediationDlq = createDeadLetterQueue(`${name}-remediation`, ctx.tags, ctx.opts);
  const queue = new aws.sqs.Queue(
    `${name}-remediation`,
    {
      ...queueDefaults,
      visibilityTimeoutSeconds: 360, // six times the function's timeout, as Lambda advises
      redrivePolicy: pulumi.jsonStringify({
        deadLetterTargetArn: remediationDlq.arn,
        maxReceiveCount: options.maxReceiveCount ?? 3,
      }),
    },
    ctx.opts,
  );
  const rule = options.router.route("remediation", queue.arn, {
    suggestedAction: [{ exists: true }],
  });
  allowEventBridgeToSend(
    `${name}-remediation-policy`,
    queue,
    [rule.arn],
    "FromViolationRule",
    ctx.opts,
  );
  const remediator = options.responderFunction(
    "remediator",
    "handlers/policy-monitor/remediator/index.ts",
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
      ...options.slackStatements,
    ],
    {
      AUDIT_BUCKET: audit.bucket.bucketName,
      ALLOWED_ACTIONS: (options.allowedActions ?? []).join(","),
      DRY_RUN: String(options.dryRun ?? true),
      PROTECTED_PRINCIPALS: (options.protectedPrincipals ?? []).join(","),
      DETACH_AWS_MANAGED_POLICIES: String(options.detachAwsManagedPolicies ?? false),
      NOTIFICATION_TOPIC_ARN: email.topic.arn,
      ...options.slackEnvironment,
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
    ctx.opts,
  );
  aboveZeroAlarm(
    `${name}-remediation-dlq-depth`,
    {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: remediationDlq.name },
      statistic: "Maximum",
    },
    email.topic.arn,
    ctx.opts,
  );
  aboveZeroAlarm(
    `${name}-remediation-failures`,
    {
      namespace: options.metricsNamespace,
      metricName: "RemediationFailure",
      dimensions: { service: "policy-remediator" },
      statistic: "Sum",
    },
    email.topic.arn,
    ctx.opts,
  );
  return { function: remediator, queue };
}
