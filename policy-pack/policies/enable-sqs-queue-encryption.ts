import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: messages at rest in the queue unencrypted. New queues get SSE-SQS unless
 * `sqsManagedSseEnabled` is turned off; turning it off without a `kmsMasterKeyId` leaves them plain.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
 */
export const enableSqsQueueEncryption = resourcePolicy({
  name: "enable-sqs-queue-encryption",
  description: "SQS queues encrypt messages at rest (SSE-SQS or SSE-KMS).",
  remediationSteps: "Leave sqsManagedSseEnabled on (its default) or set kmsMasterKeyId.",
  url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-SQS2"] },
  types: ["aws:sqs/queue:Queue"],
  check: ({ props, report, unknown }) => {
    if (props.kmsMasterKeyId && !isUnknown(props.kmsMasterKeyId)) return;
    if (isUnknown(props.kmsMasterKeyId)) unknown("kmsMasterKeyId");
    else if (isUnknown(props.sqsManagedSseEnabled)) unknown("sqsManagedSseEnabled");
    else if (props.sqsManagedSseEnabled === false) {
      report(
        "sqsManagedSseEnabled is false and kmsMasterKeyId is not set: the queue is not encrypted",
      );
    }
  },
});
