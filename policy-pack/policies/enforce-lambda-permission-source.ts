import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a permission for a service principal without SourceArn/SourceAccount lets that service
 * invoke the function on behalf of any account (the confused deputy); `*` lets anyone invoke it.
 * https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html
 */
export const enforceLambdaPermissionSource = resourcePolicy({
  name: "enforce-lambda-permission-source",
  description:
    'Lambda permissions for AWS services name the source (sourceArn or sourceAccount); none is granted to "*".',
  remediationSteps: "Set sourceArn (the rule, bucket or topic) or sourceAccount on the permission.",
  url: "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: { cdkNag: ["HIPAA.Security-LambdaFunctionPublicAccessProhibited"] },
  types: ["aws:lambda/permission:Permission"],
  check: ({ props, report, unknown }) => {
    const principal = props.principal;
    if (isUnknown(principal)) return unknown("principal");
    if (principal === "*") {
      if (!props.principalOrgId) report('principal is "*": anyone can invoke the function');
      return;
    }
    // Present counts, even unknown: the ARN of a new rule or bucket is only known after `up`.
    const hasSource = [props.sourceArn, props.sourceAccount].some(
      (v) => v !== undefined && v !== "",
    );
    if (String(principal).endsWith(".amazonaws.com") && !hasSource) {
      report(`principal "${String(principal)}" has neither sourceArn nor sourceAccount`);
    }
  },
});
