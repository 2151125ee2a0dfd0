import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../core/policy";
import type { ListingApiArgs } from "./args";

export interface ListingApiKeyArgs {
  readonly region: pulumi.Output<string>;
  readonly account: pulumi.Output<string>;
  /** The log groups CloudWatch Logs may encrypt with the key; no others. */
  readonly logGroupNames: string[];
  readonly tags: ListingApiArgs["tags"];
}

/** A key that CloudWatch Logs may use for this component's log groups only, and alarms for SNS. */
export function createListingApiKey(
  name: string,
  args: ListingApiKeyArgs,
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const { region, account } = args;
  const logGroupArn = (group: string) =>
    pulumi.interpolate`arn:aws:logs:${region}:${account}:log-group:${group}`;
  return new aws.kms.Key(
    `${name}-key`,
    {
      description: `Encrypts the bucket, logs and alarm topic of the ListingApi ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: "AccountAdministersTheKeyThroughIam",
          Effect: "Allow",
          Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsEncryptsThisComponentsLogGroups",
          Effect: "Allow",
          Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
          Action: [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
          ],
          Resource: "*",
          Condition: {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": args.logGroupNames.map(logGroupArn) },
          },
        },
        {
          Sid: "CloudWatchAlarmsPublishToTheEncryptedTopic",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": account } },
        },
      ]),
      tags: args.tags,
    },
    opts,
  );
}
