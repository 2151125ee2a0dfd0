import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
  POLICY_MONITOR_SERVICES,
} from "../../../contracts/policy-monitor";
import { awsClientConfig } from "../../shared/aws-client-config";
import { optionalEnv } from "../../shared/env";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { detectorConfigFromEnv, type DetectorDelivery } from "./config";
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

const config = detectorConfigFromEnv(env);

function publisherFor(
  delivery: DetectorDelivery,
  metricsSink: DetectorMetricsSink,
): ViolationPublisher {
  if (delivery.kind === "eventbridge") {
    return eventBridgePublisher(events, delivery.busName, metricsSink);
  }
  const { topicArn, queueUrl } = delivery;
  return directPublisher({ sns, topicArn, sqs, queueUrl }, metricsSink);
}

const deps: DetectorDeps = {
  loadConfig: s3ConfigLoader(s3, config.rulesBucket, config.rulesKey, config.suppressKey),
  policies: iamPolicySource(iam),
  // Built on the first event that has a document to judge, not during the function's init.
  get catalogue() {
    return defaultCatalogue();
  },
  publisher: publisherFor(config.delivery, metrics),
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
