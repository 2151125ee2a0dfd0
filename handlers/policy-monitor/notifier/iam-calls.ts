import type { IamCall } from "../../shared/iam-calls";

/** The Slack notifier's SDK commands (`handlers/policy-monitor/notifier/index.ts` and imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    // The routing, read at run time (config-source.ts).
    command: "GetObjectCommand",
    needs: [
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::{env:CONFIG_BUCKET}/{env:NOTIFICATION_CONFIG_KEY}",
      },
      {
        action: "s3:ListBucket",
        resource: "arn:aws:s3:::{env:CONFIG_BUCKET}",
        implied: "a read of a key that may be missing: S3 answers 404 only to a lister",
        withheld:
          "the component uploads the routing; a missing one fails the invocation, 403 or 404",
      },
      {
        action: "kms:Decrypt",
        resource: "{configKey}",
        implied: "SSE-KMS: S3 asks KMS to decrypt the object's data key",
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
];
