import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LambdaFunction } from "../../core/lambda-function";
import type { ResponderContext } from "./context";

/** The dashboard: violations, notifications and audit, remediation, handler errors. */
function dashboardBody(
  namespace: string,
  region: pulumi.Output<string>,
  functions: LambdaFunction[],
) {
  const services = [
    "policy-emailer",
    "policy-notifier",
    "policy-audit-writer",
    "policy-remediator",
  ];
  const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat: "Sum", period: 300, view: "timeSeries", metrics },
  });
  // The detector (part 1) emits these with Powertools' default `service` dimension only.
  const detectorMetrics = [
    "ViolationCount",
    "EventProcessed",
    "EventBridgePublishSuccess",
    "EventBridgePublishFailure",
  ];
  const handlerMetrics = [
    "SNSAlertsPublished",
    "SlackNotificationsSent",
    "SlackNotificationsMuted",
    "AuditLogsWritten",
  ];
  const remediationMetrics = [
    "RemediationSuccess",
    "RemediationFailure",
    "RemediationSkipped",
    "DryRunExecutions",
  ];
  return pulumi.jsonStringify({
    widgets: [
      widget(
        "Detector",
        detectorMetrics.map((metric) => [namespace, metric, "service", "policy-detector"]),
        0,
        0,
      ),
      widget(
        "Notifications and audit",
        handlerMetrics.flatMap((metric) => services.map((s) => [namespace, metric, "service", s])),
        12,
        0,
      ),
      widget(
        "Remediation",
        remediationMetrics.map((metric) => [namespace, metric, "service", "policy-remediator"]),
        0,
        6,
      ),
      widget(
        "Handler errors",
        functions.map((fn) => ["AWS/Lambda", "Errors", "FunctionName", fn.functionName]),
        12,
        6,
      ),
    ],
  });
}

/** The CloudWatch dashboard `${name}-<stack>` of the responders. */
export function createDashboard(
  name: string,
  namespace: string,
  functions: LambdaFunction[],
  ctx: ResponderContext,
) {
  return new aws.cloudwatch.Dashboard(
    `${name}-dashboard`,
    {
      dashboardName: `${name}-${pulumi.getStack()}`,
      dashboardBody: dashboardBody(namespace, ctx.region, functions),
    },
    ctx.opts,
  );
}
