import { resourcePolicy } from "../lib/define";
import { matchesGlob } from "../lib/iam/glob";
import {
  allowsOnEveryResource,
  DOCUMENT_TYPES,
  describeStatement,
  documentsToCheck,
} from "../lib/iam-document";

/** Action patterns that grant iam:PassRole: `iam:PassRole`, `iam:Pass*`, `iam:*`, `*`. */
function grantsPassRole(action: string): boolean {
  return matchesGlob(action, "iam:PassRole", { ignoreCase: true });
}

/**
 * Risk: `iam:PassRole` on `*` lets the principal hand any role of the account, admin roles
 * included, to a service it controls: privilege escalation.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export const disallowIamPassroleWildcard = resourcePolicy({
  name: "disallow-iam-passrole-wildcard",
  description: 'IAM policies do not Allow iam:PassRole on "*".',
  remediationSteps:
    "Name the role ARNs that may be passed, and add an iam:PassedToService condition.",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {},
  types: DOCUMENT_TYPES,
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(type, props, ["identity"], unknown)) {
      for (const statement of document.statements) {
        if (!allowsOnEveryResource(statement)) continue;
        const action = (statement.action ?? []).find(grantsPassRole);
        if (action) {
          report(
            `${document.property} ${describeStatement(statement)} allows iam:PassRole (as "${action}") on "*"`,
          );
        }
      }
    }
  },
});
