import { resourcePolicy } from "../lib/define";
import { DOCUMENT_TYPES, describeStatement, documentsToCheck } from "../lib/iam-document";

/**
 * Risk: `Allow` with `NotAction` or `NotResource` grants everything except a list, so every new
 * action or resource AWS adds is granted too.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
 */
export const disallowIamNotActionNotResource = resourcePolicy({
  name: "disallow-iam-not-action-not-resource",
  description: "IAM policy documents do not combine Allow with NotAction or NotResource.",
  remediationSteps:
    "List the allowed actions and resources; use NotAction/NotResource only with Deny.",
  url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
  enforcementLevel: "mandatory",
  severity: "high",
  matches: {},
  types: DOCUMENT_TYPES,
  check: ({ type, props, report, unknown }) => {
    for (const document of documentsToCheck(
      type,
      props,
      ["identity", "resource", "trust"],
      unknown,
    )) {
      for (const statement of document.statements) {
        if (statement.effect !== "Allow") continue;
        if (statement.notAction) {
          report(
            `${document.property} ${describeStatement(statement)} allows NotAction ${JSON.stringify(statement.notAction)}`,
          );
        }
        if (statement.notResource) {
          report(
            `${document.property} ${describeStatement(statement)} allows NotResource ${JSON.stringify(statement.notResource)}`,
          );
        }
      }
    }
  },
});
