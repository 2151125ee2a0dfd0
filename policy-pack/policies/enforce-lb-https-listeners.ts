import { resourcePolicy } from "../lib/define";
import { CLASSIC_LB_TYPE, LISTENER_TYPES } from "../lib/load-balancers";
import { isUnknown } from "../lib/unknown";

/**
 * ELBv2 security policies that refuse TLS 1.0 and 1.1: the TLS 1.3 policies with a 1.2 or 1.3
 * floor, and the TLS 1.2 and forward-secrecy 1.2 families (FIPS variants included).
 */
const MODERN_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

interface Action {
  type?: unknown;
  redirect?: { protocol?: unknown };
}

/**
 * Risk: a listener serving plain HTTP exposes requests, cookies and tokens on the wire; an HTTPS
 * or TLS listener without `sslPolicy` gets `ELBSecurityPolicy-2016-08`, which still accepts
 * TLS 1.0 and 1.1. An HTTP listener is fine when its only default action redirects to HTTPS.
 * Classic Load Balancers' listeners use HTTPS or SSL.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const enforceLbHttpsListeners = resourcePolicy({
  name: "enforce-lb-https-listeners",
  description:
    "Load balancer listeners use HTTPS/TLS with a TLS 1.2+ security policy, or redirect HTTP to HTTPS.",
  remediationSteps:
    'Serve HTTPS with sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" and a certificateArn; make an HTTP listener\'s only default action a redirect with protocol "HTTPS"; Classic listeners use lbProtocol "https" or "ssl".',
  url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    compliancePolicies: [
      "aws-alb-listener-disallow-unencrypted-traffic",
      "aws-alb-listener-configure-secure-tls",
      "aws-elb-load-balancer-disallow-inbound-http-traffic",
    ],
    cdkNag: ["AwsSolutions-ELB5", "NIST.800.53.R5-ALBHttpToHttpsRedirection"],
  },
  types: [...LISTENER_TYPES, CLASSIC_LB_TYPE],
  check: ({ type, props, report, unknown }) => {
    if (type === CLASSIC_LB_TYPE) {
      if (isUnknown(props.listeners)) return unknown("listeners");
      ((props.listeners as { lbProtocol?: unknown; lbPort?: unknown }[] | undefined) ?? []).forEach(
        (listener, index) => {
          if (isUnknown(listener.lbProtocol)) unknown(`listeners[${index}].lbProtocol`);
          else if (!["https", "ssl"].includes(String(listener.lbProtocol).toLowerCase())) {
            report(
              `listeners[${index}] (port ${String(listener.lbPort)}) uses lbProtocol "${String(listener.lbProtocol)}", not HTTPS or SSL`,
            );
          }
        },
      );
      return;
    }
    if (isUnknown(props.protocol)) return unknown("protocol");
    // Gateway Load Balancer listeners have neither protocol nor port; an ALB listener defaults to HTTP.
    const protocol =
      props.protocol === undefined
        ? props.port === undefined
          ? "GENEVE"
          : "HTTP"
        : props.protocol;
    if (protocol === "HTTP") {
      if (isUnknown(props.defaultActions)) return unknown("defaultActions");
      const actions = (props.defaultActions as Action[] | undefined) ?? [];
      const redirects =
        actions.length === 1 &&
        actions[0].type === "redirect" &&
        String(actions[0].redirect?.protocol).toUpperCase() === "HTTPS";
      if (!redirects) {
        report(
          `protocol is "HTTP" on port ${String(props.port)} and the default action is not a redirect to HTTPS`,
        );
      }
      return;
    }
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    if (isUnknown(props.sslPolicy)) return unknown("sslPolicy");
    if (props.sslPolicy === undefined) {
      report(
        `sslPolicy is not set: the ${String(protocol)} listener gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0`,
      );
    } else if (!MODERN_SSL_POLICY.test(String(props.sslPolicy))) {
      report(`sslPolicy "${String(props.sslPolicy)}" accepts TLS before 1.2`);
    }
  },
});
