import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: log files altered or deleted after delivery without anyone able to tell; with validation
 * on, CloudTrail delivers a signed digest file each hour that `aws cloudtrail validate-logs`
 * checks. Off unless `enableLogFileValidation` is true.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
 */
export const enableCloudtrailLogFileValidation = resourcePolicy({
  name: "enable-cloudtrail-log-file-validation",
  description: "CloudTrail trails deliver signed digests to validate their log files.",
  remediationSteps: "Set enableLogFileValidation: true.",
  url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["NIST.800.53.R5-CloudTrailLogFileValidationEnabled"] },
  types: ["aws:cloudtrail/trail:Trail"],
  check: ({ props, report, unknown }) => {
    const enabled = props.enableLogFileValidation;
    if (isUnknown(enabled)) unknown("enableLogFileValidation");
    else if (enabled !== true) {
      report(
        `enableLogFileValidation is ${enabled === false ? "false" : "not set (default false)"}: tampering with log files goes unnoticed`,
      );
    }
  },
});
