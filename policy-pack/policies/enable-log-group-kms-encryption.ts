import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: logs often carry identifiers and payloads; CloudWatch Logs' own encryption does not let
 * you control or audit who decrypts them. A customer KMS key does.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const enableLogGroupKmsEncryption = resourcePolicy({
  name: "enable-log-group-kms-encryption",
  description: "CloudWatch log groups are encrypted with a customer KMS key (kmsKeyId).",
  remediationSteps: "Set kmsKeyId on the log group (LambdaFunction's logKmsKeyArn).",
  url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { cdkNag: ["NIST.800.53.R5-CloudWatchLogGroupEncrypted"] },
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.kmsKeyId)) unknown("kmsKeyId");
    else if (!props.kmsKeyId)
      report("kmsKeyId is not set: the log group uses CloudWatch Logs' own key");
  },
});
