import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: without access logs there is no record of who called the API, from where, and what it
 * answered: no detection, no forensics.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
export const enableApigatewayv2AccessLogging = resourcePolicy({
  name: "enable-apigatewayv2-access-logging",
  description: "API Gateway v2 stages write access logs (accessLogSettings).",
  remediationSteps:
    "Set accessLogSettings.destinationArn (a log group with retention) and accessLogSettings.format on the stage.",
  url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-APIG1"] },
  types: ["aws:apigatewayv2/stage:Stage"],
  check: ({ props, report, unknown }) => {
    const settings = props.accessLogSettings as Record<string, unknown> | undefined;
    if (isUnknown(settings)) return unknown("accessLogSettings");
    if (!settings) return report("accessLogSettings is not set: the stage writes no access logs");
    for (const key of ["destinationArn", "format"]) {
      if (isUnknown(settings[key])) unknown(`accessLogSettings.${key}`);
      else if (!settings[key]) report(`accessLogSettings.${key} is not set`);
    }
  },
});
