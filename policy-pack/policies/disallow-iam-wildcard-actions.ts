import { resourcePolicy } from "../lib/define";
import {
  DOCUMENT_TYPES,
  describeStatement,
  documentsToCheck,
  isAccountRootDelegation,
} from "../lib/iam-document";

/**
 * Risk: `*` or `service:*` grants every current and future action of a service, including the
 * destructive and permission-changing ones (IAM5 in cdk-nag). Checked in identity policies and in
 * bucket, queue, topic and key policies; the `kms:*` to the account root of a default key policy is
 * allowed, since it only delegates to IAM.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
 */
export const disallowIamWildcardActions = resourcePolicy({
  name: "disallow-iam-wildcard-actions",
  description: 'IAM policy documents do not Allow "*" or "service:*" actions.',
  remediationSteps: "Name the exact actions the principal calls (e.g. s3:GetObject).",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-IAM5"] },
  types: DOCUMENT_TYPES,
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(type, props, ["identity", "resource"], unknown)) {
      for (const statement of document.statements) {
        if (statement.effect !== "Allow" || isAccountRootDelegation(type, statement)) continue;
        for (const action of statement.action ?? []) {
          if (action === "*" || /^[\w-]+:\*$/.test(action)) {
            report(`${document.property} ${describeStatement(statement)} allows "${action}"`);
          }
        }
      }
    }
  },
});
