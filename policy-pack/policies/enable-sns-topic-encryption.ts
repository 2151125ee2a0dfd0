import { resourcePolicy } from "../lib/define";
import { isUnknown } from "../lib/unknown";

/**
 * Risk: messages at rest in the topic unencrypted. SNS has no default encryption: a topic is
 * encrypted only with `kmsMasterKeyId`.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
 */
export const enableSnsTopicEncryption = resourcePolicy({
  name: "enable-sns-topic-encryption",
  description: "SNS topics encrypt messages at rest with KMS (kmsMasterKeyId).",
  remediationSteps: "Set kmsMasterKeyId on the topic (a customer key, or alias/aws/sns).",
  url: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
  enforcementLevel: "mandatory",
  severity: "medium",
  matches: { cdkNag: ["AwsSolutions-SNS2"] },
  types: ["aws:sns/topic:Topic"],
  check: ({ props, report, unknown }) => {
    if (isUnknown(props.kmsMasterKeyId)) unknown("kmsMasterKeyId");
    else if (!props.kmsMasterKeyId) report("kmsMasterKeyId is not set: the topic is not encrypted");
  },
});
