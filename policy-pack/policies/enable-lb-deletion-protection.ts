import { resourcePolicy } from "../lib/define";
import { LB_TYPES } from "../lib/load-balancers";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: deleting a load balancer (a mistaken `pulumi destroy`, a replace) takes the service
 * offline and frees its DNS name. `enableDeletionProtection` defaults to false. Classic Load
 * Balancers have no deletion protection.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection
 */
export const enableLbDeletionProtection = resourcePolicy({
  name: "enable-lb-deletion-protection",
  description: "Application, Network and Gateway Load Balancers have deletion protection on.",
  remediationSteps:
    "Set enableDeletionProtection to true (turn it off in a separate update before deleting).",
  url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["NIST.800.53.R5-ELBDeletionProtectionEnabled"] },
  types: LB_TYPES,
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.enableDeletionProtection)) return unknown("enableDeletionProtection");
    if (props.enableDeletionProtection !== true) {
      report(
        `enableDeletionProtection is ${props.enableDeletionProtection === false ? "false" : "not set (false)"}`,
      );
    }
  },
});
