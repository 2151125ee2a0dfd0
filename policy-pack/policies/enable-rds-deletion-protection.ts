import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a database deleted by a replacement in `pulumi up` or a mistaken destroy. Deletion
 * protection defaults to false. Advisory: throwaway and test databases rightly go without it.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection
 */
export const enableRdsDeletionProtection = resourcePolicy({
  name: "enable-rds-deletion-protection",
  description: "RDS instances and Aurora/Multi-AZ clusters have deletion protection on.",
  remediationSteps:
    "Set deletionProtection: true (and turn it off in a separate update before a deliberate delete).",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
  enforcementLevel: "advisory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-RDS10"] },
  types: ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.deletionProtection)) unknown("deletionProtection");
    else if (props.deletionProtection === false) report("deletionProtection is false");
    else if (props.deletionProtection !== true) {
      report("deletionProtection is not set (default false)");
    }
  },
});
