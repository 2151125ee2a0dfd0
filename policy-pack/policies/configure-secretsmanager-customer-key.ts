import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a secret under the AWS managed `aws/secretsmanager` key can be read by any principal of
 * the account with secretsmanager:GetSecretValue; a customer key adds a key policy to pass, and
 * makes sharing across accounts possible.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export const configureSecretsmanagerCustomerKey = resourcePolicy({
  name: "configure-secretsmanager-customer-key",
  description: "Secrets Manager secrets are encrypted with a customer-managed KMS key.",
  remediationSteps: "Set kmsKeyId on the secret to a customer-managed key.",
  url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
  enforcementLevel: "advisory",
  severity: "low",
  matches: { cdkNag: ["NIST.800.53.R5-SecretsManagerUsingKMSKey"] },
  types: ["aws:secretsmanager/secret:Secret"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.kmsKeyId)) unknown("kmsKeyId");
    else if (!props.kmsKeyId || String(props.kmsKeyId).endsWith("alias/aws/secretsmanager")) {
      report(
        `kmsKeyId is ${props.kmsKeyId ? `"${String(props.kmsKeyId)}"` : "not set"}: the secret uses the AWS managed key`,
      );
    }
  },
});
