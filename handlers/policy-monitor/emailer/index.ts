import { SNSClient } from "@aws-sdk/client-sns";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { awsClientConfig } from "../../shared/aws-client-config";
import { optionalEnv, requireEnv } from "../../shared/env";
import { emailViolation } from "./emailer";

const sns = new SNSClient(awsClientConfig());
const logger = new Logger({ serviceName: "policy-emailer" });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, "METRICS_NAMESPACE", "IAMPolicyMonitor"),
  serviceName: "policy-emailer",
});
const topicArn = requireEnv(process.env, "EMAIL_TOPIC_ARN");

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown) => {
  try {
    return await emailViolation(event, { sns, topicArn, metrics, logger });
  } finally {
    metrics.publishStoredMetrics();
  }
};
