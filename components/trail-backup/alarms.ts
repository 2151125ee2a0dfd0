import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  TRAIL_BACKUP_METRIC_NAMESPACE,
  TRAIL_BACKUP_METRICS,
  TRAIL_BACKUP_SERVICE_NAME,
} from "../../contracts/trail-backup";
import { createAlarmTopic } from "../core/alarm-topic";

export interface TrailBackupAlarmsArgs {
  /** The backup function whose errors and failed objects alarm. */
  readonly functionName: pulumi.Input<string>;
  /** The dead-letter queue of the function and its schedule. */
  readonly deadLetterQueueName: pulumi.Input<string>;
  /** Addresses that the alarms email (each must confirm). Defaults to none: the topic only. */
  readonly alarmEmails?: string[];
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An encrypted topic, its email subscriptions, and alarms on failed invocations, failed objects
 * and dead letters.
 */
export function createTrailBackupAlarms(
  name: string,
  args: TrailBackupAlarmsArgs,
  opts: pulumi.CustomResourceOptions,
): aws.sns.Topic {
  const { topic } = createAlarmTopic(
    `${name}-alarm`,
    { purpose: `the alarm topic of ${name}`, emailAddresses: args.alarmEmails, tags: args.tags },
    opts,
  );
  const alarm = (suffix: string, alarmArgs: Partial<aws.cloudwatch.MetricAlarmArgs>) =>
    new aws.cloudwatch.MetricAlarm(
      `${name}-${suffix}`,
      {
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        period: 3600,
        statistic: "Sum",
        threshold: 1,
        treatMissingData: "notBreaching",
        alarmActions: [topic.arn],
        tags: args.tags,
        ...alarmArgs,
      } as aws.cloudwatch.MetricAlarmArgs,
      opts,
    );
  alarm("errors-alarm", {
    alarmDescription: `The CloudTrail backup ${name} failed: see its log group`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: args.functionName },
  });
  alarm("failed-objects-alarm", {
    alarmDescription: `The CloudTrail backup ${name} could not copy some objects before they expire`,
    namespace: TRAIL_BACKUP_METRIC_NAMESPACE,
    metricName: TRAIL_BACKUP_METRICS.objectsFailed,
    dimensions: { service: TRAIL_BACKUP_SERVICE_NAME, FunctionName: args.functionName },
  });
  alarm("dlq-alarm", {
    alarmDescription: `The CloudTrail backup ${name} has dead letters: a run or its schedule event failed`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: args.deadLetterQueueName },
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    statistic: "Maximum",
    period: 300,
  });
  return topic;
}
