import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: file data and metadata unencrypted at rest; a file system cannot be encrypted after
 * creation. `encrypted` defaults to false through the API the provider calls (the console turns it
 * on). A `kmsKeyId` selects a customer managed key and needs `encrypted: true`.
 * https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
 */
export const enableEfsEncryption = resourcePolicy({
  name: "enable-efs-encryption",
  description: "EFS file systems are encrypted at rest.",
  remediationSteps:
    "Set encrypted: true (and kmsKeyId for a customer managed key); an existing file system is replaced by an encrypted one and its data copied (AWS DataSync).",
  url: "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {
    awsguard: ["efs-encrypted"],
    compliancePolicies: ["aws-efs-filesystem-disallow-unencrypted-file-system"],
    cdkNag: ["AwsSolutions-EFS1"],
  },
  types: ["aws:efs/fileSystem:FileSystem"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.encrypted)) unknown("encrypted");
    else if (props.encrypted === false)
      report("encrypted is false: the file system is not encrypted");
    else if (props.encrypted !== true) {
      report("encrypted is not set (default false): the file system is not encrypted");
    }
  },
});
