import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  DEDUP_MARKER_PREFIX,
  DEFAULT_METRICS_NAMESPACE,
  DETECTOR_ENV,
  POLICY_MONITOR_SERVICES,
} from "../../../contracts/policy-monitor";
import { awsClientConfig } from "../../shared/aws-client-config";
import { publishStoredMetrics } from "../../shared/metrics";
import { optionalEnv } from "../../shared/env";
import { defaultCatalogue } from "../../../policy-pack/lib/iam/catalogue/catalogue";
import { detectorConfigFromEnv, type DetectorDelivery } from "./config";
import { detect, type DetectionResult, type DetectorDeps } from "./detector";
import {
  deferredDuplicateFilter,
  deferredLoader,
  deferredPolicySource,
  deferredPublisher,
  once,
} from "./deferred";
import type { DetectorMetricsSink } from "./metrics";
import type { ViolationPublisher } from "./publish";

const env = process.env;
const clientConfig = awsClientConfig();
const s3 = once(async () => new (await import("@aws-sdk/client-s3")).S3Client(clientConfig));
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.detector });
// The PolicyResponders dashboard queries these with the `service` dimension only.
const metrics = new Metrics({
  namespace: optionalEnv(env, DETECTOR_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.detector,
});

const config = detectorConfigFromEnv(env);

/**
 * The publisher of the delivery mode, loaded with its SDK clients on the first violation: most
 * events have none, and a cold start then loads neither EventBridge nor SNS and SQS.
 */
function publisherFor(
  delivery: DetectorDelivery,
  metricsSink: DetectorMetricsSink,
): ViolationPublisher {
  if (delivery.kind === "eventbridge") {
    return deferredPublisher(async () => {
      const [{ EventBridgeClient }, { eventBridgePublisher }] = await Promise.all([
        import("@aws-sdk/client-eventbridge"),
        import("./publish"),
      ]);
      return eventBridgePublisher(
        new EventBridgeClient(clientConfig),
        delivery.busName,
        metricsSink,
      );
    });
  }
  const { topicArn, queueUrl } = delivery;
  return deferredPublisher(async () => {
    const [{ SNSClient }, { SQSClient }, { directPublisher }] = await Promise.all([
      import("@aws-sdk/client-sns"),
      import("@aws-sdk/client-sqs"),
      import("./publish-direct"),
    ]);
    const sns = new SNSClient(clientConfig);
    const sqs = new SQSClient(clientConfig);
    return directPublisher({ sns, topicArn, sqs, queueUrl }, metricsSink);
  });
}

const deps: DetectorDeps = {
  loadConfig: deferredLoader(async () => {
    const { s3ConfigLoader } = await import("./config-source");
    return s3ConfigLoader(await s3(), config.rulesBucket, config.rulesKey, config.suppressKey);
  }),
  policies: deferredPolicySource(async () => {
    const [{ IAMClient }, { iamPolicySource }] = await Promise.all([
      import("@aws-sdk/client-iam"),
      import("./iam-policies"),
    ]);
    // IAM is global: its endpoint lives in us-east-1 whatever the function's region.
    return iamPolicySource(new IAMClient({ ...clientConfig, region: "us-east-1" }));
  }),
  // Built on the first event that has a document to judge, not during the function's init.
  get catalogue() {
    return defaultCatalogue();
  },
  publisher: publisherFor(config.delivery, metrics),
  ...(config.dedupWindowSeconds > 0
    ? {
        duplicates: deferredDuplicateFilter(async () => {
          const { s3DuplicateFilter } = await import("./dedup-s3");
          return s3DuplicateFilter(await s3(), {
            bucket: config.rulesBucket,
            prefix: DEDUP_MARKER_PREFIX,
            windowMs: config.dedupWindowSeconds * 1000,
            now: () => new Date(),
            onError: (error) =>
              logger.warn("Dedup marker store failed: publishing anyway", {
                error: error as Error,
              }),
          });
        }),
      }
    : {}),
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
    publishStoredMetrics(metrics);
  }
};
