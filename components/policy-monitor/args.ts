import type * as pulumi from "@pulumi/pulumi";
import { DEDUP_WINDOW_MINUTES } from "../../contracts/policy-monitor";
import { componentArgsError } from "../core/errors";
import type { ComponentAlarmArgs } from "../core/failure-alarms";
import type { PolicyRespondersSettings } from "./responders/args";

/** The detector's memory in MB, unless set: the IAM action catalogue is held in memory. */
export const DEFAULT_DETECTOR_MEMORY_SIZE = 512;
/** Log retention of the detector in days, unless set. */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

/** Where the detector sends violations in direct mode: a topic, a queue, or both. */
export interface PolicyMonitorDirectDelivery {
  /** An SNS topic that receives each violation. Defaults to none. */
  readonly topicArn?: pulumi.Input<string>;
  /** An SQS queue that receives each violation; needs `queueUrl`. Defaults to none. */
  readonly queueArn?: pulumi.Input<string>;
  /** The URL of that queue. Defaults to none. */
  readonly queueUrl?: pulumi.Input<string>;
}

export interface PolicyMonitorArgs extends ComponentAlarmArgs {
  /**
   * A rules file to upload as `rules.yaml` to the config bucket, validated when the program runs
   * (a bad file fails `pulumi preview`). A relative path is read from the Pulumi project's
   * directory (the folder of `Pulumi.yaml`), an absolute one as given.
   * Defaults to the `rules/rules.yaml` opsguard ships.
   */
  readonly rulesPath?: string;
  /**
   * A suppressions file to upload as `suppress.yaml`, validated and found as `rulesPath` is.
   * Defaults to the `rules/suppress.yaml` opsguard ships.
   */
  readonly suppressPath?: string;
  /**
   * The region the stack deploys to; when it is not us-east-1, a forwarding rule is created there.
   * Defaults to the `aws:region` config.
   */
  readonly region?: string;
  /**
   * Direct mode: the detector sends each violation to this SNS topic and/or SQS queue (`queueArn`
   * with `queueUrl`) instead of the violation bus (`USE_EVENTBRIDGE=false`). Defaults to none
   * (EventBridge).
   */
  readonly directDelivery?: PolicyMonitorDirectDelivery;
  /**
   * Minutes during which an identical IAM change (same account, call, target, document and matched
   * rules, in another CloudTrail event) is not published again; 0 publishes every event. From 0
   * to 1440. Defaults to `DEDUP_WINDOW_MINUTES.default` (60).
   */
  readonly dedupWindowMinutes?: number;
  /** The detector's memory in MB. Defaults to `DEFAULT_DETECTOR_MEMORY_SIZE` (512). */
  readonly detectorMemorySize?: number;
  /** Log retention of the detector in days. Defaults to `DEFAULT_LOG_RETENTION_DAYS` (90). */
  readonly logRetentionDays?: number;
  /**
   * CloudWatch namespace of the detector's metrics (env `METRICS_NAMESPACE`) and of the responders',
   * so that their dashboard finds the detector's. Defaults to `responders.metricsNamespace`, else
   * `DEFAULT_METRICS_NAMESPACE` (`IAMPolicyMonitor`).
   */
  readonly metricsNamespace?: string;
  /**
   * The responders on the violation bus: email, Slack, audit log, metrics, dashboard, remediator
   * (see `PolicyRespondersSettings`). Defaults to none: violations are only published on the bus.
   */
  readonly responders?: PolicyRespondersSettings;
  /** Tags for every child resource. Defaults to none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args of a PolicyMonitor contradict each other; the message names the field. */
export const PolicyMonitorArgsError = componentArgsError("PolicyMonitor");
export type PolicyMonitorArgsError = InstanceType<typeof PolicyMonitorArgsError>;

/**
 * Checks what the types cannot: direct mode has somewhere to deliver, and the detector and the
 * responders' dashboard agree on one metrics namespace.
 */
export function validatePolicyMonitorArgs(name: string, args: PolicyMonitorArgs): void {
  const fail = (problem: string) => {
    throw new PolicyMonitorArgsError(name, problem);
  };
  const direct = args.directDelivery;
  if (direct && !direct.topicArn && !(direct.queueArn && direct.queueUrl)) {
    fail("directDelivery needs topicArn, or queueArn with queueUrl");
  }
  const window = args.dedupWindowMinutes;
  if (
    window !== undefined &&
    !(
      Number.isInteger(window) &&
      window >= DEDUP_WINDOW_MINUTES.min &&
      window <= DEDUP_WINDOW_MINUTES.max
    )
  ) {
    fail(
      `dedupWindowMinutes must be an integer from ${DEDUP_WINDOW_MINUTES.min} to ${DEDUP_WINDOW_MINUTES.max}, got ${window}`,
    );
  }
  const respondersNamespace = args.responders?.metricsNamespace;
  if (
    args.metricsNamespace &&
    respondersNamespace &&
    args.metricsNamespace !== respondersNamespace
  ) {
    fail(
      `metricsNamespace "${args.metricsNamespace}" differs from responders.metricsNamespace "${respondersNamespace}"; the dashboard would miss the detector's metrics`,
    );
  }
}
