import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: log groups keep events forever by default: cost grows without bound and personal data
 * outlives its purpose.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
 */
export const configureLogGroupRetention = resourcePolicy({
  name: "configure-log-group-retention",
  description: "CloudWatch log groups have a retention period (retentionInDays).",
  remediationSteps: "Set retentionInDays on the log group (LambdaFunction defaults to 90).",
  url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html",
  enforcementLevel: "mandatory",
  severity: "low",
  matches: { cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod"] },
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.retentionInDays)) unknown("retentionInDays");
    else if (!props.retentionInDays) {
      report(
        `retentionInDays is ${String(props.retentionInDays ?? "not set")}: events are kept forever`,
      );
    }
  },
});
