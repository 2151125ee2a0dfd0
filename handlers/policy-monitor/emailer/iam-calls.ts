import type { IamCall } from "../../shared/iam-calls";

/** The emailer's SDK commands (`handlers/policy-monitor/emailer/index.ts` and its imports). */
export const IAM_CALLS: readonly IamCall[] = [
  {
    command: "PublishCommand",
    needs: [
      { action: "sns:Publish", resource: "{env:EMAIL_TOPIC_ARN}" },
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
];
