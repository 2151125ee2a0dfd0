import type { IamCall, IamNeed } from "../../shared/iam-calls";

const policy = "arn:aws:iam::{account}:policy/too-broad";
const user = "arn:aws:iam::{account}:user/alice";
const role = "arn:aws:iam::{account}:role/team/app-role";
const group = "arn:aws:iam::{account}:group/developers";
const marker = "arn:aws:s3:::{env:AUDIT_BUCKET}/state/remediations/violation-1.live.json";

const onPolicy = (action: string): IamNeed => ({ action, resource: policy });

/** The remediator's SDK commands (`handlers/policy-monitor/remediator/index.ts` and imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    // remediator.yaml, read at run time (config.ts).
    command: "GetObjectCommand",
    needs: [
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::{env:CONFIG_BUCKET}/{env:REMEDIATOR_SETTINGS_KEY}",
      },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:CONFIG_BUCKET}",
        implied: "a read of a key that may be missing: S3 answers 404 only to a lister",
        withheld: "the component uploads the settings; a missing one fails the batch, 403 or 404",
      },
      {
        action: "kms:Decrypt",
        resource: "{configKey}",
        implied: "SSE-KMS: S3 asks KMS to decrypt the object's data key",
      },
    ],
  },
  {
    command: "HeadObjectCommand",
    needs: [
      { action: "s3:GetObject", resource: marker },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:AUDIT_BUCKET}",
        implied: "a read of a key that may be missing: S3 answers 404 only to a lister",
        withheld: "markerExists takes the 403 of a marker not written yet for absent",
      },
    ],
  },
  {
    command: "PutObjectCommand",
    needs: [
      { action: "s3:PutObject", resource: marker },
      {
        action: "s3:PutObject",
        resource:
          "arn:aws:s3:::{env:AUDIT_BUCKET}/audit/year=2026/month=11/day=20/remediation-1.json",
      },
      {
        action: "kms:GenerateDataKey",
        resource: "{auditKey}",
        implied: "SSE-KMS: S3 asks KMS for a data key to encrypt the object",
      },
    ],
  },
  {
    command: "PublishCommand",
    needs: [
      { action: "sns:Publish", resource: "{env:NOTIFICATION_TOPIC_ARN}" },
      {
        action: "kms:GenerateDataKey",
        resource: "{emailKey}",
        implied: "an SSE-KMS topic: SNS makes a data key for the message as the publisher",
      },
      {
        action: "kms:Decrypt",
        resource: "{emailKey}",
        implied: "an SSE-KMS topic: SNS decrypts the data key as the publisher",
      },
    ],
  },
  {
    // Sent by Powertools' SSMProvider (shared/slack-client.ts), with decryption.
    command: "GetParameterCommand",
    needs: [
      {
        action: "ssm:GetParameter",
        resource: "arn:aws:ssm:{region}:{account}:parameter{env:SLACK_WEBHOOK_PARAMETER}",
      },
      {
        action: "kms:Decrypt",
        resource: "{slackKey}",
        implied: "a SecureString under a customer managed key (aws/ssm's key policy needs none)",
        only: "slack key",
      },
    ],
  },
  // Always allowed: IAM evaluates no policy for GetCallerIdentity.
  { command: "GetCallerIdentityCommand", needs: [] },
  {
    command: "ListEntitiesForPolicyCommand",
    needs: [
      onPolicy("iam:ListEntitiesForPolicy"),
      // detachAwsManagedPolicies: detaching an AWS managed policy lists its attachments.
      {
        action: "iam:ListEntitiesForPolicy",
        resource: "arn:aws:iam::aws:policy/AdministratorAccess",
      },
    ],
  },
  { command: "GetPolicyCommand", needs: [onPolicy("iam:GetPolicy")] },
  { command: "ListPolicyVersionsCommand", needs: [onPolicy("iam:ListPolicyVersions")] },
  { command: "DeletePolicyVersionCommand", needs: [onPolicy("iam:DeletePolicyVersion")] },
  {
    command: "SetDefaultPolicyVersionCommand",
    needs: [onPolicy("iam:SetDefaultPolicyVersion")],
  },
  { command: "DeletePolicyCommand", needs: [onPolicy("iam:DeletePolicy")] },
  { command: "TagPolicyCommand", needs: [onPolicy("iam:TagPolicy")] },
  { command: "GetUserCommand", needs: [{ action: "iam:GetUser", resource: user }] },
  { command: "GetRoleCommand", needs: [{ action: "iam:GetRole", resource: role }] },
  { command: "GetGroupCommand", needs: [{ action: "iam:GetGroup", resource: group }] },
  { command: "GetUserPolicyCommand", needs: [{ action: "iam:GetUserPolicy", resource: user }] },
  { command: "GetRolePolicyCommand", needs: [{ action: "iam:GetRolePolicy", resource: role }] },
  { command: "GetGroupPolicyCommand", needs: [{ action: "iam:GetGroupPolicy", resource: group }] },
  {
    command: "DetachUserPolicyCommand",
    needs: [{ action: "iam:DetachUserPolicy", resource: user }],
  },
  {
    command: "DetachRolePolicyCommand",
    needs: [{ action: "iam:DetachRolePolicy", resource: role }],
  },
  {
    command: "DetachGroupPolicyCommand",
    needs: [{ action: "iam:DetachGroupPolicy", resource: group }],
  },
  {
    command: "DeleteUserPolicyCommand",
    needs: [{ action: "iam:DeleteUserPolicy", resource: user }],
  },
  {
    command: "DeleteRolePolicyCommand",
    needs: [{ action: "iam:DeleteRolePolicy", resource: role }],
  },
  {
    command: "DeleteGroupPolicyCommand",
    needs: [{ action: "iam:DeleteGroupPolicy", resource: group }],
  },
];
