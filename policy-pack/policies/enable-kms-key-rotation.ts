import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a long-lived key material widens what one leak exposes. Symmetric encryption keys support
 * automatic yearly rotation; asymmetric and HMAC keys do not, so they are not applicable.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export const enableKmsKeyRotation = resourcePolicy({
  name: "enable-kms-key-rotation",
  description: "Symmetric KMS keys rotate their key material automatically.",
  remediationSteps: "Set enableKeyRotation: true on the key.",
  url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { awsguard: ["cmk-backing-key-rotation-enabled"], cdkNag: ["AwsSolutions-KMS5"] },
  types: ["aws:kms/key:Key"],
  check: ({ props, report, unknown }) => {
    const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    const usage = props.keyUsage ?? "ENCRYPT_DECRYPT";
    if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") return;
    if (isUnknown(props.enableKeyRotation)) unknown("enableKeyRotation");
    else if (props.enableKeyRotation !== true) {
      report(`enableKeyRotation is ${String(props.enableKeyRotation ?? "not set")}`);
    }
  },
});
