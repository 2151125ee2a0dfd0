import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a table overwritten or emptied by a bad deploy or script with no way back; point-in-time
 * recovery restores any second of the last 35 days (or of `recoveryPeriodInDays`). It is off unless
 * `pointInTimeRecovery.enabled` is true.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html
 */
export const enableDynamodbPointInTimeRecovery = resourcePolicy({
  name: "enable-dynamodb-point-in-time-recovery",
  description: "DynamoDB tables have point-in-time recovery on.",
  remediationSteps: "Set pointInTimeRecovery: { enabled: true }.",
  url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-DDB3"] },
  types: ["aws:dynamodb/table:Table"],
  check: ({ props, report, unknown }) => {
    const recovery = props.pointInTimeRecovery as { enabled?: unknown } | undefined;
    if (isUnknown(recovery)) unknown("pointInTimeRecovery");
    else if (!recovery) report("pointInTimeRecovery is not set: point-in-time recovery is off");
    else if (isUnknown(recovery.enabled)) unknown("pointInTimeRecovery.enabled");
    else if (recovery.enabled !== true) report("pointInTimeRecovery.enabled is false");
  },
});
