import * as pulumi from "@pulumi/pulumi";
import { AUDIT_BUCKET_PREFIXES } from "../../../contracts/policy-monitor";
import type { PolicyStatement } from "../../core/policy";
import type { ResponderContext } from "./context";

/** Exactly the IAM calls of handlers/policy-monitor/remediator, on IAM ARNs of this account. */
export function remediatorIamStatements(
  ctx: Pick<ResponderContext, "partition" | "account">,
): PolicyStatement[] {
  const arn = (kind: string) =>
    pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.account}:${kind}/*`;
  const principals = [arn("user"), arn("role"), arn("group")];
  return [
    {
      Sid: "ReadIam",
      Effect: "Allow",
      Action: [
        ...["iam:GetPolicy", "iam:ListEntitiesForPolicy", "iam:ListPolicyVersions"],
        ...["iam:GetUser", "iam:GetRole", "iam:GetGroup"],
        ...["iam:GetUserPolicy", "iam:GetRolePolicy", "iam:GetGroupPolicy"],
      ],
      Resource: [
        arn("policy"),
        pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/*`,
        ...principals,
      ],
    },
    {
      Sid: "DetachPolicies",
      Effect: "Allow",
      Action: [
        ...["iam:DetachUserPolicy", "iam:DetachRolePolicy", "iam:DetachGroupPolicy"],
        ...["iam:DeleteUserPolicy", "iam:DeleteRolePolicy", "iam:DeleteGroupPolicy"],
      ],
      Resource: principals,
    },
    {
      Sid: "DeleteAndTagPolicies",
      Effect: "Allow",
      Action: ["iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:TagPolicy"],
      Resource: arn("policy"),
    },
    // Defence in depth beside the handler's own checks: service-linked roles are never changed.
    {
      Sid: "NeverServiceLinkedRoles",
      Effect: "Deny",
      Action: ["iam:Detach*", "iam:Delete*"],
      Resource: arn("role/aws-service-role"),
    },
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
}

/** Every statement of the remediator's role, in order: queue, IAM, done markers, audit, email, Slack. */
export function remediatorStatements(
  input: RemediatorStatementsInput,
  ctx: Pick<ResponderContext, "partition" | "account">,
): PolicyStatement[] {
  return [
    {
      Sid: "ConsumeQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      Resource: input.queueArn,
    },
    ...remediatorIamStatements(ctx),
    {
      Sid: "ReadDoneMarkers",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: pulumi.interpolate`${input.auditBucketArn}/${AUDIT_BUCKET_PREFIXES.state}*`,
    },
    ...input.auditWriteStatements,
    ...input.emailPublishStatements,
    ...input.slackStatements,
  ];
}
