import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a table and its data deleted by a replacement in `pulumi up` or a mistaken destroy.
 * Deletion protection is off unless `deletionProtectionEnabled` is true. Advisory: throwaway
 * tables rightly go without it.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 */
export const enableDynamodbDeletionProtection = resourcePolicy({
  name: "enable-dynamodb-deletion-protection",
  description: "DynamoDB tables have deletion protection on.",
  remediationSteps:
    "Set deletionProtectionEnabled: true (and turn it off in a separate update before a deliberate delete).",
  url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection",
  enforcementLevel: "advisory",
  severity: "medium",
  matches: {},
  types: ["aws:dynamodb/table:Table"],
  check: ({ props, report, unknown }) => {
    const enabled = props.deletionProtectionEnabled;
    if (isUnknown(enabled)) unknown("deletionProtectionEnabled");
    else if (enabled !== true) {
      report(
        `deletionProtectionEnabled is ${enabled === false ? "false" : "not set (default false)"}`,
      );
    }
  },
});
