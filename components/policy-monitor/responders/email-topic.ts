import { createAlarmTopic } from "../../core/alarm-topic";
import type { PolicyStatement } from "../../core/policy";
import type { ResponderContext } from "./context";

/** The KMS key and the encrypted topic of the emails (and alarms), with its subscriptions. */
export function createEmailTopic(name: string, emailAddresses: string[], ctx: ResponderContext) {
  const { key, topic } = createAlarmTopic(
    `${name}-email`,
    { purpose: `the violation email topic of ${name}`, emailAddresses, tags: ctx.tags },
    ctx.opts,
  );
  const publishStatements: PolicyStatement[] = [
    { Sid: "PublishEmail", Effect: "Allow", Action: ["sns:Publish"], Resource: topic.arn },
    {
      Sid: "EncryptForTopic",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: key.arn,
    },
  ];
  return { key, topic, publishStatements };
}

/** The email topic, its key, and the grants to publish to it. */
export type EmailTopic = ReturnType<typeof createEmailTopic>;
