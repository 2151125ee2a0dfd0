import type { IamCall } from "../../shared/iam-calls";

/** The Slack notifier's SDK commands (`handlers/policy-monitor/notifier/index.ts` and imports). */
export const IAM_CALLS: readonly IamCall[] = [
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
