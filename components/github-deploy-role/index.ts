import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../core/policy";
import {
  DEFAULT_BRANCHES,
  DEFAULT_MAX_SESSION_DURATION,
  DEFAULT_RESOURCE_PREFIX,
  validateGithubDeployRoleArgs,
  type GithubDeployRoleArgs,
} from "./args";
import { deployStatements } from "./permissions";

export {
  GithubDeployRoleArgsError,
  validateGithubDeployRoleArgs,
  type GithubDeployRoleArgs,
} from "./args";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The OIDC subjects the trust policy accepts, from validated names: exact values, never wildcards. */
export function githubSubjects(
  repository: string,
  branches: readonly string[],
  environments: readonly string[],
): string[] {
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
    validateGithubDeployRoleArgs(name, args);
    super("opsguard:index:GithubDeployRole", name, {}, opts);
    const prefix = args.resourcePrefix ?? DEFAULT_RESOURCE_PREFIX;
    const subjects = githubSubjects(
      args.repository,
      args.branches ?? DEFAULT_BRANCHES,
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
        maxSessionDuration: args.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
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
