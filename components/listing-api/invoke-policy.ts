import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../core/policy";
import { LISTING_API_ROUTE_KEY } from "../../contracts/listing-api";
import { PRINCIPAL_ARN, type ListingApiArgs } from "./args";

export interface InvokePolicyArgs {
  readonly routeArn: pulumi.Output<string>;
  /** Role or user ARNs that match `PRINCIPAL_ARN`; the policy is attached to each. */
  readonly allowedPrincipals: string[];
  readonly tags: ListingApiArgs["tags"];
}

/** The managed policy that grants invoking the route, attached to each allowed principal. */
export function createInvokePolicy(
  name: string,
  args: InvokePolicyArgs,
  opts: pulumi.CustomResourceOptions,
): aws.iam.Policy {
  const invokePolicy = new aws.iam.Policy(
    `${name}-invoke`,
    {
      description: `Invoke ${LISTING_API_ROUTE_KEY} of the opsguard ListingApi ${name}`,
      policy: policyDocument([
        {
          Sid: "InvokeListObjects",
          Effect: "Allow",
          Action: ["execute-api:Invoke"],
          Resource: args.routeArn,
        },
      ]),
      tags: args.tags,
    },
    opts,
  );
  for (const principal of args.allowedPrincipals) {
    const [, kind, principalName] = PRINCIPAL_ARN.exec(principal)!;
    if (kind === "role") {
      new aws.iam.RolePolicyAttachment(
        `${name}-invoke-${principalName}`,
        { role: principalName, policyArn: invokePolicy.arn },
        opts,
      );
    } else {
      new aws.iam.UserPolicyAttachment(
        `${name}-invoke-${principalName}`,
        { user: principalName, policyArn: invokePolicy.arn },
        opts,
      );
    }
  }
  return invokePolicy;
}
