import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: every API call of the account readable by anyone who can read the log bucket. Without
 * `kmsKeyId` log files get SSE-S3 only; with a KMS key, reading them also needs kms:Decrypt, which
 * the key policy grants to few.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
 */
export const enableCloudtrailKmsEncryption = resourcePolicy({
  name: "enable-cloudtrail-kms-encryption",
  description: "CloudTrail trails encrypt their log files with a KMS key.",
  remediationSteps:
    "Set kmsKeyId to a customer managed KMS key whose policy lets cloudtrail.amazonaws.com use it for this trail.",
  url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["NIST.800.53.R5-CloudTrailEncryptionEnabled"] },
  types: ["aws:cloudtrail/trail:Trail"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.kmsKeyId)) unknown("kmsKeyId");
    else if (!props.kmsKeyId)
      report("kmsKeyId is not set: log files are encrypted with SSE-S3 only");
  },
});
