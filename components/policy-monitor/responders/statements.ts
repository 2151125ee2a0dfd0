import * as pulumi from "@pulumi/pulumi";
import { AUDIT_BUCKET_PREFIXES } from "../../../contracts/policy-monitor";
import type { PolicyStatement } from "../../core/policy";
import type { ResponderContext } from "./context";

const PRINCIPAL_KINDS = ["user", "role", "group"] as const;

/** The changes the remediator makes to a principal: detaching and deleting its policies. */
const PRINCIPAL_CHANGES = [
  ...["iam:DetachUserPolicy", "iam:DetachRolePolicy", "iam:DetachGroupPolicy"],
  ...["iam:DeleteUserPolicy", "iam:DeleteRolePolicy", "iam:DeleteGroupPolicy"],
];

/** The principals the remediator must never change, whatever its code decides. */
export interface UntouchablePrincipals {
  /** The remediator's own execution role, by name pattern (its name has an automatic suffix). */
  readonly ownRoleNamePattern: string;
  /**
   * PROTECTED_PRINCIPALS: ARN globs (`arn:aws:iam::*:role/break-glass*`) as they are, name globs
   * (`admin-*`) as users, roles and groups of that name on any path.
   */
  readonly protectedPrincipals: readonly string[];
}

/** The ARN globs of a protected principal pattern. */
function protectedArns(
  pattern: string,
  ctx: Pick<ResponderContext, "partition" | "account">,
): pulumi.Input<string>[] {
  if (pattern.startsWith("arn:")) return [pattern];
  return PRINCIPAL_KINDS.flatMap((kind) => [
    pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:${kind}/${pattern}`,
    pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:${kind}/*/${pattern}`,
  ]);
}

/**
 * Exactly the IAM calls of handlers/policy-monitor/remediator, each on its own ARN family of this
 * account, and explicit Denies that make its own role, service-linked roles and the protected
 * principals untouchable even if a bug slipped past the handler's safety checks.
 */
export function remediatorIamStatements(
  ctx: Pick<ResponderContext, "partition" | "account">,
  untouchable: UntouchablePrincipals,
): PolicyStatement[] {
  const arn = (kind: string) =>
    pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:${kind}/*`;
  const denyChanges = (sid: string, resources: pulumi.Input<string>[]): PolicyStatement[] =>
    resources.length === 0
      ? []
      : [{ Sid: sid, Effect: "Deny", Action: PRINCIPAL_CHANGES, Resource: resources }];
  return [
    {
      Sid: "ReadPolicyAttachments",
      Effect: "Allow",
      // Detaching an AWS managed policy (detachAwsManagedPolicies) lists its attachments too.
      Action: ["iam:ListEntitiesForPolicy"],
      Resource: [arn("policy"), pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/*`],
    },
    {
      Sid: "ReadCustomerPolicies",
      Effect: "Allow",
      Action: ["iam:GetPolicy", "iam:ListPolicyVersions"],
      Resource: arn("policy"),
    },
    {
      Sid: "ReadUsers",
      Effect: "Allow",
      Action: ["iam:GetUser", "iam:GetUserPolicy"],
      Resource: arn("user"),
    },
    {
      Sid: "ReadRoles",
      Effect: "Allow",
      Action: ["iam:GetRole", "iam:GetRolePolicy"],
      Resource: arn("role"),
    },
    {
      Sid: "ReadGroups",
      Effect: "Allow",
      Action: ["iam:GetGroup", "iam:GetGroupPolicy"],
      Resource: arn("group"),
    },
    {
      Sid: "DetachFromUsers",
      Effect: "Allow",
      Action: ["iam:DetachUserPolicy", "iam:DeleteUserPolicy"],
      Resource: arn("user"),
    },
    {
      Sid: "DetachFromRoles",
      Effect: "Allow",
      Action: ["iam:DetachRolePolicy", "iam:DeleteRolePolicy"],
      Resource: arn("role"),
    },
    {
      Sid: "DetachFromGroups",
      Effect: "Allow",
      Action: ["iam:DetachGroupPolicy", "iam:DeleteGroupPolicy"],
      Resource: arn("group"),
    },
    {
      Sid: "ChangeCustomerPolicies",
      Effect: "Allow",
      // restore_previous_default_version: SetDefaultPolicyVersion, then DeletePolicyVersion.
      Action: [
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:TagPolicy",
      ],
      Resource: arn("policy"),
    },
    ...denyChanges("NeverOwnRole", [
      pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:role/${untouchable.ownRoleNamePattern}`,
    ]),
    ...denyChanges("NeverServiceLinkedRoles", [arn("role/aws-service-role")]),
    ...denyChanges(
      "NeverProtectedPrincipals",
      untouchable.protectedPrincipals.flatMap((pattern) => protectedArns(pattern, ctx)),
    ),
  ];
}

export interface RemediatorStatementsInput {
  /** The remediation queue the function consumes. */
  readonly queueArn: pulumi.Input<string>;
  /** The audit bucket, whose `state/` prefix holds the done markers. */
  readonly auditBucketArn: pulumi.Input<string>;
  /** Writing the audit log under `audit/` and `state/`. */
  readonly auditWriteStatements: PolicyStatement[];
  /** Publishing to the email topic. */
  readonly emailPublishStatements: PolicyStatement[];
  /** Reading the Slack webhook; empty when there is no Slack notifier. */
  readonly slackStatements: PolicyStatement[];
  /** The principals whose policies the remediator must never change. */
  readonly untouchable: UntouchablePrincipals;
}

/** Every statement of the remediator's role, in order: queue, IAM, done markers, audit, email, Slack. */
export function remediatorStatements(
  input: RemediatorStatementsInput,
  ctx: Pick<ResponderContext, "partition" | "account">,
): PolicyStatement[] {
  return [
    {
      // Not the handler's calls: the SQS event source mapping polls and deletes as the function.
      Sid: "ConsumeQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      Resource: input.queueArn,
    },
    ...remediatorIamStatements(ctx, input.untouchable),
    {
      Sid: "ReadDoneMarkers",
      Effect: "Allow",
      // No s3:ListBucket: S3 then answers 403 for a marker not written yet, which the handler
      // takes for "absent" (this grant makes every existing marker readable).
      Action: ["s3:GetObject"],
      Resource: pulumi.interpolate`${input.auditBucketArn}/${AUDIT_BUCKET_PREFIXES.state}*`,
    },
    ...input.auditWriteStatements,
    ...input.emailPublishStatements,
    ...input.slackStatements,
  ];
}
