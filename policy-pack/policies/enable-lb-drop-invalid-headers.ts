import { resourcePolicy } from "../lib/define";
import { LB_TYPES, loadBalancerKind } from "../lib/load-balancers";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: an Application Load Balancer that routes requests with malformed header names to its
 * targets lets a client smuggle headers that a target's framework reads differently (HTTP desync,
 * header injection). `dropInvalidHeaderFields` defaults to false.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
 */
export const enableLbDropInvalidHeaders = resourcePolicy({
  name: "enable-lb-drop-invalid-headers",
  description: "Application Load Balancers drop HTTP headers whose names are not valid.",
  remediationSteps: "Set dropInvalidHeaderFields to true.",
  url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["HIPAA.Security-ALBHttpDropInvalidHeaderEnabled"] },
  types: LB_TYPES,
  check: ({ props, report, unknown }) => {
    if (loadBalancerKind(props, unknown) !== "application") return;
    if (isUnknown(props.dropInvalidHeaderFields)) return unknown("dropInvalidHeaderFields");
    if (props.dropInvalidHeaderFields !== true) {
      report(
        `dropInvalidHeaderFields is ${props.dropInvalidHeaderFields === false ? "false" : "not set (false)"}: malformed headers reach the targets`,
      );
    }
  },
});
