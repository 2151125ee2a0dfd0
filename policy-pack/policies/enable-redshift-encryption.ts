import { resourcePolicy } from "../lib/define";
import { flagValue } from "../lib/flag";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: warehouse data and its snapshots unencrypted at rest. New clusters are encrypted unless
 * `encrypted` is turned off (@pulumi/aws v7 types it as a string, `"false"`, and defaults it to
 * true); Redshift Serverless namespaces are always encrypted.
 * https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html
 */
export const enableRedshiftEncryption = resourcePolicy({
  name: "enable-redshift-encryption",
  description: "Redshift clusters are encrypted at rest.",
  remediationSteps:
    'Remove encrypted or set it to "true" (and kmsKeyId for a customer managed key).',
  url: "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { awsguard: ["redshift-cluster-configuration-check"], cdkNag: ["AwsSolutions-RS6"] },
  types: ["aws:redshift/cluster:Cluster"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.encrypted)) unknown("encrypted");
    else if (flagValue(props.encrypted) === false) {
      report("encrypted is false: the cluster is not encrypted at rest");
    }
  },
});
