import { S3Client } from "@aws-sdk/client-s3";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  AUDIT_WRITER_ENV,
  DEFAULT_METRICS_NAMESPACE,
  POLICY_MONITOR_SERVICES,
} from "../../../contracts/policy-monitor";
import { awsClientConfig } from "../../shared/aws-client-config";
import { publishStoredMetrics } from "../../shared/metrics";
import { optionalEnv, requireEnv } from "../../shared/env";
import { auditViolation } from "./audit-writer";

const s3 = new S3Client(awsClientConfig());
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.auditWriter });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, AUDIT_WRITER_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.auditWriter,
});
const bucket = requireEnv(process.env, AUDIT_WRITER_ENV.auditBucket);

/** EventBridge → Lambda (asynchronous): one violation event per invocation. */
export const handler = async (event: unknown) => {
  try {
    return await auditViolation(event, { s3, bucket, metrics, logger });
  } finally {
    publishStoredMetrics(metrics);
  }
};
