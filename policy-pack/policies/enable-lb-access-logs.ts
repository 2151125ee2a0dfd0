import { resourcePolicy } from "../lib/define";
import { CLASSIC_LB_TYPE, LB_TYPES, loadBalancerKind } from "../lib/load-balancers";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: without access logs there is no record of who sent which request to the load balancer,
 * for an investigation or to spot an attack. `accessLogs.enabled` defaults to false on
 * ELBv2 load balancers even when a bucket is given (true on Classic ones). Gateway Load Balancers
 * have no access logs.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const enableLbAccessLogs = resourcePolicy({
  name: "enable-lb-access-logs",
  description: "Load balancers write access logs to S3.",
  remediationSteps:
    "Set accessLogs to { bucket, enabled: true } (the bucket's policy must let the ELB service write to it).",
  url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: {
    awsguard: ["elb-access-logging-enabled"],
    compliancePolicies: [
      "aws-alb-loadbalancer-enable-access-logging",
      "aws-elb-load-balancer-configure-access-logging",
    ],
    cdkNag: ["AwsSolutions-ELB2"],
  },
  types: [...LB_TYPES, CLASSIC_LB_TYPE],
  check: ({ type, props, report, unknown }) => {
    if (type !== CLASSIC_LB_TYPE) {
      const kind = loadBalancerKind(props, unknown);
      if (kind === undefined || kind === "gateway") return;
    }
    const logs = props.accessLogs as { bucket?: unknown; enabled?: unknown } | undefined;
    if (isUnknown(logs)) return unknown("accessLogs");
    if (logs === undefined) {
      report("accessLogs is not set: the load balancer writes no access logs");
      return;
    }
    if (isUnknown(logs.enabled)) return unknown("accessLogs.enabled");
    const enabled = type === CLASSIC_LB_TYPE ? logs.enabled !== false : logs.enabled === true;
    if (!enabled) {
      report(
        `accessLogs.enabled is ${logs.enabled === false ? "false" : "not set (false)"}: the load balancer writes no access logs`,
      );
    }
  },
});
