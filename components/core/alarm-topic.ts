import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "./policy";

export interface AlarmTopicArgs {
  /** What the topic carries, for the key's description. */
  readonly purpose: string;
  /** Email addresses subscribed to the topic. Defaults to none. */
  readonly emailAddresses?: string[];
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface AlarmTopic {
  readonly key: aws.kms.Key;
  readonly topic: aws.sns.Topic;
}

/**
 * An SNS topic encrypted with its own customer-managed key, with email subscriptions, that CloudWatch
 * alarms can publish to: they cannot use a topic under the AWS-managed `aws/sns` key, whose policy
 * cannot be changed. Children: `${prefix}-key`, `${prefix}-topic`, `${prefix}-subscription-<n>`.
 */
export function createAlarmTopic(
  prefix: string,
  args: AlarmTopicArgs,
  opts: pulumi.CustomResourceOptions,
): AlarmTopic {
  const { accountId } = aws.getCallerIdentityOutput({}, opts);
  const { partition } = aws.getPartitionOutput({}, opts);
  const key = new aws.kms.Key(
    `${prefix}-key`,
    {
      description: `Encrypts ${args.purpose}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchPublishesAlarms",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
        },
      ]),
      tags: args.tags,
    },
    opts,
  );
  const topic = new aws.sns.Topic(
    `${prefix}-topic`,
    { kmsMasterKeyId: key.arn, tags: args.tags },
    opts,
  );
  (args.emailAddresses ?? []).forEach((address, index) => {
    new aws.sns.TopicSubscription(
      `${prefix}-subscription-${index}`,
      { topic: topic.arn, protocol: "email", endpoint: address },
      opts,
    );
  });
  return { key, topic };
}
