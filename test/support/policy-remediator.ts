import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { Violation } from "../../contracts/violation";
import { violationEventFixture } from "./violation-event";

/** The fixture's EventBridge event, with its violation changed by `change`. */
export function violationEvent(change: (violation: Violation) => Violation = (v) => v) {
  const event = violationEventFixture();
  return { ...event, detail: change(event.detail as Violation) };
}

export const ALLOW_ALL = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

export async function createPrincipal(
  iam: IAMClient,
  type: "user" | "role" | "group",
  name: string,
  path = "/",
): Promise<string> {
  if (type === "user") {
    return (await iam.send(new CreateUserCommand({ UserName: name, Path: path }))).User!.Arn!;
  }
  if (type === "group") {
    return (await iam.send(new CreateGroupCommand({ GroupName: name, Path: path }))).Group!.Arn!;
  }
  const role = await iam.send(
    new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: TRUST }),
  );
  return role.Role!.Arn!;
}

export async function createPolicy(iam: IAMClient, name: string): Promise<string> {
  const created = await iam.send(
    new CreatePolicyCommand({ PolicyName: name, PolicyDocument: ALLOW_ALL }),
  );
  return created.Policy!.Arn!;
}

export async function attach(
  iam: IAMClient,
  type: "user" | "role" | "group",
  name: string,
  policyArn: string,
): Promise<void> {
  if (type === "user")
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  if (type === "role")
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  if (type === "group")
    await iam.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
}
