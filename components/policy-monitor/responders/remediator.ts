import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { dump } from "js-yaml";
import {
  AUDIT_BUCKET_PREFIXES,
  CONFIG_BUCKET_KEYS,
  CONFIG_CACHE_TTL_SECONDS,
  REMEDIATOR_DEFAULTS,
  REMEDIATOR_ENV,
} from "../../../contracts/policy-monitor";
import { ConfigFileError } from "../../../contracts/policy-monitor-config/config-file";
import {
  parseRemediatorSettings,
  type RemediatorSettings,
} from "../../../contracts/policy-monitor-config/remediator-schema";
import type { LambdaFunction } from "../../core/lambda-function";
import type { PolicyStatement } from "../../core/policy";
import { allowEventBridgeToSend, createDeadLetterQueue } from "../../core/queues";
import {
  DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT,
  type PolicyRespondersArgs,
  type PolicyRespondersConfigBucket,
} from "./args";
import type { AuditLog } from "./audit-log";
import type { ResponderContext } from "./context";
import type { EmailTopic } from "./email-topic";
import type { ResponderFunctionFactory } from "./responder-function";
import { readConfigObjectStatements } from "../statements";
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
  /** The config bucket `remediator.yaml` is uploaded to. */
  readonly configBucket: PolicyRespondersConfigBucket;
  /** `remediator.yaml`, rendered and checked by `remediatorSettingsYaml`. */
  readonly settingsYaml: string;
}

/** The settings args, in the order `remediator.yaml` holds them. */
const SETTINGS_ARGS = [
  "allowedActions",
  "dryRun",
  "protectedPrincipals",
  "detachAwsManagedPolicies",
] as const;

/**
 * `remediator.yaml` rendered from the args (defaults from `REMEDIATOR_DEFAULTS`), checked with the
 * schema the remediator reads it with, so that what the args allow the handler accepts.
 */
export function remediatorSettingsYaml(
  options: Pick<PolicyRespondersArgs, (typeof SETTINGS_ARGS)[number]>,
  fail: (problem: string) => never,
): string {
  const settings: RemediatorSettings = {
    version: 1,
    allowedActions: [...(options.allowedActions ?? [])],
    dryRun: options.dryRun ?? REMEDIATOR_DEFAULTS.dryRun,
    protectedPrincipals: [...(options.protectedPrincipals ?? [])],
    detachAwsManagedPolicies:
      options.detachAwsManagedPolicies ?? REMEDIATOR_DEFAULTS.detachAwsManagedPolicies,
  };
  const text =
    `# Rendered by PolicyResponders from its args ${SETTINGS_ARGS.join(", ")}.\n` +
    `# The remediator reads it at run time: an edit applies within ${CONFIG_CACHE_TTL_SECONDS} s,\n` +
    "# and the next `pulumi up` puts the args' values back.\n" +
    dump(settings);
  try {
    parseRemediatorSettings(text, CONFIG_BUCKET_KEYS.remediator);
  } catch (error) {
    if (error instanceof ConfigFileError) fail(error.message);
    throw error;
  }
  return text;
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
  const settings = new aws.s3.BucketObjectv2(
    `${name}-remediator-settings`,
    {
      bucket: options.configBucket.name,
      key: CONFIG_BUCKET_KEYS.remediator,
      content: options.settingsYaml,
      contentType: "application/yaml",
      tags: ctx.tags,
    },
    ctx.opts,
  );
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
    [
      ...remediatorStatements(
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
      ...readConfigObjectStatements("ReadRemediatorSettings", options.configBucket, [
        CONFIG_BUCKET_KEYS.remediator,
      ]),
    ],
    {
      [REMEDIATOR_ENV.auditBucket]: audit.bucket.bucketName,
      [REMEDIATOR_ENV.configBucket]: options.configBucket.name,
      // The object's key, not the constant: the function then waits for the upload.
      [REMEDIATOR_ENV.settingsKey]: settings.key,
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
