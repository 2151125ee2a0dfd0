import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { awsClientConfig } from "../../shared/aws-client-config";
import { booleanEnv, ConfigError, optionalEnv, requireEnv } from "../../shared/env";
import { defaultCatalogue } from "./catalogue/catalogue";
import { s3ConfigLoader } from "./config-source";
import { detect, type DetectionResult } from "./detector";
import { iamPolicySource } from "./iam-policies";
import { runLocal } from "./local";
import type { DetectorMetricsSink } from "./metrics";
import { directPublisher, eventBridgePublisher, type ViolationPublisher } from "./publish";

const clientConfig = awsClientConfig();
// IAM is global: its endpoint lives in us-east-1 whatever the function's region.
const iam = new IAMClient({ ...clientConfig, region: "us-east-1" });
const s3 = new S3Client(clientConfig);
const events = new EventBridgeClient(clientConfig);
const sns = new SNSClient(clientConfig);
const sqs = new SQSClient(clientConfig);
const logger = new Logger({ serviceName: "policy-detector" });
// The PolicyResponders dashboard queries these with the `service` dimension only.
const metrics = new Metrics({
  namespace: optionalEnv(process.env, "METRICS_NAMESPACE", "IAMPolicyMonitor"),
  serviceName: "policy-detector",
});

function publisherFromEnv(
  env: NodeJS.ProcessEnv,
  metricsSink: DetectorMetricsSink,
): ViolationPublisher {
  if (booleanEnv(env, "USE_EVENTBRIDGE", true)) {
    return eventBridgePublisher(events, requireEnv(env, "EVENTBRIDGE_BUS_NAME"), metricsSink);
  }
  const topicArn = env.SNS_TOPIC_ARN?.trim() || undefined;
  const queueUrl = env.SQS_QUEUE_URL?.trim() || undefined;
  if (!topicArn && !queueUrl) {
    throw new ConfigError(
      "USE_EVENTBRIDGE is false but neither SNS_TOPIC_ARN nor SQS_QUEUE_URL is set",
    );
  }
  return directPublisher({ sns, topicArn, sqs, queueUrl }, metricsSink);
}

/**
 * EventBridge → CloudTrail IAM event. Throws (→ retries → DLQ) when it cannot publish; the metrics
 * are written either way.
 */
export const handler = async (event: unknown): Promise<DetectionResult> => {
  const env = process.env;
  try {
    return await detect(event, {
      loadConfig: s3ConfigLoader(
        s3,
        requireEnv(env, "RULES_BUCKET"),
        optionalEnv(env, "RULES_KEY", "rules.yaml"),
        optionalEnv(env, "SUPPRESS_KEY", "suppress.yaml"),
      ),
      policies: iamPolicySource(iam),
      catalogue: defaultCatalogue(),
      publisher: publisherFromEnv(env, metrics),
      now: () => new Date(),
      log: {
        info: (message, extra = {}) => logger.info(message, extra),
        warn: (message, extra = {}) => logger.warn(message, extra),
      },
      metrics,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};

/** `npm run invoke` without `--endpoint`: no AWS at all, see `local.ts`. */
export const local = (event: unknown, flags: Map<string, string[]>) => runLocal(event, flags);
