import { resourcePolicy } from "../lib/define";
import { expandAction, isWriteOrPermissions } from "../lib/iam-actions";
import {
  allowsOnEveryResource,
  DOCUMENT_TYPES,
  describeStatement,
  documentsToCheck,
} from "../lib/iam-document";

const SHOWN = 5;

/**
 * Risk: a write or permissions-management action on `"Resource": "*"` reaches every resource of
 * that kind in the account (every bucket, every role), not the one the workload owns. Actions that
 * support no resource type (`isWildcardOnly` in the IAM catalogue, e.g. `xray:PutTraceSegments`)
 * can only be granted on `*` and are allowed. Identity policies only: in resource policies the
 * resource is the one the policy is attached to.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const disallowIamWildcardResources = resourcePolicy({
  name: "disallow-iam-wildcard-resources",
  description:
    'IAM identity policies do not Allow write or permissions-management actions on "*" (except actions that only support "*").',
  remediationSteps:
    'Name the ARNs the actions apply to; keep "*" only for actions that support no resource type.',
  url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: { cdkNag: ["AwsSolutions-IAM5"] },
  types: DOCUMENT_TYPES,
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(type, props, ["identity"], unknown)) {
      for (const statement of document.statements) {
        if (!allowsOnEveryResource(statement)) continue;
        const where = `${document.property} ${describeStatement(statement)}`;
        for (const action of statement.action ?? []) {
          if (action === "*") continue; // disallow-iam-wildcard-actions reports it
          const granted = expandAction(action);
          if (!granted) {
            report(`${where} allows "${action}" on "*", which is not in the IAM action catalogue`);
            continue;
          }
          const offending = granted
            .filter((entry) => isWriteOrPermissions(entry.accessLevel) && !entry.wildcardOnly)
            .map((entry) => entry.action);
          if (offending.length === 0) continue;
          if (granted.length === 1 && granted[0].action.toLowerCase() === action.toLowerCase()) {
            report(
              `${where} allows "${action}" on "*": a ${granted[0].accessLevel} action that supports narrower resources`,
            );
            continue;
          }
          const shown = offending.slice(0, SHOWN).join(", ");
          const more = offending.length > SHOWN ? ` and ${offending.length - SHOWN} more` : "";
          report(
            `${where} allows "${action}" on "*": it grants ${offending.length} write or permissions-management actions that support narrower resources (${shown}${more})`,
          );
        }
      }
    }
  },
});
