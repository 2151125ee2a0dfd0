import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../core/policy";
import { deployStatements } from "./permissions";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GithubDeployRoleArgs {
  /** The GitHub repository, `owner/name`, whose workflows may assume the role. */
  readonly repository: string;
  /** Branches whose workflow runs may assume the role (`ref:refs/heads/<branch>`). Defaults to `["main"]`. */
  readonly branches?: string[];
  /** GitHub environments whose jobs may assume the role (`environment:<env>`). Defaults to none. */
  readonly environments?: string[];
  /**
   * The account's existing OIDC provider for `token.actions.githubusercontent.com` (there can be only
   * one per account). Defaults to a new provider.
   */
  readonly oidcProviderArn?: pulumi.Input<string>;
  /**
   * The prefix of the names of the resources the role may manage, where AWS can scope by name.
   * Defaults to `opsguard`.
   */
  readonly resourcePrefix?: string;
  /** The role's name. Defaults to `<resourcePrefix>-github-deploy`. */
  readonly roleName?: string;
  /** A self-managed Pulumi state bucket the role may read and write. Defaults to none (Pulumi Cloud). */
  readonly stateBucketName?: string;
  /** The KMS key of the stacks' secrets provider, for `awskms://` secrets. Defaults to none. */
  readonly secretsKmsKeyArn?: pulumi.Input<string>;
  /** Session length in seconds. Defaults to 3600. */
  readonly maxSessionDuration?: number;
  /** Tags for every child resource. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Raised when the args cannot make a safe trust policy; the message names the bad value. */
export class GithubDeployRoleArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GithubDeployRoleArgsError";
  }
}

/** The OIDC subjects the trust policy accepts: exact values, never wildcards. */
export function githubSubjects(
  repository: string,
  branches: string[],
  environments: string[],
): string[] {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new GithubDeployRoleArgsError(`repository must be "owner/name", got "${repository}"`);
  }
  for (const value of [...branches, ...environments]) {
    if (!/^[A-Za-z0-9_./-]+$/.test(value)) {
      throw new GithubDeployRoleArgsError(
        `branch or environment "${value}" must not hold wildcards or spaces`,
      );
    }
  }
  if (branches.length + environments.length === 0) {
    throw new GithubDeployRoleArgsError("at least one branch or environment must be trusted");
  }
  return [
    ...branches.map((branch) => `repo:${repository}:ref:refs/heads/${branch}`),
    ...environments.map((environment) => `repo:${repository}:environment:${environment}`),
  ];
}

/**
 * The role GitHub Actions assume with OIDC to run `pulumi up` of the opsguard stacks: trusted only by
 * the given repository's branches and environments, with `aud` = `sts.amazonaws.com`. Its permissions
 * cover what the stacks manage (IAM roles, Lambda, S3, EventBridge, SNS, SQS, KMS, logs, API Gateway,
 * Glue, CloudWatch), scoped to `<resourcePrefix>*` names where the service allows it. It is broad:
 * a principal that creates roles and writes their policies can reach the rights of any role it makes.
 */
export class GithubDeployRole extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;
  public readonly roleArn: pulumi.Output<string>;
  public readonly oidcProviderArn: pulumi.Output<string>;

  constructor(name: string, args: GithubDeployRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("opsguard:index:GithubDeployRole", name, {}, opts);
    const prefix = args.resourcePrefix ?? "opsguard";
    const subjects = githubSubjects(
      args.repository,
      args.branches ?? ["main"],
      args.environments ?? [],
    );

    this.oidcProviderArn = pulumi.output(
      args.oidcProviderArn ??
        new aws.iam.OpenIdConnectProvider(
          `${name}-oidc`,
          {
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdLists: ["sts.amazonaws.com"],
            tags: args.tags,
          },
          { parent: this },
        ).arn,
    );
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName ?? `${prefix}-github-deploy`,
        description: `GitHub Actions of ${args.repository} deploy the opsguard stacks`,
        maxSessionDuration: args.maxSessionDuration ?? 3600,
        assumeRolePolicy: policyDocument([
          {
            Sid: "GithubActionsOfTheRepository",
            Effect: "Allow",
            Principal: { Federated: this.oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                [`${GITHUB_OIDC_HOST}:sub`]: subjects,
              },
            },
          },
        ]),
        tags: args.tags,
      },
      { parent: this },
    );

    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const groups = deployStatements(prefix, account, args);
    for (const [group, statements] of Object.entries(groups)) {
      // One inline policy per group: a role's inline policies share a 10,240-character budget.
      new aws.iam.RolePolicy(
        `${name}-${group}`,
        { role: this.role.id, policy: policyDocument(statements) },
        { parent: this },
      );
    }

    this.roleArn = this.role.arn;
    this.registerOutputs({ roleArn: this.roleArn, oidcProviderArn: this.oidcProviderArn });
  }
}
