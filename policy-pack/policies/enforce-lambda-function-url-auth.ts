import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: a function URL with `authorizationType` `NONE` lets anyone on the internet invoke the
 * function, with its role's permissions, at its cost. `AWS_IAM` requires SigV4-signed requests
 * from principals the function's resource policy allows.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
export const enforceLambdaFunctionUrlAuth = resourcePolicy({
  name: "enforce-lambda-function-url-auth",
  description: "Lambda function URLs require IAM authentication (AWS_IAM).",
  remediationSteps:
    'Set authorizationType to "AWS_IAM"; a URL that must be public (a webhook that checks its own signature) gets an exemption with the reason.',
  url: "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
  enforcementLevel: "mandatory",
  severity: "critical",
  matches: {},
  types: ["aws:lambda/functionUrl:FunctionUrl"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.authorizationType)) return unknown("authorizationType");
    if (props.authorizationType !== "AWS_IAM") {
      report(
        `authorizationType is "${String(props.authorizationType)}": anyone can invoke the function through its URL`,
      );
    }
  },
});
