import {
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  type IAMClient,
  type PolicyVersion,
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

/**
 * Every version of the managed policy, or null when it does not exist. IAM keeps at most five
 * versions of a policy, fewer than one page holds, so there is no next page to read.
 */
export async function policyVersions(
  iam: IAMClient,
  policyArn: string,
): Promise<PolicyVersion[] | null> {
  try {
    return (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }))).Versions ?? [];
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

const versionNumber = (versionId: string | undefined) =>
  Number(/^v(\d+)/.exec(versionId ?? "")?.[1] ?? 0);

/**
 * Orders policy versions newest first: by CreateDate, then by number, since IAM numbers versions in
 * the order they are created and two made within the same instant share a CreateDate.
 */
export function newestFirst(a: PolicyVersion, b: PolicyVersion): number {
  const byDate = (b.CreateDate?.getTime() ?? 0) - (a.CreateDate?.getTime() ?? 0);
  return byDate !== 0 ? byDate : versionNumber(b.VersionId) - versionNumber(a.VersionId);
}
