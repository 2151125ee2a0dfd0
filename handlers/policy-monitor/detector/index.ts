import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  CONFIG_BUCKET_KEYS,
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
  POLICY_MONITOR_SERVICES,
} from "../../../contracts/policy-monitor";
import { awsClientConfig } from "../../shared/aws-client-config";
import { booleanEnv, ConfigError, optionalEnv, requireEnv } from "../../shared/env";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { s3ConfigLoader } from "./config-source";
import { detect, type DetectionResult, type DetectorDeps } from "./detector";
import { iamPolicySource } from "./iam-policies";
import type { DetectorMetricsSink } from "./metrics";
import { directPublisher, eventBridgePublisher, type ViolationPublisher } from "./publish";

const env = process.env;
const clientConfig = awsClientConfig();
// IAM is global: its endpoint lives in us-east-1 whatever the function's region.
const iam = new IAMClient({ ...clientConfig, region: "us-east-1" });
const s3 = new S3Client(clientConfig);
const events = new EventBridgeClient(clientConfig);
const sns = new SNSClient(clientConfig);
const sqs = new SQSClient(clientConfig);
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.detector });
// The PolicyResponders dashboard queries these with the `service` dimension only.
const metrics = new Metrics({
  namespace: optionalEnv(env, DETECTOR_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.detector,
});

function publisherFromEnv(metricsSink: DetectorMetricsSink): ViolationPublisher {
  if (booleanEnv(env, DETECTOR_ENV.useEventBridge, true)) {
    return eventBridgePublisher(
      events,
      requireEnv(env, DETECTOR_ENV.eventBridgeBusName),
      metricsSink,
    );
  }
  const topicArn = env[DETECTOR_ENV.snsTopicArn]?.trim() || undefined;
  const queueUrl = env[DETECTOR_ENV.sqsQueueUrl]?.trim() || undefined;
  if (!topicArn && !queueUrl) {
    throw new ConfigError(
      `${DETECTOR_ENV.useEventBridge} is false but neither ${DETECTOR_ENV.snsTopicArn} nor ${DETECTOR_ENV.sqsQueueUrl} is set`,
    );
  }
  return directPublisher({ sns, topicArn, sqs, queueUrl }, metricsSink);
}

const deps: DetectorDeps = {
  loadConfig: s3ConfigLoader(
    s3,
    requireEnv(env, DETECTOR_ENV.rulesBucket),
    optionalEnv(env, DETECTOR_ENV.rulesKey, CONFIG_BUCKET_KEYS.rules),
    optionalEnv(env, DETECTOR_ENV.suppressKey, CONFIG_BUCKET_KEYS.suppress),
  ),
  policies: iamPolicySource(iam),
  catalogue: defaultCatalogue(),
  publisher: publisherFromEnv(metrics),
  now: () => new Date(),
  log: {
    info: (message, extra = {}) => logger.info(message, extra),
    warn: (message, extra = {}) => logger.warn(message, extra),
  },
  metrics,
};

/**
 * EventBridge → CloudTrail IAM event. Throws (→ retries → DLQ) when it cannot publish; the metrics
 * are written either way.
 */
export const handler = async (event: unknown): Promise<DetectionResult> => {
  try {
    return await detect(event, deps);
  } finally {
    metrics.publishStoredMetrics();
  }
};
