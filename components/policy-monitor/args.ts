import type * as pulumi from "@pulumi/pulumi";
import { componentArgsError } from "../core/errors";
import type { PolicyRespondersArgs } from "./responders/args";

/** The detector's memory in MB, unless set: the IAM action catalogue is held in memory. */
export const DEFAULT_DETECTOR_MEMORY_SIZE = 512;
/** Log retention of the detector in days, unless set. */
export const DEFAULT_LOG_RETENTION_DAYS = 90;

export interface PolicyMonitorArgs {
  /** A rules file to upload as `rules.yaml`. Defaults to the repo's `rules/rules.yaml`. */
  readonly rulesPath?: string;
  /** A suppressions file to upload as `suppress.yaml`. Defaults to the repo's `rules/suppress.yaml`. */
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
  readonly directDelivery?: {
    readonly topicArn?: pulumi.Input<string>;
    readonly queueArn?: pulumi.Input<string>;
    readonly queueUrl?: pulumi.Input<string>;
  };
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
   * (see `PolicyRespondersArgs`). Defaults to none: violations are only published on the bus.
   */
  readonly responders?: Omit<PolicyRespondersArgs, "violationBusName" | "violationBusArn" | "tags">;
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
