import { isUnknown } from "./unknown";

/** `aws.lb.LoadBalancer` and its alias `aws.alb.LoadBalancer` (application, network, gateway). */
export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
/** `aws.lb.Listener` and its alias `aws.alb.Listener`. */
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
/** The Classic Load Balancer, `aws.elb.LoadBalancer`. */
export const CLASSIC_LB_TYPE = "aws:elb/loadBalancer:LoadBalancer";

/**
 * The load balancer's type as the API defaults it (`application` when unset); `undefined` after
 * reporting it through `unknown` when it is unknown during preview.
 */
export function loadBalancerKind(
  props: Record<string, unknown>,
  unknown: (property: string) => void,
): string | undefined {
  if (isUnknown(props.loadBalancerType)) {
    unknown("loadBalancerType");
    return undefined;
  }
  return props.loadBalancerType === undefined ? "application" : String(props.loadBalancerType);
}
