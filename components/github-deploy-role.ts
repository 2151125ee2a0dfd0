import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type PolicyStatement } from "./policy";

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

/** The deploy permissions, in groups. `P` is the name prefix, `A` the account. */
function deployStatements(
  P: string,
  A: pulumi.Output<string>,
  args: GithubDeployRoleArgs,
): Record<string, pulumi.Input<PolicyStatement>[]> {
  const arn = (service: string, resource: string, region = "*") =>
    pulumi.interpolate`arn:aws:${service}:${region}:${A}:${resource}`;
  const iam = (resource: string) => pulumi.interpolate`arn:aws:iam::${A}:${resource}`;
  const allow = (
    Sid: string,
    Action: string[],
    Resource: pulumi.Input<string> | pulumi.Input<string>[],
    Condition?: Record<string, unknown>,
  ): PolicyStatement =>
    ({
      Sid,
      Effect: "Allow",
      Action,
      Resource,
      ...(Condition ? { Condition } : {}),
    }) as PolicyStatement;

  const identity: pulumi.Input<PolicyStatement>[] = [
    allow(
      "ManageStackRoles",
      [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRoleTags",
        "iam:UpdateAssumeRolePolicy",
        "iam:ListInstanceProfilesForRole",
      ],
      iam(`role/${P}*`),
    ),
    allow("PassStackRolesToServices", ["iam:PassRole"], iam(`role/${P}*`), {
      StringEquals: {
        "iam:PassedToService": [
          "lambda.amazonaws.com",
          "events.amazonaws.com",
          "glue.amazonaws.com",
          "apigateway.amazonaws.com",
        ],
      },
    }),
    allow(
      "ManageStackPolicies",
      [
        "iam:CreatePolicy",
        "iam:DeletePolicy",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
        "iam:ListEntitiesForPolicy",
      ],
      iam(`policy/${P}*`),
    ),
    // ListingApi attaches its invoke policy to callers' roles and users, whatever their names.
    allow(
      "AttachOnlyStackPolicies",
      [
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:AttachUserPolicy",
        "iam:DetachUserPolicy",
      ],
      [iam("role/*"), iam("user/*")],
      { ArnLike: { "iam:PolicyARN": iam(`policy/${P}*`) } },
    ),
    allow("CreateKeys", ["kms:CreateKey", "kms:ListAliases", "kms:ListKeys"], "*"),
    // Keys are named by id only, so key management cannot be scoped by name.
    allow(
      "ManageKeys",
      [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:ListResourceTags",
        "kms:CreateGrant",
      ],
      arn("kms", "key/*"),
    ),
    allow(
      "ManageAliases",
      ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      [arn("kms", `alias/${P}*`), arn("kms", "key/*")],
    ),
  ];
  const compute: pulumi.Input<PolicyStatement>[] = [
    allow(
      "ManageFunctions",
      ["lambda:*"],
      [arn("lambda", `function:${P}*`), arn("lambda", `function:${P}*:*`)],
    ),
    allow(
      "ManageEventSourceMappings",
      [
        "lambda:CreateEventSourceMapping",
        "lambda:UpdateEventSourceMapping",
        "lambda:DeleteEventSourceMapping",
        "lambda:GetEventSourceMapping",
        "lambda:ListEventSourceMappings",
      ],
      "*",
      { ArnLikeIfExists: { "lambda:FunctionArn": arn("lambda", `function:${P}*`) } },
    ),
    allow("ManageBuckets", ["s3:*"], [`arn:aws:s3:::${P}*`]),
    allow(
      "ManageEvents",
      ["events:*"],
      [
        arn("events", `rule/${P}*`),
        arn("events", `rule/*/${P}*`),
        arn("events", `event-bus/${P}*`),
      ],
    ),
    allow("ManageTopics", ["sns:*"], arn("sns", `${P}*`)),
    allow("ManageQueues", ["sqs:*"], arn("sqs", `${P}*`)),
    allow(
      "ManageGlue",
      ["glue:*"],
      [
        arn("glue", "catalog"),
        arn("glue", `database/${P}*`),
        arn("glue", `table/${P}*/*`),
        arn("glue", `crawler/${P}*`),
      ],
    ),
  ];
  const observability: pulumi.Input<PolicyStatement>[] = [
    allow(
      "ManageLogGroups",
      ["logs:*"],
      [arn("logs", "log-group:/aws/*/opsguard/*"), arn("logs", `log-group:${P}*`)],
    ),
    // HTTP API access logs are vended log deliveries; these actions take no resource.
    allow(
      "DeliverApiAccessLogs",
      [
        "logs:DescribeLogGroups",
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
      ],
      "*",
    ),
    allow(
      "ManageAlarms",
      [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:ListTagsForResource",
      ],
      arn("cloudwatch", `alarm:${P}*`),
    ),
    allow(
      "ManageDashboards",
      ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
      pulumi.interpolate`arn:aws:cloudwatch::${A}:dashboard/${P}*`,
    ),
    allow("DescribeAlarms", ["cloudwatch:DescribeAlarms"], "*"),
    // API ids are generated, so HTTP APIs cannot be scoped by name.
    allow(
      "ManageHttpApis",
      [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PUT",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "apigateway:TagResource",
        "apigateway:UntagResource",
      ],
      [
        "arn:aws:apigateway:*::/apis",
        "arn:aws:apigateway:*::/apis/*",
        "arn:aws:apigateway:*::/tags/*",
      ],
    ),
  ];
  const state: pulumi.Input<PolicyStatement>[] = [];
  if (args.stateBucketName) {
    state.push(
      allow(
        "ReadWritePulumiState",
        ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        [`arn:aws:s3:::${args.stateBucketName}`, `arn:aws:s3:::${args.stateBucketName}/*`],
      ),
    );
  }
  if (args.secretsKmsKeyArn) {
    state.push(
      allow(
        "UsePulumiSecretsKey",
        ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        args.secretsKmsKeyArn,
      ),
    );
  }
  return { identity, compute, observability, ...(state.length > 0 ? { state } : {}) };
}
