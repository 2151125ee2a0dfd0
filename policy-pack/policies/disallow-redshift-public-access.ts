import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a warehouse endpoint with a public address, one security group rule away from the
 * internet. `publiclyAccessible` defaults to false on clusters and Redshift Serverless workgroups.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html
 */
export const disallowRedshiftPublicAccess = resourcePolicy({
  name: "disallow-redshift-public-access",
  description: "Redshift clusters and serverless workgroups are not publicly accessible.",
  remediationSteps:
    "Remove publiclyAccessible or set it to false; connect from inside the VPC or through a Redshift-managed VPC endpoint.",
  url: "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: { awsguard: ["redshift-cluster-public-access-check"], cdkNag: ["AwsSolutions-RS8"] },
  types: ["aws:redshift/cluster:Cluster", "aws:redshiftserverless/workgroup:Workgroup"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.publiclyAccessible)) unknown("publiclyAccessible");
    else if (props.publiclyAccessible === true) {
      report("publiclyAccessible is true: the endpoint resolves to a public IP address");
    }
  },
});
