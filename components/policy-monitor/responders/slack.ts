import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../../core/policy";
import {
  CONFIG_BUCKET_KEYS,
  NOTIFIER_ENV,
  SLACK_MAX_ATTEMPTS,
} from "../../../contracts/policy-monitor";
import { parseNotificationConfigFile } from "../../../contracts/policy-monitor-config/notification-schema";
import { readConfigArg } from "../config-files";
import { DEFAULT_NOTIFICATION_CONFIG_PATH, type PolicyRespondersConfigBucket } from "./args";
import type { ResponderContext } from "./context";

/** Reading the Slack webhook: the parameter (by name only) and the key that decrypts it. */
export function slackWebhookStatements(
  parameterName: string,
  kmsKeyArn: pulumi.Input<string> | undefined,
  ctx: ResponderContext,
): PolicyStatement[] {
  const { partition, region, account } = ctx;
  const path = parameterName.startsWith("/") ? parameterName : `/${parameterName}`;
  return [
    {
      Sid: "ReadSlackWebhook",
      Effect: "Allow",
      Action: ["ssm:GetParameter"],
      Resource: pulumi.interpolate`arn:${partition}:ssm:${region}:${account}:parameter${path}`,
    },
    // The default key (`aws/ssm`) lets every principal of the account decrypt through SSM by its
    // key policy; only a customer managed key needs a grant.
    ...(kmsKeyArn
      ? [
          {
            Sid: "DecryptSlackWebhook",
            Effect: "Allow" as const,
            Action: ["kms:Decrypt"],
            Resource: kmsKeyArn,
          },
        ]
      : []),
  ];
}

/**
 * Reads and validates the Slack routing file that `notificationConfigPath` names (by the project
 * path rule, `resolveProjectPath`), else the shipped `DEFAULT_NOTIFICATION_CONFIG_PATH`; a bad one
 * fails through `fail`: `notificationConfigPath routing.yaml: default.channel: must be …`.
 * Returns its absolute path.
 */
export function checkedNotificationConfigPath(
  notificationConfigPath: string | undefined,
  fail: (problem: string) => never,
): string {
  return readConfigArg(
    "notificationConfigPath",
    notificationConfigPath,
    DEFAULT_NOTIFICATION_CONFIG_PATH,
    parseNotificationConfigFile,
    fail,
  ).path;
}

export interface SlackNotifierOptions {
  /** SSM SecureString holding the Slack webhook URL. */
  readonly parameterName: string;
  /** The validated routing file (`checkedNotificationConfigPath`), absolute. */
  readonly notificationConfigPath: string;
  /** Slack attempts per message before the invocation fails. Defaults to `SLACK_MAX_ATTEMPTS.default`. */
  readonly maxAttempts?: number;
  /** The config bucket the routing file is uploaded to. */
  readonly configBucket: PolicyRespondersConfigBucket;
}

/**
 * Uploads the routing file as `notification-config.yaml` to the config bucket and returns the
 * notifier's environment: where to read it, never its content.
 */
export function slackNotifierConfig(
  name: string,
  options: SlackNotifierOptions,
  ctx: ResponderContext,
): { environment: Record<string, pulumi.Input<string>>; object: aws.s3.BucketObjectv2 } {
  const object = new aws.s3.BucketObjectv2(
    `${name}-notification-config`,
    {
      bucket: options.configBucket.name,
      key: CONFIG_BUCKET_KEYS.notificationConfig,
      source: new pulumi.asset.FileAsset(options.notificationConfigPath),
      contentType: "application/yaml",
      tags: ctx.tags,
    },
    ctx.opts,
  );
  return {
    object,
    environment: {
      [NOTIFIER_ENV.slackWebhookParameter]: options.parameterName,
      [NOTIFIER_ENV.configBucket]: options.configBucket.name,
      // The object's key, not the constant: the function then waits for the upload.
      [NOTIFIER_ENV.notificationConfigKey]: object.key,
      [NOTIFIER_ENV.slackMaxAttempts]: String(options.maxAttempts ?? SLACK_MAX_ATTEMPTS.default),
    },
  };
}
