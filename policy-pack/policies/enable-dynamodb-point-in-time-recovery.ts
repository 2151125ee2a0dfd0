import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const TABLE_REPLICA = "aws:dynamodb/tableReplica:TableReplica";

/**
 * Risk: a table overwritten or emptied by a bad deploy or script with no way back; point-in-time
 * recovery restores any second of the last 35 days (or of `recoveryPeriodInDays`). It is off unless
 * `pointInTimeRecovery.enabled` is true. Each replica of a global table has its own setting, off by
 * default: `replicas[].pointInTimeRecovery` of the table, or `pointInTimeRecovery` of an
 * `aws.dynamodb.TableReplica`.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html
 */
export const enableDynamodbPointInTimeRecovery = resourcePolicy({
  name: "enable-dynamodb-point-in-time-recovery",
  description: "DynamoDB tables and their replicas have point-in-time recovery on.",
  remediationSteps:
    "Set pointInTimeRecovery: { enabled: true } on the table, and pointInTimeRecovery: true on each of its replicas (replicas[] or aws.dynamodb.TableReplica).",
  url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Point-in-time-recovery.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-DDB3"] },
  types: ["aws:dynamodb/table:Table", TABLE_REPLICA],
  check: ({ type, props, report, unknown }) => {
    const replica = (where: string, enabled: unknown) => {
      if (isUnknown(enabled)) unknown(where);
      else if (enabled !== true) {
        report(
          `${where} is ${enabled === false ? "false" : "not set (default false)"}: the replica has no point-in-time recovery`,
        );
      }
    };
    if (type === TABLE_REPLICA) return replica("pointInTimeRecovery", props.pointInTimeRecovery);
    const recovery = props.pointInTimeRecovery as { enabled?: unknown } | undefined;
    if (isUnknown(recovery)) unknown("pointInTimeRecovery");
    else if (!recovery) report("pointInTimeRecovery is not set: point-in-time recovery is off");
    else if (isUnknown(recovery.enabled)) unknown("pointInTimeRecovery.enabled");
    else if (recovery.enabled !== true) report("pointInTimeRecovery.enabled is false");
    if (isUnknown(props.replicas)) return unknown("replicas");
    ((props.replicas ?? []) as Record<string, unknown>[]).forEach((entry, index) =>
      replica(`replicas[${index}].pointInTimeRecovery`, entry.pointInTimeRecovery),
    );
  },
});
