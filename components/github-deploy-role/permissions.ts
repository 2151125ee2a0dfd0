import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../core/policy";
import type { GithubDeployRoleArgs } from "./args";

/** The deploy permissions, in groups. `P` is the name prefix, `A` the account. */
export function deployStatements(
  P: string,
  A: pulumi.Output<string>,
  args: Pick<GithubDeployRoleArgs, "stateBucketName" | "secretsKmsKeyArn">,
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
