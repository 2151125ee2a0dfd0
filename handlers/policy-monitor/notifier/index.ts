import { SSMClient } from "@aws-sdk/client-ssm";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { integerEnv, optionalEnv, requireEnv } from "../../shared/env";
import { parseNotificationConfig } from "./notification-config";
import { notifySlack, type SlackResult } from "./notify-slack";

const ssm = new SSMClient(awsClientConfig());
const logger = new Logger({ serviceName: "policy-notifier" });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, "METRICS_NAMESPACE", "IAMPolicyMonitor"),
  serviceName: "policy-notifier",
});
const config = parseNotificationConfig(
  optionalEnv(process.env, "NOTIFICATION_CONFIG", "version: 1"),
  "NOTIFICATION_CONFIG",
);
// The parameter's name is in the environment; its value (the webhook URL) never is.
const webhookUrl = webhookUrlLoader(ssm, requireEnv(process.env, "SLACK_WEBHOOK_PARAMETER"));
const postOptions = {
  maxAttempts: integerEnv(process.env, "SLACK_MAX_ATTEMPTS", 4, { min: 1, max: 10 }),
};

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown): Promise<SlackResult> => {
  try {
    return await notifySlack(event, { webhookUrl, config, metrics, logger, postOptions });
  } finally {
    metrics.publishStoredMetrics();
  }
};
