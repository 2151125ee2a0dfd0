import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { awsClientConfig } from "../../shared/aws-client-config";
import { optionalEnv, requireEnv } from "../../shared/env";
import { auditViolation } from "./audit-writer";

const s3 = new S3Client(awsClientConfig());
const logger = new Logger({ serviceName: "policy-audit-writer" });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, "METRICS_NAMESPACE", "IAMPolicyMonitor"),
  serviceName: "policy-audit-writer",
});
const bucket = requireEnv(process.env, "AUDIT_BUCKET");

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown) => {
  try {
    return await auditViolation(event, { s3, bucket, metrics, logger, now: () => new Date() });
  } finally {
    metrics.publishStoredMetrics();
  }
};
