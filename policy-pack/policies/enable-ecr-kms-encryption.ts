import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

const KMS_TYPES = ["KMS", "KMS_DSSE"];

/**
 * Risk: images encrypted only with Amazon S3 managed keys (AES256, the default), so no key policy
 * decides who may pull and decrypt them and no CloudTrail event records each use of the key. With
 * `encryptionType: "KMS"` and no `kmsKey`, ECR uses the AWS managed key `aws/ecr`. The encryption of
 * a repository cannot change after creation. Advisory: AES256 still encrypts at rest.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 */
export const enableEcrKmsEncryption = resourcePolicy({
  name: "enable-ecr-kms-encryption",
  description: "ECR repositories encrypt images with KMS.",
  remediationSteps:
    'Set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <your key\'s ARN> }] when creating the repository (it replaces an existing one).',
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: {
    compliancePolicies: [
      "aws-ecr-repository-disallow-unencrypted-repository",
      "aws-ecr-repository-configure-customer-managed-key",
    ],
  },
  types: ["aws:ecr/repository:Repository"],
  check: ({ props, report, unknown }) => {
    const configurations = props.encryptionConfigurations as
      { encryptionType?: unknown }[] | undefined;
    if (isUnknown(configurations)) return unknown("encryptionConfigurations");
    if (!configurations?.length) {
      return report(
        "encryptionConfigurations is not set: images are encrypted with AES256, not KMS",
      );
    }
    const encryptionType = configurations[0].encryptionType;
    if (isUnknown(encryptionType)) unknown("encryptionConfigurations[0].encryptionType");
    else if (encryptionType === undefined) {
      report("encryptionConfigurations[0].encryptionType is not set (default AES256), not KMS");
    } else if (!KMS_TYPES.includes(String(encryptionType))) {
      report(`encryptionConfigurations[0].encryptionType is "${String(encryptionType)}", not KMS`);
    }
  },
});
