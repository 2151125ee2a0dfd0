import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { LambdaFunction } from "../../core/lambda-function";

export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  readonly statistic: string;
}

/** An alarm that fires when the metric is above zero over five minutes. */
export function aboveZeroAlarm(
  name: string,
  metric: AlarmMetric,
  topicArn: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
) {
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: metric.dimensions,
      statistic: metric.statistic,
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [topicArn],
      okActions: [topicArn],
    },
    opts,
  );
}

/** Alarms on dead letters of the violation rules and on errors of each responder function. */
export function createResponderAlarms(
  name: string,
  deadLetterQueueName: pulumi.Input<string>,
  functions: Record<string, LambdaFunction>,
  topicArn: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): void {
  aboveZeroAlarm(
    `${name}-dlq-depth`,
    {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: deadLetterQueueName },
      statistic: "Maximum",
    },
    topicArn,
    opts,
  );
  for (const [role, fn] of Object.entries(functions)) {
    aboveZeroAlarm(
      `${name}-${role}-errors`,
      {
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: fn.functionName },
        statistic: "Sum",
      },
      topicArn,
      opts,
    );
  }
}
