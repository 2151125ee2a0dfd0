import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAlarmTopic } from "./alarm-topic";

/**
 * When the failure alarms fire. A function alarms on errors in `datapointsToAlarm` of
 * `evaluationPeriods` five-minute periods, so that one flaky call does not page; a failure that no
 * retry fixed lands in a dead-letter queue, whose alarm fires on its first message.
 */
export interface FailureAlarmThresholds {
  /** Errors of a function in one five-minute period that make the period failing. Defaults to 1. */
  readonly functionErrors?: number;
  /** The five-minute periods a function's alarm looks at. Defaults to 3. */
  readonly evaluationPeriods?: number;
  /** Failing periods, out of `evaluationPeriods`, that raise a function's alarm. Defaults to 2. */
  readonly datapointsToAlarm?: number;
  /**
   * Messages in a dead-letter queue that raise its alarm. Defaults to 1: every dead letter is a
   * failure that every retry missed.
   */
  readonly deadLetters?: number;
  /** Count of a handler's own failure metric (e.g. `SyncFailed`) in an hour that alarms. Defaults to 1. */
  readonly failureCount?: number;
}

/** The defaults of `FailureAlarmThresholds`. */
export const DEFAULT_FAILURE_ALARM_THRESHOLDS: Required<FailureAlarmThresholds> = {
  functionErrors: 1,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  deadLetters: 1,
  failureCount: 1,
};

/** A handler's own metric that counts failures, e.g. SecretSync's `SyncFailed`. */
export interface FailureMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  /** What a human reading the alarm should know. */
  readonly description: string;
}

export interface FailureAlarmsArgs {
  /** The topic every alarm notifies, when it fires and when it recovers. */
  readonly topicArn: pulumi.Input<string>;
  /** Function names by role (`watcher`, `detector`): each alarms on its errors. */
  readonly functions?: Record<string, pulumi.Input<string>>;
  /** Dead-letter queue names by role: each alarms on its visible messages. */
  readonly deadLetterQueues?: Record<string, pulumi.Input<string>>;
  /** Failure metrics by role. */
  readonly failureMetrics?: Record<string, FailureMetric>;
  readonly thresholds?: FailureAlarmThresholds;
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Alarms on every failure a component can have: `${prefix}-<role>-errors` per function,
 * `${prefix}-<role>-dead-letters` per dead-letter queue, `${prefix}-<role>-failures` per metric.
 */
export function createFailureAlarms(
  prefix: string,
  args: FailureAlarmsArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm[] {
  const thresholds = { ...DEFAULT_FAILURE_ALARM_THRESHOLDS, ...args.thresholds };
  const alarm = (name: string, alarmArgs: aws.cloudwatch.MetricAlarmArgs) =>
    new aws.cloudwatch.MetricAlarm(
      name,
      {
        treatMissingData: "notBreaching",
        alarmActions: [args.topicArn],
        okActions: [args.topicArn],
        tags: args.tags,
        ...alarmArgs,
      },
      opts,
    );
  const alarms: aws.cloudwatch.MetricAlarm[] = [];
  for (const [role, functionName] of Object.entries(args.functions ?? {})) {
    alarms.push(
      alarm(`${prefix}-${role}-errors`, {
        alarmDescription: pulumi.interpolate`${functionName} failed in ${thresholds.datapointsToAlarm} of ${thresholds.evaluationPeriods} five-minute periods: see its log group`,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: functionName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: thresholds.evaluationPeriods,
        datapointsToAlarm: thresholds.datapointsToAlarm,
        threshold: thresholds.functionErrors,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
  }
  for (const [role, queueName] of Object.entries(args.deadLetterQueues ?? {})) {
    alarms.push(
      alarm(`${prefix}-${role}-dead-letters`, {
        alarmDescription: pulumi.interpolate`${queueName} holds events that failed every retry: read them, fix the cause, redrive`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: thresholds.deadLetters,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
  }
  for (const [role, metric] of Object.entries(args.failureMetrics ?? {})) {
    alarms.push(
      alarm(`${prefix}-${role}-failures`, {
        alarmDescription: metric.description,
        namespace: metric.namespace,
        metricName: metric.metricName,
        dimensions: metric.dimensions,
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: 1,
        threshold: thresholds.failureCount,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
  }
  return alarms;
}

/** Where a component's alarms go: the given topic, or a new encrypted one emailing `emails`. */
export function alarmTopicArnOf(
  prefix: string,
  settings: {
    readonly alarmTopicArn?: pulumi.Input<string>;
    readonly alarmEmails?: string[];
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  },
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  if (settings.alarmTopicArn !== undefined) return pulumi.output(settings.alarmTopicArn);
  return createAlarmTopic(
    `${prefix}-alarm`,
    {
      purpose: `the alarm topic of ${prefix}`,
      emailAddresses: settings.alarmEmails,
      tags: settings.tags,
    },
    opts,
  ).topic.arn;
}

/** The alarm arguments every opsguard component takes. */
export interface ComponentAlarmArgs {
  /**
   * An SNS topic that every alarm of the component notifies (for example the stack's shared alerts
   * topic). Defaults to a new topic, encrypted with its own key, that emails `alarmEmails`.
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /**
   * Addresses the component's new alarm topic emails; each must confirm. Defaults to none. Not used
   * when `alarmTopicArn` is given.
   */
  readonly alarmEmails?: string[];
  /** When the failure alarms fire. Defaults to `DEFAULT_FAILURE_ALARM_THRESHOLDS`. */
  readonly failureAlarms?: FailureAlarmThresholds;
}

/**
 * A component's failure alarms, to `settings.alarmTopicArn` or to a new topic emailing
 * `settings.alarmEmails`, with `settings.failureAlarms` thresholds. Returns the topic's ARN.
 */
export function alarmOnFailures(
  prefix: string,
  settings: ComponentAlarmArgs & {
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  },
  targets: Pick<FailureAlarmsArgs, "functions" | "deadLetterQueues" | "failureMetrics">,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const topicArn = alarmTopicArnOf(prefix, settings, opts);
  createFailureAlarms(
    prefix,
    { ...targets, topicArn, thresholds: settings.failureAlarms, tags: settings.tags },
    opts,
  );
  return topicArn;
}
