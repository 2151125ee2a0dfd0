import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AUDIT_BUCKET_PREFIXES,
  REMEDIATOR_DEFAULTS,
  REMEDIATOR_ENV,
} from "../../../contracts/policy-monitor";
import type { LambdaFunction } from "../../core/lambda-function";
import type { PolicyStatement } from "../../core/policy";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../../core/queues";
import { DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT, type PolicyRespondersArgs } from "./args";
import type { AuditLog } from "./audit-log";
import type { ResponderContext } from "./context";
import type { EmailTopic } from "./email-topic";
import type { ResponderFunctionFactory } from "./responder-function";
import { remediatorStatements } from "./statements";
import type { ViolationRouter } from "./violation-router";

export interface RemediatorOptions extends Pick<
  PolicyRespondersArgs,
  "allowedActions" | "dryRun" | "protectedPrincipals" | "detachAwsManagedPolicies"
> {
  /** Settings shared by the responders' queues (encryption, retention, tags). */
  readonly queueDefaults: aws.sqs.QueueArgs;
  /** Receives of a remediation message before it goes to the DLQ. Defaults to `DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT`. */
  readonly maxReceiveCount?: number;
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
 * own dead-letter queue (the component alarms on it and on failed remediations).
 */
export function createRemediator(
  name: string,
  options: RemediatorOptions,
  ctx: ResponderContext,
): { function: LambdaFunction; queue: aws.sqs.Queue; deadLetterQueue: aws.sqs.Queue } {
  const { audit, email, queueDefaults } = options;
  const remediationDlq = createDeadLetterQueue(`${name}-remediation`, ctx.tags, ctx.opts);
  const queue = new aws.sqs.Queue(
    `${name}-remediation`,
    {
      ...queueDefaults,
      visibilityTimeoutSeconds: 360, // six times the function's timeout, as Lambda advises
      redrivePolicy: pulumi.jsonStringify({
        deadLetterTargetArn: remediationDlq.arn,
        maxReceiveCount: options.maxReceiveCount ?? DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT,
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
    remediatorStatements(
      {
        queueArn: queue.arn,
        auditBucketArn: audit.bucket.arn,
        auditWriteStatements: audit.writeStatements([
          AUDIT_BUCKET_PREFIXES.audit,
          AUDIT_BUCKET_PREFIXES.state,
        ]),
        emailPublishStatements: email.publishStatements,
        slackStatements: options.slackStatements,
        untouchable: {
          // LambdaFunction names its role `${function}-role` plus an automatic suffix.
          ownRoleNamePattern: `${name}-remediator-role-*`,
          protectedPrincipals: options.protectedPrincipals ?? [],
        },
      },
      ctx,
    ),
    {
      [REMEDIATOR_ENV.auditBucket]: audit.bucket.bucketName,
      [REMEDIATOR_ENV.allowedActions]: (options.allowedActions ?? []).join(","),
      [REMEDIATOR_ENV.dryRun]: String(options.dryRun ?? REMEDIATOR_DEFAULTS.dryRun),
      [REMEDIATOR_ENV.protectedPrincipals]: (options.protectedPrincipals ?? []).join(","),
      [REMEDIATOR_ENV.detachAwsManagedPolicies]: String(
        options.detachAwsManagedPolicies ?? REMEDIATOR_DEFAULTS.detachAwsManagedPolicies,
      ),
      [REMEDIATOR_ENV.notificationTopicArn]: email.topic.arn,
      ...options.slackEnvironment,
    },
    // The SQS event source retries failed records and dead-letters them in the remediation DLQ.
    false,
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
  return { function: remediator, queue, deadLetterQueue: remediationDlq };
}
