import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { shippedFile } from "../../core/package-files";
import type { PolicyStatement } from "../../core/policy";
import { NOTIFIER_ENV, SLACK_MAX_ATTEMPTS } from "../../../contracts/policy-monitor";
import { DEFAULT_NOTIFICATION_CONFIG_PATH } from "./args";
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

export interface SlackNotifierOptions {
  /** SSM SecureString holding the Slack webhook URL. */
  readonly parameterName: string;
  /** Slack routing file, relative to the repo root. Defaults to `DEFAULT_NOTIFICATION_CONFIG_PATH`. */
  readonly notificationConfigPath?: string;
  /** Slack attempts per message before the invocation fails. Defaults to `SLACK_MAX_ATTEMPTS.default`. */
  readonly maxAttempts?: number;
}

/** The Slack notifier's environment, with its routing file inlined. */
export function slackNotifierEnvironment(options: SlackNotifierOptions): Record<string, string> {
  const configPath = options.notificationConfigPath
    ? resolve(options.notificationConfigPath)
    : shippedFile(DEFAULT_NOTIFICATION_CONFIG_PATH);
  return {
    [NOTIFIER_ENV.slackWebhookParameter]: options.parameterName,
    // The handler validates it; JSON keeps the variable small (4 KB for all variables).
    [NOTIFIER_ENV.notificationConfig]: JSON.stringify(
      load(readFileSync(configPath, "utf8"), { filename: configPath }),
    ),
    [NOTIFIER_ENV.slackMaxAttempts]: String(options.maxAttempts ?? SLACK_MAX_ATTEMPTS.default),
  };
}
