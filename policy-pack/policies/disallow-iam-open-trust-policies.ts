import { resourcePolicy } from "../lib/define";
import {
  allowsEveryoneUnconditionally,
  describeStatement,
  documentsToCheck,
} from "../lib/iam-document";

/**
 * Risk: a role whose trust policy allows `*` can be assumed by any AWS account in the world.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy
 */
export const disallowIamOpenTrustPolicies = resourcePolicy({
  name: "disallow-iam-open-trust-policies",
  description: 'IAM role trust policies do not allow Principal "*" without a narrowing condition.',
  remediationSteps:
    "Name the trusted service, account or identity provider; or add an aws:PrincipalOrgID / aws:PrincipalAccount condition.",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {},
  types: ["aws:iam/role:Role"],
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(type, props, ["trust"], unknown)) {
      for (const statement of document.statements) {
        if (allowsEveryoneUnconditionally(statement)) {
          report(
            `${document.property} ${describeStatement(statement)} lets Principal "*" assume the role`,
          );
        }
      }
    }
  },
});
