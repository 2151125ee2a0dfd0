import { DETECTED_EVENT_NAMES } from "../../contracts/policy-monitor";

/** The CloudTrail IAM calls that the detector judges: the rule matches exactly those. */
export const POLICY_MONITOR_EVENT_NAMES: string[] = [...DETECTED_EVENT_NAMES];

/** IAM's CloudTrail events reach EventBridge only in this region. */
export const IAM_EVENTS_REGION = "us-east-1";

export const iamEventPattern = {
  source: ["aws.iam"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: { eventSource: ["iam.amazonaws.com"], eventName: POLICY_MONITOR_EVENT_NAMES },
};
