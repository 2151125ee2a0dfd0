import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a database endpoint that resolves to a public address, one security group rule away from
 * the internet. `publiclyAccessible` defaults to false; Aurora sets it per cluster instance.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding
 */
export const disallowRdsPublicAccess = resourcePolicy({
  name: "disallow-rds-public-access",
  description: "RDS instances and Aurora cluster instances are not publicly accessible.",
  remediationSteps:
    "Remove publiclyAccessible or set it to false; reach the database from inside the VPC (a bastion with SSM, a VPN, RDS Proxy).",
  url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {
    awsguard: ["rds-instance-public-access-check"],
    compliancePolicies: [
      "aws-rds-instance-disallow-public-access",
      "aws-rds-clusterinstance-disallow-public-access",
    ],
    cdkNag: ["NIST.800.53.R5-RDSInstancePublicAccess"],
  },
  types: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.publiclyAccessible)) unknown("publiclyAccessible");
    else if (props.publiclyAccessible === true) {
      report("publiclyAccessible is true: the endpoint resolves to a public IP address");
    }
  },
});
