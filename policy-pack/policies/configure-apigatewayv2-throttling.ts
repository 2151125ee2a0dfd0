import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: without a stage throttle one client can exhaust the account's API Gateway quota and the
 * concurrency of the functions behind it (denial of service, denial of wallet).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export const configureApigatewayv2Throttling = resourcePolicy({
  name: "configure-apigatewayv2-throttling",
  description: "API Gateway v2 stages set a default throttle (burst and rate limits).",
  remediationSteps:
    "Set defaultRouteSettings.throttlingBurstLimit and throttlingRateLimit on the stage.",
  url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { cdkNag: ["Serverless-APIGWDefaultThrottling"] },
  types: ["aws:apigatewayv2/stage:Stage"],
  check: ({ props, report, unknown }) => {
    const settings = props.defaultRouteSettings as Record<string, unknown> | undefined;
    if (isUnknown(settings)) return unknown("defaultRouteSettings");
    for (const key of ["throttlingBurstLimit", "throttlingRateLimit"]) {
      const value = settings?.[key];
      if (isUnknown(value)) unknown(`defaultRouteSettings.${key}`);
      else if (value === undefined || value === null)
        report(`defaultRouteSettings.${key} is not set`);
    }
  },
});
