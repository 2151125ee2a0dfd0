import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a route without authorization lets anyone on the internet call the integration behind it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
 */
export const enforceApigatewayv2RouteAuthorization = resourcePolicy({
  name: "enforce-apigatewayv2-route-authorization",
  description: "API Gateway v2 routes require authorization (authorizationType not NONE).",
  remediationSteps:
    "Set authorizationType (JWT, AWS_IAM or CUSTOM) and authorizerId on the route, or exempt a deliberately public route with a reason.",
  url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-APIG4"] },
  types: ["aws:apigatewayv2/route:Route"],
  check: ({ props, report, unknown }) => {
    const route = isUnknown(props.routeKey) ? "" : ` of route "${String(props.routeKey)}"`;
    if (isUnknown(props.authorizationType)) unknown("authorizationType");
    else if (!props.authorizationType || props.authorizationType === "NONE") {
      report(
        `authorizationType${route} is ${props.authorizationType ? '"NONE"' : "not set (NONE)"}`,
      );
    }
  },
});
