import { stackPolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const FUNCTION = "aws:lambda/function:Function";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/**
 * Risk: a function whose log group the stack does not create gets one from Lambda on first run,
 * kept forever and outside the stack's control (no retention, no key, not deleted with the stack).
 * The function's `loggingConfig.logGroup` (or the default `/aws/lambda/<name>`) must be a log group
 * of the stack with a retention.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
export const configureLambdaLogRetention = stackPolicy({
  name: "configure-lambda-log-retention",
  description: "Lambda functions log to a log group of the stack that has a retention.",
  remediationSteps:
    "Create the log group in the stack with retentionInDays and point loggingConfig.logGroup at it (LambdaFunction does).",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html",
  enforcementLevel: "mandatory",
  severity: "low",
  matches: { cdkNag: ["Serverless-CloudWatchLogGroupRetentionPeriod"] },
  types: [FUNCTION],
  check: ({ resources, report, unknown }) => {
    const logGroups = resources.filter((resource) => resource.type === LOG_GROUP);
    for (const fn of resources.filter((resource) => resource.type === FUNCTION)) {
      const configured = (fn.props.loggingConfig as { logGroup?: unknown } | undefined)?.logGroup;
      let logGroup;
      let groupName: string;
      if (isUnknown(configured) || (configured === undefined && isUnknown(fn.props.name))) {
        const deps = fn.propertyDependencies.loggingConfig ?? [];
        logGroup = logGroups.find((group) => deps.includes(group.urn));
        if (!logGroup) {
          unknown(fn.urn, configured === undefined ? "name" : "loggingConfig.logGroup");
          continue;
        }
        groupName = logGroup.name;
      } else {
        groupName = configured ? String(configured) : `/aws/lambda/${String(fn.props.name)}`;
        logGroup = logGroups.find((group) => group.props.name === groupName);
      }
      if (!logGroup) {
        report(
          fn.urn,
          `function "${fn.name}" logs to "${groupName}", which is not a log group of the stack`,
        );
      } else if (isUnknown(logGroup.props.retentionInDays)) {
        unknown(logGroup.urn, "retentionInDays");
      } else if (!logGroup.props.retentionInDays) {
        report(
          fn.urn,
          `function "${fn.name}" logs to "${groupName}", which has no retentionInDays`,
        );
      }
    }
  },
});
