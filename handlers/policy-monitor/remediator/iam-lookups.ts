import {
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  ListEntitiesForPolicyCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";

export type PrincipalType = "user" | "role" | "group";

export interface PrincipalRef {
  readonly type: PrincipalType;
  readonly name: string;
}

export function isNoSuchEntity(error: unknown): boolean {
  return (
    (error as { name?: string })?.name === "NoSuchEntityException" ||
    (error as { name?: string })?.name === "NoSuchEntity"
  );
}

/** The principal's ARN (with its path), or null when it does not exist. */
export async function principalArn(
  iam: IAMClient,
  principal: PrincipalRef,
): Promise<string | null> {
  try {
    switch (principal.type) {
      case "user":
        return (await iam.send(new GetUserCommand({ UserName: principal.name }))).User?.Arn ?? null;
      case "role":
        return (await iam.send(new GetRoleCommand({ RoleName: principal.name }))).Role?.Arn ?? null;
      case "group":
        return (
          (await iam.send(new GetGroupCommand({ GroupName: principal.name, MaxItems: 1 }))).Group
            ?.Arn ?? null
        );
    }
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

/** Every user, role and group the managed policy is attached to, or null when it does not exist. */
export async function policyEntities(
  iam: IAMClient,
  policyArn: string,
): Promise<PrincipalRef[] | null> {
  const entities: PrincipalRef[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(
        new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, Marker: marker }),
      );
      for (const user of page.PolicyUsers ?? [])
        entities.push({ type: "user", name: user.UserName! });
      for (const role of page.PolicyRoles ?? [])
        entities.push({ type: "role", name: role.RoleName! });
      for (const group of page.PolicyGroups ?? [])
        entities.push({ type: "group", name: group.GroupName! });
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
  return entities;
}

const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\//;

export function isAwsManagedPolicy(policyArn: string): boolean {
  return AWS_MANAGED_POLICY.test(policyArn);
}
