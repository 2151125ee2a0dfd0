import type { IamCall } from "../../shared/iam-calls";

const POLICIES = [
  "arn:aws:iam::{account}:policy/team/too-broad",
  "arn:aws:iam::aws:policy/AdministratorAccess",
];

/** The detector's SDK commands (`handlers/policy-monitor/detector/index.ts` and its imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "GetObjectCommand",
    needs: [
      { action: "s3:GetObject", resource: "arn:aws:s3:::{env:RULES_BUCKET}/{env:RULES_KEY}" },
      { action: "s3:GetObject", resource: "arn:aws:s3:::{env:RULES_BUCKET}/{env:SUPPRESS_KEY}" },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:RULES_BUCKET}",
        implied: "a read of a key that may be missing: S3 answers 404 only to a lister",
        withheld:
          "the component uploads both files; a missing one fails the invocation, 403 or 404",
      },
      {
        action: "kms:Decrypt",
        resource: "{configKey}",
        implied: "SSE-KMS: S3 asks KMS to decrypt the object's data key",
      },
      // A dedup marker is read only after a conditional write found it there: never a missing key.
      { action: "s3:GetObject", resource: "arn:aws:s3:::{env:RULES_BUCKET}/dedup/0f1e2d.json" },
    ],
  },
  {
    command: "PutObjectCommand",
    needs: [
      { action: "s3:PutObject", resource: "arn:aws:s3:::{env:RULES_BUCKET}/dedup/0f1e2d.json" },
      {
        action: "kms:GenerateDataKey",
        resource: "{configKey}",
        implied: "SSE-KMS: S3 asks KMS for a data key to encrypt the object",
      },
    ],
  },
  {
    command: "GetPolicyCommand",
    needs: POLICIES.map((resource) => ({ action: "iam:GetPolicy", resource })),
  },
  {
    command: "GetPolicyVersionCommand",
    needs: POLICIES.map((resource) => ({ action: "iam:GetPolicyVersion", resource })),
  },
  {
    command: "PutEventsCommand",
    needs: [
      {
        action: "events:PutEvents",
        resource: "arn:aws:events:{region}:{account}:event-bus/{env:EVENTBRIDGE_BUS_NAME}",
        only: "eventbridge",
      },
    ],
  },
  {
    command: "PublishCommand",
    needs: [{ action: "sns:Publish", resource: "{directTopic}", only: "direct" }],
  },
  {
    command: "SendMessageCommand",
    needs: [{ action: "sqs:SendMessage", resource: "{directQueue}", only: "direct" }],
  },
];
