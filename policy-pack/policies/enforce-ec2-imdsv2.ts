import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * Risk: IMDSv1 answers any GET from the instance, so one server-side request forgery hands out
 * the instance role's credentials; IMDSv2 requires a session token obtained by a PUT. Without
 * `metadataOptions.httpTokens: "required"` an instance accepts IMDSv1 unless its AMI (ImdsSupport
 * v2.0) or the account's instance metadata defaults require v2, which the program does not show.
 * A metadata endpoint turned off (`httpEndpoint: "disabled"`) passes. An instance launched from a
 * launch template without its own `metadataOptions` takes the template's, judged on the template.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html
 */
export const enforceEc2Imdsv2 = resourcePolicy({
  name: "enforce-ec2-imdsv2",
  description: "EC2 instances and launch templates require IMDSv2 session tokens.",
  remediationSteps:
    'Set metadataOptions: { httpTokens: "required" } (with httpPutResponseHopLimit: 2 for containers on the instance).',
  url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["NIST.800.53.R5-EC2IMDSv2Enabled"] },
  types: [
    "aws:ec2/instance:Instance",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    LAUNCH_TEMPLATE,
    "aws:ec2/launchConfiguration:LaunchConfiguration",
  ],
  check: ({ type, props, report, unknown }) => {
    const options = props.metadataOptions as Record<string, unknown> | undefined;
    if (isUnknown(options)) return unknown("metadataOptions");
    if (!options && type !== LAUNCH_TEMPLATE && props.launchTemplate) return;
    if (isUnknown(options?.httpEndpoint)) return unknown("metadataOptions.httpEndpoint");
    if (options?.httpEndpoint === "disabled") return;
    const tokens = options?.httpTokens;
    if (isUnknown(tokens)) unknown("metadataOptions.httpTokens");
    else if (tokens === undefined) {
      report(
        "metadataOptions.httpTokens is not set: IMDSv1 is accepted unless the AMI or the account defaults require IMDSv2",
      );
    } else if (tokens !== "required") {
      report(`metadataOptions.httpTokens is "${String(tokens)}": IMDSv1 is accepted`);
    }
  },
});
