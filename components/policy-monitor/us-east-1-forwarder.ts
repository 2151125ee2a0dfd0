import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../core/policy";
import { IAM_EVENTS_REGION, iamEventPattern } from "./iam-events";

export interface UsEast1ForwarderArgs {
  /** The stack's region, whose default bus receives the events. */
  readonly region: string;
  /** The stack's account. */
  readonly account: pulumi.Output<string>;
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** us-east-1's default bus → the stack region's default bus, for IAM's CloudTrail events. */
export function forwardFromUsEast1(
  name: string,
  args: UsEast1ForwarderArgs,
  parent: pulumi.Resource,
): void {
  const provider = new aws.Provider(`${name}-us-east-1`, { region: IAM_EVENTS_REGION }, { parent });
  const inUsEast1 = { parent, provider };
  const targetBusArn = pulumi.interpolate`arn:aws:events:${args.region}:${args.account}:event-bus/default`;
  const role = new aws.iam.Role(
    `${name}-forward-role`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
      tags: args.tags,
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-forward-policy`,
    {
      role: role.id,
      policy: policyDocument([
        {
          Sid: "ForwardIamEvents",
          Effect: "Allow",
          Action: ["events:PutEvents"],
          Resource: targetBusArn,
        },
      ]),
    },
    { parent },
  );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-iam-forward`,
    {
      description: `IAM policy changes, forwarded to ${args.region} for the PolicyMonitor detector`,
      eventPattern: JSON.stringify(iamEventPattern),
      tags: args.tags,
    },
    inUsEast1,
  );
  new aws.cloudwatch.EventTarget(
    `${name}-iam-forward-target`,
    { rule: rule.name, arn: targetBusArn, roleArn: role.arn },
    inUsEast1,
  );
}
