import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  CONFIG_BUCKET_KEYS,
  DEFAULT_METRICS_NAMESPACE,
  NOTIFIER_ENV,
  POLICY_MONITOR_SERVICES,
  SLACK_MAX_ATTEMPTS,
} from "../../../contracts/policy-monitor";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { publishStoredMetrics } from "../../shared/metrics";
import { optionalEnv, readEnv } from "../../shared/env";
import { notificationConfigLoader } from "./config-source";
import { notifySlack, type SlackResult } from "./notify-slack";

const env = process.env;
const clientConfig = awsClientConfig();
const s3 = new S3Client(clientConfig);
const ssm = new SSMClient(clientConfig);
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.notifier });
const metrics = new Metrics({
  namespace: optionalEnv(env, NOTIFIER_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.notifier,
});
const { webhookParameter, configBucket, configKey, maxAttempts } = readEnv(env, (read) => ({
  // The parameter's name is in the environment; its value (the webhook URL) never is.
  webhookParameter: read.required(NOTIFIER_ENV.slackWebhookParameter),
  // Where the routing is: it is read at run time, so that an edit applies without a deploy.
  configBucket: read.required(NOTIFIER_ENV.configBucket),
  configKey: read.optional(
    NOTIFIER_ENV.notificationConfigKey,
    CONFIG_BUCKET_KEYS.notificationConfig,
  ),
  maxAttempts: read.integer(NOTIFIER_ENV.slackMaxAttempts, SLACK_MAX_ATTEMPTS.default, {
    min: SLACK_MAX_ATTEMPTS.min,
    max: SLACK_MAX_ATTEMPTS.max,
  }),
}));
const webhookUrl = webhookUrlLoader(ssm, webhookParameter);
// The container's one cache of the routing (`CONFIG_CACHE_TTL_SECONDS`).
const loadConfig = notificationConfigLoader(s3, configBucket, configKey);
const postOptions = { maxAttempts };

/**
 * EventBridge → Lambda (asynchronous): one violation event per invocation. A missing or invalid
 * routing object fails it, so the event is retried and then dead-lettered.
 */
export const handler = async (event: unknown): Promise<SlackResult> => {
  try {
    const config = await loadConfig();
    return await notifySlack(event, { webhookUrl, config, metrics, logger, postOptions });
  } finally {
    publishStoredMetrics(metrics);
  }
};
