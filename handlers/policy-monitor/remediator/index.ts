import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import {
  DEFAULT_METRICS_NAMESPACE,
  POLICY_MONITOR_SERVICES,
  REMEDIATOR_ENV,
} from "../../../contracts/policy-monitor";
import { webhookUrlLoader } from "../shared/slack-client";
import { awsClientConfig } from "../../shared/aws-client-config";
import { optionalEnv } from "../../shared/env";
import { remediatorConfigFromEnv } from "./config";
import { parseRemediationBatch } from "./event";
import { slackOutcomeNotifier, snsOutcomeNotifier, type OutcomeNotifier } from "./notify";
import { ownRoleNameLoader } from "./own-role";
import { handleRemediationRecord, type RecordDeps } from "./record-handler";

const clientConfig = awsClientConfig();
const iam = new IAMClient(clientConfig);
const s3 = new S3Client(clientConfig);
const sns = new SNSClient(clientConfig);
const ssm = new SSMClient(clientConfig);
const sts = new STSClient(clientConfig);
const logger = new Logger({ serviceName: POLICY_MONITOR_SERVICES.remediator });
const metrics = new Metrics({
  namespace: optionalEnv(process.env, REMEDIATOR_ENV.metricsNamespace, DEFAULT_METRICS_NAMESPACE),
  serviceName: POLICY_MONITOR_SERVICES.remediator,
});
const config = remediatorConfigFromEnv(process.env);
const processor = new BatchProcessor(EventType.SQS);

const notifiers: OutcomeNotifier[] = [];
if (config.notificationTopicArn)
  notifiers.push(snsOutcomeNotifier(sns, config.notificationTopicArn));
if (config.slackWebhookParameter) {
  notifiers.push(slackOutcomeNotifier(webhookUrlLoader(ssm, config.slackWebhookParameter)));
}

const deps: RecordDeps = {
  iam,
  s3,
  config,
  ownRoleName: ownRoleNameLoader(sts),
  notifiers,
  metrics,
  logger,
  now: () => new Date(),
};
const recordHandler = async (record: SQSRecord) => handleRemediationRecord(record.body, deps);

/** SQS → Lambda: a batch of remediation messages; only the failed records are retried. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(parseRemediationBatch(event), recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
};
