import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  DETECTOR_METRICS,
  POLICY_MONITOR_SERVICES,
  RESPONDER_METRICS,
} from "../../../contracts/policy-monitor";
import type { LambdaFunction } from "../../core/lambda-function";
import type { ResponderContext } from "./context";

/** The dashboard: violations, notifications and audit, remediation, handler errors. */
function dashboardBody(
  namespace: string,
  region: pulumi.Output<string>,
  functions: LambdaFunction[],
) {
  const services = [
    POLICY_MONITOR_SERVICES.emailer,
    POLICY_MONITOR_SERVICES.notifier,
    POLICY_MONITOR_SERVICES.auditWriter,
    POLICY_MONITOR_SERVICES.remediator,
  ];
  const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat: "Sum", period: 300, view: "timeSeries", metrics },
  });
  // The detector emits these with Powertools' default `service` dimension only.
  const detectorMetrics = [
    DETECTOR_METRICS.violationCount,
    DETECTOR_METRICS.eventProcessed,
    DETECTOR_METRICS.eventBridgePublishSuccess,
    DETECTOR_METRICS.eventBridgePublishFailure,
  ];
  const handlerMetrics = [
    RESPONDER_METRICS.snsAlertsPublished,
    RESPONDER_METRICS.slackNotificationsSent,
    RESPONDER_METRICS.slackNotificationsMuted,
    RESPONDER_METRICS.auditLogsWritten,
  ];
  const remediationMetrics = [
    RESPONDER_METRICS.remediationSuccess,
    RESPONDER_METRICS.remediationFailure,
    RESPONDER_METRICS.remediationSkipped,
    RESPONDER_METRICS.dryRunExecutions,
  ];
  const byService = (metrics: string[], service: string) =>
    metrics.map((metric) => [namespace, metric, "service", service]);
  return pulumi.jsonStringify({
    widgets: [
      widget("Detector", byService(detectorMetrics, POLICY_MONITOR_SERVICES.detector), 0, 0),
      widget(
        "Notifications and audit",
        handlerMetrics.flatMap((metric) => services.flatMap((s) => byService([metric], s))),
        12,
        0,
      ),
      widget(
        "Remediation",
        byService(remediationMetrics, POLICY_MONITOR_SERVICES.remediator),
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
