import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ALARM_THRESHOLDS } from "../../contracts/listing-api";
import type { ListingApiAlarmThresholds, ListingApiArgs } from "./args";

export interface ListingApiAlarmsArgs {
  readonly thresholds: ListingApiAlarmThresholds;
  readonly functionName: pulumi.Output<string>;
  readonly apiId: pulumi.Output<string>;
  readonly stageName: string;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly tags: ListingApiArgs["tags"];
}

/** The function's errors, throttles and p99 duration; the API's 5xx, 4xx rate and p99 latency. */
export function createListingApiAlarms(
  name: string,
  args: ListingApiAlarmsArgs,
  opts: pulumi.CustomResourceOptions,
): void {
  const { thresholds } = args;
  const lambda = { FunctionName: args.functionName };
  const api = { ApiId: args.apiId, Stage: args.stageName };
  const common = {
    alarmActions: [args.alarmTopicArn],
    okActions: [args.alarmTopicArn],
    treatMissingData: "notBreaching",
    tags: args.tags,
  };
  // One bad period is noise; the alarm fires when most of the recent periods are bad.
  const mostPeriods = {
    evaluationPeriods: thresholds.evaluationPeriods ?? DEFAULT_ALARM_THRESHOLDS.evaluationPeriods,
    datapointsToAlarm: thresholds.datapointsToAlarm ?? DEFAULT_ALARM_THRESHOLDS.datapointsToAlarm,
  };
  type Spec = [
    string,
    string,
    string,
    string,
    Record<string, pulumi.Input<string>>,
    string,
    number,
  ];
  // [suffix, description, namespace, metric, dimensions, statistic, threshold]
  const specs: Spec[] = [
    [
      "lambda-errors",
      "the function failed",
      "AWS/Lambda",
      "Errors",
      lambda,
      "Sum",
      thresholds.lambdaErrors ?? DEFAULT_ALARM_THRESHOLDS.lambdaErrors,
    ],
    [
      "lambda-throttles",
      "invocations were throttled",
      "AWS/Lambda",
      "Throttles",
      lambda,
      "Sum",
      thresholds.lambdaThrottles ?? DEFAULT_ALARM_THRESHOLDS.lambdaThrottles,
    ],
    [
      "lambda-duration-p99",
      "p99 duration is high (ms)",
      "AWS/Lambda",
      "Duration",
      lambda,
      "p99",
      thresholds.lambdaDurationP99Ms ?? DEFAULT_ALARM_THRESHOLDS.lambdaDurationP99Ms,
    ],
    [
      "api-5xx",
      "the API answered 5xx",
      "AWS/ApiGateway",
      "5xx",
      api,
      "Sum",
      thresholds.api5xx ?? DEFAULT_ALARM_THRESHOLDS.api5xx,
    ],
    [
      "api-latency-p99",
      "p99 latency is high (ms)",
      "AWS/ApiGateway",
      "Latency",
      api,
      "p99",
      thresholds.apiLatencyP99Ms ?? DEFAULT_ALARM_THRESHOLDS.apiLatencyP99Ms,
    ],
  ];
  for (const [suffix, description, namespace, metricName, dimensions, stat, threshold] of specs) {
    const percentile = stat.startsWith("p");
    new aws.cloudwatch.MetricAlarm(
      `${name}-${suffix}`,
      {
        alarmDescription: `ListingApi ${name}: ${description}`,
        namespace,
        metricName,
        dimensions,
        ...(percentile ? { extendedStatistic: stat } : { statistic: stat }),
        period: 300,
        threshold,
        comparisonOperator: percentile ? "GreaterThanThreshold" : "GreaterThanOrEqualToThreshold",
        ...mostPeriods,
        ...common,
      },
      opts,
    );
  }

  const apiMetric = (id: string, metricName: string) => ({
    id,
    returnData: false,
    metric: {
      namespace: "AWS/ApiGateway",
      metricName,
      dimensions: api,
      period: 300,
      stat: "Sum",
    },
  });
  new aws.cloudwatch.MetricAlarm(
    `${name}-api-4xx-rate`,
    {
      alarmDescription: `ListingApi ${name}: the share of 4xx answers (percent of requests) is high`,
      metricQueries: [
        apiMetric("clientErrors", "4xx"),
        apiMetric("requests", "Count"),
        {
          id: "clientErrorRate",
          expression: "IF(requests > 0, 100 * clientErrors / requests, 0)",
          label: "4xx rate (%)",
          returnData: true,
        },
      ],
      threshold: thresholds.api4xxRatePercent ?? DEFAULT_ALARM_THRESHOLDS.api4xxRatePercent,
      comparisonOperator: "GreaterThanThreshold",
      ...mostPeriods,
      ...common,
    },
    opts,
  );
}
