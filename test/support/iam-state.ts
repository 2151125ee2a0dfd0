import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type IAMClient,
  type Tag,
} from "@aws-sdk/client-iam";

type PrincipalType = "user" | "role" | "group";

export interface PrincipalState {
  /** The ARNs of its managed policies, sorted. */
  attached: string[];
  /** Its inline policies' documents by name. */
  inline: Record<string, string>;
  /** A role's trust policy. */
  trust?: string;
}

export interface PolicyState {
  defaultVersionId?: string;
  attachmentCount?: number;
  tags: Tag[];
  /** Each version's document by version id. */
  versions: Record<string, string>;
}

export interface IamState {
  /** By `<type>/<name>`. */
  principals: Record<string, PrincipalState>;
  /** By ARN. */
  policies: Record<string, PolicyState>;
}

/** Where the remediations of a test may act: the principals and policies it made. */
export interface IamWorld {
  readonly principals: readonly { readonly type: PrincipalType; readonly name: string }[];
  readonly policyArns: readonly string[];
}

async function principalState(
  iam: IAMClient,
  type: PrincipalType,
  name: string,
): Promise<PrincipalState> {
  const commands = {
    user: {
      attached: new ListAttachedUserPoliciesCommand({ UserName: name }),
      inline: new ListUserPoliciesCommand({ UserName: name }),
      get: (PolicyName: string) => new GetUserPolicyCommand({ UserName: name, PolicyName }),
    },
    role: {
      attached: new ListAttachedRolePoliciesCommand({ RoleName: name }),
      inline: new ListRolePoliciesCommand({ RoleName: name }),
      get: (PolicyName: string) => new GetRolePolicyCommand({ RoleName: name, PolicyName }),
    },
    group: {
      attached: new ListAttachedGroupPoliciesCommand({ GroupName: name }),
      inline: new ListGroupPoliciesCommand({ GroupName: name }),
      get: (PolicyName: string) => new GetGroupPolicyCommand({ GroupName: name, PolicyName }),
    },
  }[type];
  // The union of command types does not narrow through the table: send each as the user's type.
  const attached = await iam.send(commands.attached as ListAttachedUserPoliciesCommand);
  const inlineNames = (await iam.send(commands.inline as ListUserPoliciesCommand)).PolicyNames;
  const inline: Record<string, string> = {};
  for (const policyName of inlineNames ?? []) {
    const got = await iam.send(commands.get(policyName) as GetUserPolicyCommand);
    inline[policyName] = decodeURIComponent(got.PolicyDocument!);
  }
  const trust =
    type === "role"
      ? decodeURIComponent(
          (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!.AssumeRolePolicyDocument!,
        )
      : undefined;
  return {
    attached: (attached.AttachedPolicies ?? []).map((policy) => policy.PolicyArn!).sort(),
    inline,
    trust,
  };
}

async function policyState(iam: IAMClient, policyArn: string): Promise<PolicyState> {
  const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!;
  const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
  const versions: Record<string, string> = {};
  for (const { VersionId } of listed.Versions ?? []) {
    const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId }));
    versions[VersionId!] = decodeURIComponent(got.PolicyVersion!.Document!);
  }
  return {
    defaultVersionId: policy.DefaultVersionId,
    attachmentCount: policy.AttachmentCount,
    tags: policy.Tags ?? [],
    versions,
  };
}

/**
 * Everything a remediation could change about the world's principals and policies: attachments,
 * inline documents, trust policies, and each policy's versions, default and tags.
 */
export async function iamState(iam: IAMClient, world: IamWorld): Promise<IamState> {
  const principals: IamState["principals"] = {};
  for (const { type, name } of world.principals) {
    principals[`${type}/${name}`] = await principalState(iam, type, name);
  }
  const policies: IamState["policies"] = {};
  for (const policyArn of world.policyArns) policies[policyArn] = await policyState(iam, policyArn);
  return { principals, policies };
}
