import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ListingApiDashboardArgs {
  readonly stack: string;
  readonly region: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly apiId: pulumi.Output<string>;
  readonly stageName: string;
}

/** A dashboard of the API's requests, errors and latency and the function's invocations and duration. */
export function createListingApiDashboard(
  name: string,
  args: ListingApiDashboardArgs,
  opts: pulumi.CustomResourceOptions,
): pulumi.Output<string> {
  const fn = ["FunctionName", args.functionName];
  const api = ["ApiId", args.apiId, "Stage", args.stageName];
  const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region: args.region, view: "timeSeries", period: 300, metrics },
  });
  const dashboard = new aws.cloudwatch.Dashboard(
    `${name}-dashboard`,
    {
      dashboardName: `opsguard-${args.stack}-${name}`,
      dashboardBody: pulumi.jsonStringify({
        widgets: [
          widget(
            "Requests and errors",
            [
              ["AWS/ApiGateway", "Count", ...api, { stat: "Sum" }],
              ["AWS/ApiGateway", "4xx", ...api, { stat: "Sum" }],
              ["AWS/ApiGateway", "5xx", ...api, { stat: "Sum" }],
            ],
            0,
            0,
          ),
          widget(
            "API latency p99 (ms)",
            [
              ["AWS/ApiGateway", "Latency", ...api, { stat: "p99" }],
              ["AWS/ApiGateway", "IntegrationLatency", ...api, { stat: "p99" }],
            ],
            12,
            0,
          ),
          widget(
            "Function invocations",
            [
              ["AWS/Lambda", "Invocations", ...fn, { stat: "Sum" }],
              ["AWS/Lambda", "Errors", ...fn, { stat: "Sum" }],
              ["AWS/Lambda", "Throttles", ...fn, { stat: "Sum" }],
              ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum" }],
            ],
            0,
            6,
          ),
          widget(
            "Function duration (ms)",
            [
              ["AWS/Lambda", "Duration", ...fn, { stat: "p50" }],
              ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
            ],
            12,
            6,
          ),
        ],
      }),
    },
    opts,
  );
  return dashboard.dashboardName;
}
