import type * as pulumi from "@pulumi/pulumi";
import { SLACK_MAX_ATTEMPTS } from "../../../contracts/policy-monitor";
import type { RemediationAction } from "../../../contracts/violation";
import { componentArgsError } from "../../core/errors";
import type { FailureAlarmThresholds } from "../../core/failure-alarms";

/** The Slack routing file opsguard ships (under `PACKAGE_ROOT`), used when `notificationConfigPath` is not given. */
export const DEFAULT_NOTIFICATION_CONFIG_PATH = "rules/notification-config.yaml";
/** Receives of a remediation message before it goes to the DLQ, unless set. */
export const DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT = 3;
/** Days the audit log is kept, unless set. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** What the responders do with each violation; PolicyMonitor takes these as its `responders`. */
export interface PolicyRespondersSettings {
  /** Email addresses subscribed to the violation topic. Defaults to none. */
  readonly emailAddresses?: string[];
  /** SSM SecureString holding the Slack webhook URL. Defaults to none: no Slack notifier. */
  readonly slackWebhookParameterName?: string;
  /** KMS key that encrypts that parameter. Defaults to the `aws/ssm` key (via SSM only). */
  readonly slackWebhookKmsKeyArn?: pulumi.Input<string>;
  /**
   * Slack routing file, uploaded as `notification-config.yaml` to the config bucket (where the
   * notifier reads it at run time) after it is validated. A relative path is read from the Pulumi
   * project's directory (the folder of `Pulumi.yaml`), an absolute one as given.
   * Defaults to the shipped `DEFAULT_NOTIFICATION_CONFIG_PATH` (`rules/notification-config.yaml`).
   */
  readonly notificationConfigPath?: string;
  /**
   * Slack attempts per message before the invocation fails, within `SLACK_MAX_ATTEMPTS` (1–10).
   * Defaults to `SLACK_MAX_ATTEMPTS.default` (4).
   */
  readonly slackMaxAttempts?: number;
  /** Whether to create the remediator and its queue. Defaults to false. */
  readonly remediationEnabled?: boolean;
  // The four settings below are rendered into `remediator.yaml` in the config bucket, which the
  // remediator reads at run time (`contracts/policy-monitor-config/remediator-schema.ts`).
  /** Actions the remediator may perform. Defaults to none. */
  readonly allowedActions?: RemediationAction[];
  /** Whether the remediator only reports what it would do. Defaults to `REMEDIATOR_DEFAULTS.dryRun` (true). */
  readonly dryRun?: boolean;
  /**
   * Principals never remediated: ARN or name globs (break-glass, admins). The remediator's role is
   * also denied changing them, from this list at deploy time. Defaults to none.
   */
  readonly protectedPrincipals?: string[];
  /**
   * Whether an AWS managed policy may be detached from a principal.
   * Defaults to `REMEDIATOR_DEFAULTS.detachAwsManagedPolicies` (false).
   */
  readonly detachAwsManagedPolicies?: boolean;
  /** Receives of a remediation message before it goes to the DLQ. Defaults to `DEFAULT_REMEDIATION_MAX_RECEIVE_COUNT` (3). */
  readonly remediationMaxReceiveCount?: number;
  /** CloudWatch namespace of the handlers' metrics. Defaults to `DEFAULT_METRICS_NAMESPACE` (`IAMPolicyMonitor`). */
  readonly metricsNamespace?: string;
  /** Days the audit log is kept. Defaults to `DEFAULT_AUDIT_RETENTION_DAYS` (365). */
  readonly auditRetentionDays?: number;
  /** Glue database of the audit table. Defaults to `opsguard_policy_monitor_<stack>`. */
  readonly glueDatabaseName?: string;
}

/** The PolicyMonitor config bucket, where the responders' config objects go. */
export interface PolicyRespondersConfigBucket {
  /** The bucket's name. */
  readonly name: pulumi.Input<string>;
  /** The bucket's ARN. */
  readonly arn: pulumi.Input<string>;
  /** The KMS key that encrypts its objects: the notifier and remediator may decrypt with it. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

export interface PolicyRespondersArgs extends PolicyRespondersSettings {
  /** The topic the responders' failure alarms notify. Defaults to the violation email topic. */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** When the failure alarms fire. Defaults to `DEFAULT_FAILURE_ALARM_THRESHOLDS`. */
  readonly failureAlarms?: FailureAlarmThresholds;
  /** The name of the custom EventBridge bus the detector publishes violations on. */
  readonly violationBusName: pulumi.Input<string>;
  /** The ARN of that bus. */
  readonly violationBusArn: pulumi.Input<string>;
  /**
   * The PolicyMonitor config bucket: `notification-config.yaml` and `remediator.yaml` are uploaded
   * there, and the notifier and remediator read them from it.
   */
  readonly configBucket: PolicyRespondersConfigBucket;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a PolicyResponders cannot make working responders; the message names the field. */
export const PolicyRespondersArgsError = componentArgsError("PolicyResponders");
export type PolicyRespondersArgsError = InstanceType<typeof PolicyRespondersArgsError>;

/** The Slack settings that mean nothing without a webhook parameter. */
const SLACK_SETTINGS = [
  "slackWebhookKmsKeyArn",
  "notificationConfigPath",
  "slackMaxAttempts",
] as const;

/**
 * Checks what the types cannot: Slack settings come with a webhook parameter, and the Slack
 * attempts are within what the notifier accepts (it would fail at start otherwise).
 */
export function validatePolicyRespondersArgs(name: string, args: PolicyRespondersArgs): void {
  const fail = (problem: string) => {
    throw new PolicyRespondersArgsError(name, problem);
  };
  if (!args.slackWebhookParameterName) {
    const orphan = SLACK_SETTINGS.find((setting) => args[setting] !== undefined);
    if (orphan) fail(`${orphan} needs slackWebhookParameterName`);
  }
  const attempts = args.slackMaxAttempts;
  const { min, max } = SLACK_MAX_ATTEMPTS;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < min || attempts > max)) {
    fail(`slackMaxAttempts must be an integer from ${min} to ${max}, got ${attempts}`);
  }
}
