import { SSMClient } from "@aws-sdk/client-ssm";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  DEFAULT_METRICS_NAMESPACE,
  NOTIFIER_ENV,
  POLICY_MONITOR_SERVICES,
  SLACK_MAX_ATTEMPTS,
} from "../../../contracts/policy-monitor";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { optionalEnv, readEnv } from "../../shared/env";
import { parseNotificationConfig } from "./notification-config";
import { notifySlack, type SlackResult } from "./notify-slack";

const env = process.env;
const ssm = new SSMClient(awsClientConfig());
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.notifier });
const metrics = new Metrics({
  namespace: optionalEnv(env, NOTIFIER_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.notifier,
});
const config = parseNotificationConfig(
  optionalEnv(env, NOTIFIER_ENV.notificationConfig, "version: 1"),
  NOTIFIER_ENV.notificationConfig,
);
const { webhookParameter, maxAttempts } = readEnv(env, (read) => ({
  // The parameter's name is in the environment; its value (the webhook URL) never is.
  webhookParameter: read.required(NOTIFIER_ENV.slackWebhookParameter),
  maxAttempts: read.integer(NOTIFIER_ENV.slackMaxAttempts, SLACK_MAX_ATTEMPTS.default, {
    min: SLACK_MAX_ATTEMPTS.min,
    max: SLACK_MAX_ATTEMPTS.max,
  }),
}));
const webhookUrl = webhookUrlLoader(ssm, webhookParameter);
const postOptions = { maxAttempts };

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown): Promise<SlackResult> => {
  try {
    return await notifySlack(event, { webhookUrl, config, metrics, logger, postOptions });
  } finally {
    metrics.publishStoredMetrics();
  }
};
