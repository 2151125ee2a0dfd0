import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export type PolicyStatement = aws.iam.PolicyStatement;

/** Serialises statements (whose values may be Outputs) into an IAM policy document string. */
export function policyDocument(statements: pulumi.Input<PolicyStatement>[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}
