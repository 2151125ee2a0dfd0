import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  DEFAULT_METRICS_NAMESPACE,
  EMAILER_ENV,
  POLICY_MONITOR_SERVICES,
} from "../../../contracts/policy-monitor";
import { awsClientConfig } from "../../shared/aws-client-config";
import { publishStoredMetrics } from "../../shared/metrics";
import { optionalEnv, requireEnv } from "../../shared/env";
import { emailViolation } from "./emailer";

const sns = new SNSClient(awsClientConfig());
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.emailer });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, EMAILER_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.emailer,
});
const topicArn = requireEnv(process.env, EMAILER_ENV.emailTopicArn);

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown) => {
  try {
    return await emailViolation(event, { sns, topicArn, metrics, logger });
  } finally {
    publishStoredMetrics(metrics);
  }
};
